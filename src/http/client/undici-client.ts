// The HTTP client for a caller's undici Dispatcher (a ProxyAgent for a
// corporate proxy, an Agent with a CA): its own request() API, so no copy of
// undici is loaded here and any major version the caller has installed works.
import { IqValidationError } from '../../errors/IqValidationError';
import { ATTEMPT_ENDED } from '../attempt-control';
import type { AttemptEnd, HttpClient, HttpRequest, RawHeaders, RawResponse } from '../types';

/** The part of undici's Dispatcher this package uses. */
export interface UndiciDispatcher {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  }): Promise<{ statusCode: number; headers: RawHeaders; body: RawResponse['body'] }>;
}

export function checkDispatcher(value: unknown): UndiciDispatcher {
  if (value === null || typeof value !== 'object' || typeof (value as UndiciDispatcher).request !== 'function') {
    throw new IqValidationError('dispatcher must be an undici Dispatcher (Agent, ProxyAgent, ...)', 'dispatcher');
  }
  return value as UndiciDispatcher;
}

export class UndiciClient implements HttpClient {
  constructor(private readonly dispatcher: UndiciDispatcher) {}

  send<T>(request: HttpRequest, end: AttemptEnd, read: (answer: RawResponse) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Settles when the attempt is ended, even if the dispatcher does not (a 101 it cannot hand over, say).
      end.onEnd(() => reject(ATTEMPT_ENDED));
      this.exchange(request, end, read).then(resolve, reject);
    });
  }

  private async exchange<T>(request: HttpRequest, end: AttemptEnd, read: (answer: RawResponse) => Promise<T>): Promise<T> {
    const url = new URL(request.url);
    const response = await this.dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: end.signal,
    });
    return read({ status: response.statusCode, headers: response.headers, body: response.body });
  }
}
