// SSORequest in the ASMX JSON form: POST {url}/SSORequest {"input":{…}} -> {"d":{…}}.
import { IqFaultError } from '../../errors/IqFaultError';
import { IqProtocolError } from '../../errors/IqProtocolError';
import { parseMediaType } from '../../http/media-type';
import type { HttpPipeline } from '../../http/pipeline';
import { answerContext, statusError } from '../../http/status-error';
import type { HttpRequest, HttpResponse } from '../../http/types';
import { SSO_OPERATION, type SsoTransport, type WireSsoInput } from './transport';

export class JsonSsoTransport implements SsoTransport {
  private readonly url: string;

  constructor(
    endpoint: string,
    private readonly pipeline: HttpPipeline,
  ) {
    const url = new URL(endpoint);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${SSO_OPERATION}`;
    this.url = url.href;
  }

  async send(input: WireSsoInput, signal?: AbortSignal): Promise<unknown> {
    const request: HttpRequest = {
      method: 'POST',
      url: this.url,
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify({ input }),
      operation: SSO_OPERATION,
      idempotent: true,
      signal,
    };
    return readAnswer(await this.pipeline.send(request), request);
  }
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function readAnswer(response: HttpResponse, request: HttpRequest): unknown {
  const isJson = parseMediaType(response.headers.get('content-type')).type === 'application/json';
  const json = isJson ? parse(response.body) : undefined;
  // ASMX reports exceptions as HTTP 500 {"Message","StackTrace","ExceptionType"}.
  if (response.status < 200 || response.status > 299) {
    const fault = json as { Message?: unknown; ExceptionType?: unknown } | undefined;
    if (fault && typeof fault.Message === 'string') {
      // Quoted whole: the client's redactor scrubs, then cuts.
      throw new IqFaultError(
        `${request.operation} failed: the service raised ${typeof fault.ExceptionType === 'string' ? fault.ExceptionType : 'an exception'}: ${fault.Message}`,
        {
          ...answerContext(response, request),
          faultCode: typeof fault.ExceptionType === 'string' ? fault.ExceptionType : undefined,
          faultString: fault.Message,
        },
      );
    }
    throw statusError(response, request);
  }
  if (!isJson)
    throw new IqProtocolError(
      `${request.operation} failed: expected JSON, got ${response.headers.get('content-type') ?? 'no content type'} (HTTP ${response.status})`,
      answerContext(response, request),
    );
  if (json === undefined) throw new IqProtocolError(`${request.operation} failed: the JSON answer is truncated or invalid`, answerContext(response, request));
  const d = (json as { d?: unknown } | null)?.d;
  if (d === null || typeof d !== 'object')
    throw new IqProtocolError(`${request.operation} failed: the JSON answer has no "d" object`, answerContext(response, request));
  return d;
}
