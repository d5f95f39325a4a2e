// The one HTTP pipeline both vendor APIs use: every request of this package,
// REST or SOAP, goes through send(). Timeouts, retries, Retry-After, size
// limits, the choice of transport (node:http, or the caller's undici
// dispatcher for a proxy) and the mapping of transport failures to typed
// errors are decided here and nowhere else.
import { IqAbortError } from '../errors/IqAbortError';
import { IqError } from '../errors/IqError';
import { IqNetworkError } from '../errors/IqNetworkError';
import { IqTimeoutError } from '../errors/IqTimeoutError';
import { IqValidationError } from '../errors/IqValidationError';
import { toNetworkError } from './network-error';
import { readBody } from './read-body';
import { ResponseHeaders } from './response-headers';
import { NodeHttpTransport } from './transport/node-http';
import type { Transport } from './transport/types';
import { UndiciDispatcherTransport, checkDispatcher } from './transport/undici-dispatcher';
import { RETRYABLE_STATUSES, backoffDelay, parseRetryAfter, retryPolicy, type RetryPolicy } from './retry';
import type { HttpOptions, HttpRequest, HttpResponse } from './types';

const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = 'iq-integration';
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new IqValidationError(`${field} must be a positive number of milliseconds or bytes`, field);
  }
  return value;
}

export class HttpPipeline {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retry: RetryPolicy;
  private readonly transport: Transport;

  constructor(options: HttpOptions = {}) {
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxResponseBytes = positive(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes');
    this.retry = retryPolicy(options.retry);
    if (options.dispatcher !== undefined && options.ca !== undefined) {
      throw new IqValidationError('give either ca or dispatcher: with a dispatcher, set the CA on it (connect: { ca })', 'ca');
    }
    this.transport = options.dispatcher !== undefined ? new UndiciDispatcherTransport(checkDispatcher(options.dispatcher)) : new NodeHttpTransport(options.ca);
  }

  /** Sends a request, retrying where that is safe. Resolves with any HTTP status; callers map it. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    for (let retryNumber = 0; ; retryNumber++) {
      const canRetry = retryNumber < this.retry.retries;
      let delay: number;
      try {
        const response = await this.attempt(request);
        if (!canRetry || !request.idempotent || !RETRYABLE_STATUSES.has(response.status)) return response;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined && retryAfter * 1000 > this.retry.maxRetryAfterMs) return response;
        delay = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(this.retry, retryNumber + 1);
      } catch (error) {
        // A refused connection never reached the server: safe to replay for any request.
        const replayable = request.idempotent || (error as IqNetworkError).code === 'ECONNREFUSED';
        if (!canRetry || !(error instanceof IqNetworkError) || !replayable) throw error;
        delay = backoffDelay(this.retry, retryNumber + 1);
      }
      await sleep(delay, request);
    }
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse> {
    const info = { method: request.method, url: request.url };
    if (request.signal?.aborted) throw abortError(request);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      // gzip only: readBody unpacks it, and counts the unpacked size against the cap.
      const wire = { ...request, headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'gzip', ...request.headers } };
      const raw = await this.transport.send(wire, controller.signal);
      const headers = new ResponseHeaders(raw.headers);
      const body = await readBody(raw, headers, this.maxResponseBytes, request);
      return { status: raw.status, headers, body, url: request.url };
    } catch (error) {
      if (request.signal?.aborted) throw abortError(request);
      if (timedOut) {
        throw new IqTimeoutError(`${request.operation} timed out after ${this.timeoutMs} ms`, {
          operation: request.operation,
          request: info,
          timeoutMs: this.timeoutMs,
        });
      }
      if (error instanceof IqError) throw error;
      throw toNetworkError(error, request.operation, info);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

function abortError(request: HttpRequest): IqAbortError {
  return new IqAbortError(`${request.operation} was aborted by the caller`, {
    operation: request.operation,
    request: { method: request.method, url: request.url },
  });
}

function sleep(ms: number, request: HttpRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(request));
    };
    const timer = setTimeout(() => {
      request.signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    request.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
