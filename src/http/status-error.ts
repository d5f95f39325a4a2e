import { IqAuthError } from '../errors/IqAuthError';
import { IqHttpError, type IqHttpErrorDetails } from '../errors/IqHttpError';
import { IqNotFoundError } from '../errors/IqNotFoundError';
import { decodeEntities } from '../xml/entities';
import { parseRetryAfter } from './retry';
import type { HttpRequest, HttpResponse } from './types';

/** A readable message from an error body: JSON `Message`/`message`, or an HTML page's title. */
export function vendorMessageOf(body: string): string | undefined {
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const message = json.Message ?? json.message ?? json.error;
      if (typeof message === 'string' && message.trim()) return message.trim();
    } catch {
      return undefined;
    }
    return undefined;
  }
  const title = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(text)?.[1];
  // Decoded, so the text reads right and a secret in it is recognised by the redactor.
  return title ? decodeEntities(title).replace(/\s+/g, ' ').trim() || undefined : undefined;
}

/** What an error about an answer says of it: the operation, the status, and the request's method and URL (never its headers). */
export function answerContext(response: Pick<HttpResponse, 'status'>, request: Pick<HttpRequest, 'method' | 'url' | 'operation'>) {
  return { operation: request.operation, status: response.status, request: { method: request.method, url: request.url } };
}

export function statusError(
  response: HttpResponse,
  request: Pick<HttpRequest, 'method' | 'url' | 'operation'>,
  vendorMessage = vendorMessageOf(response.body),
): IqHttpError {
  const details: IqHttpErrorDetails = {
    status: response.status,
    operation: request.operation,
    request: { method: request.method, url: request.url },
    vendorMessage,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  };
  const said = vendorMessage ? `: ${vendorMessage}` : '';
  const message = `${request.operation} failed with HTTP ${response.status}${said}`;
  if (response.status === 401) return new IqAuthError(message, details);
  if (response.status === 404) return new IqNotFoundError(message, details);
  return new IqHttpError(message, details);
}

/** The one 2xx check of the package. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** Throws the typed error for any answer that is not 2xx. */
export function throwForStatus(response: HttpResponse, request: Pick<HttpRequest, 'method' | 'url' | 'operation'>): void {
  if (!isSuccess(response.status)) throw statusError(response, request);
}
