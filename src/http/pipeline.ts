// The one HTTP pipeline both vendor APIs use: every request of this package,
// REST or SOAP, goes through send(). Timeouts, the deadline, retries,
// Retry-After, size limits, the choice of HTTP client (node:http, or the
// caller's undici dispatcher for a proxy) and the mapping of client failures
// to typed errors are decided here and nowhere else.
import { IqError } from '../errors/IqError';
import { IqNetworkError } from '../errors/IqNetworkError';
import { IqTimeoutError } from '../errors/IqTimeoutError';
import { IqValidationError } from '../errors/IqValidationError';
import { Redactor } from '../errors/redact';
import { attemptChannel, isTraced, traced, type AttemptContext } from '../diagnostics/channels';
import { MAX_TIMER_MS, numberOption } from '../options';
import { abortError, sleep, type AbortContext } from './abort';
import { clearAlarm, setAlarm } from './alarm';
import { AttemptControl } from './attempt-control';
import { NodeHttpClient } from './client/node-http-client';
import { UndiciClient, checkDispatcher } from './client/undici-client';
import { interimAnswer, onStaleSocket, toTransportError, wasNotSent } from './failure';
import { readBody } from './read-body';
import { ResponseHeaders } from './response-headers';
import { backoffDelay, isRetryableStatus, parseRetryAfter, retryPolicy, type RetryPolicy } from './retry';
import type { HttpClient, HttpOptions, HttpRequest, HttpResponse, RawResponse } from './types';

const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = 'iq-integration';
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

interface Retry {
  reason: string;
  delayMs: number;
}

function contextOf(request: HttpRequest): AbortContext {
  return { operation: request.operation, request: { method: request.method, url: request.url } };
}

export class HttpPipeline {
  readonly timeoutMs: number;
  /** Bounds a whole call: every attempt and every wait between them. */
  readonly deadlineMs: number;
  readonly maxResponseBytes: number;
  readonly retry: RetryPolicy;
  private readonly client: HttpClient;

  /** `scrub` is the client's redactor: what the attempt channel publishes carries none of its secrets. */
  constructor(
    options: HttpOptions = {},
    private readonly scrub: Pick<Redactor, 'text' | 'error'> = new Redactor(() => []),
  ) {
    const ms = { above: 0, max: MAX_TIMER_MS, unit: 'milliseconds' };
    this.timeoutMs = numberOption(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs', ms);
    this.deadlineMs = numberOption(options.deadlineMs, Math.min(MAX_TIMER_MS, Math.max(60_000, 2 * this.timeoutMs)), 'deadlineMs', ms);
    this.maxResponseBytes = numberOption(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes', { above: 0, unit: 'bytes' });
    this.retry = retryPolicy(options.retry);
    const maxSockets = numberOption(options.maxSockets, undefined, 'maxSockets', { min: 1, max: 10_000, integer: true });
    this.client =
      options.dispatcher !== undefined ? this.dispatcherClient(options) : new NodeHttpClient({ ca: options.ca, maxSockets, agent: checkAgent(options) });
  }

  private dispatcherClient(options: HttpOptions): HttpClient {
    for (const other of ['ca', 'agent', 'maxSockets'] as const) {
      if (options[other] !== undefined) throw new IqValidationError(`give either ${other} or dispatcher: with a dispatcher, set it on the dispatcher`, other);
    }
    return new UndiciClient(checkDispatcher(options.dispatcher));
  }

  /** Sends a request, retrying where that is safe, within the deadline. Resolves with any HTTP status; callers map it. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    if (request.signal?.aborted) throw abortError(contextOf(request), request.signal);
    const deadline = Date.now() + this.deadlineMs;
    let staleReplayed = false;
    let retry: Retry | undefined;
    for (let retryNumber = 0, attempt = 1; ; retryNumber++, attempt++) {
      const canRetry = retryNumber < this.retry.retries;
      let delay: number;
      let reason: string;
      try {
        const response = await this.tracedAttempt(request, deadline, attempt, retry);
        if (!canRetry || !isRetryableStatus(response.status, request.idempotent)) return response;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined && retryAfter * 1000 > this.retry.maxRetryAfterMs) return response;
        delay = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(this.retry, retryNumber + 1);
        if (Date.now() + delay >= deadline) return response;
        reason = `HTTP ${response.status}`;
      } catch (error) {
        if (!(error instanceof IqNetworkError)) throw error;
        const notSent = wasNotSent(error);
        // A keep-alive socket the server had closed while idle: replayed at once, a single time, outside the
        // retry budget (so retries: 0 survives a server's idle close), and only where a replay is safe anyway:
        // a server that read the request and then dropped the connection looks the same from here.
        if (onStaleSocket(error) && request.idempotent && !staleReplayed) {
          staleReplayed = true;
          retryNumber--;
          retry = { reason: 'stale keep-alive socket', delayMs: 0 };
          continue;
        }
        delay = backoffDelay(this.retry, retryNumber + 1);
        if (!canRetry || !(request.idempotent || notSent) || Date.now() + delay >= deadline) throw error;
        reason = error.code ?? 'network error';
      }
      retry = { reason, delayMs: Math.round(delay) };
      await sleep(delay, request.signal, contextOf(request));
    }
  }

  /**
   * One attempt, told on the attempt channel to whoever listens, its errors then scrubbed of the
   * client's secrets (the client scrubs what reaches its caller; a subscriber sees errors before that).
   */
  private tracedAttempt(request: HttpRequest, deadline: number, attempt: number, retry: Retry | undefined): Promise<HttpResponse> {
    if (!isTraced(attemptChannel)) return this.attempt(request, deadline);
    const makeContext = (): AttemptContext => ({
      operation: request.operation,
      method: request.method,
      url: this.scrub.text(request.url),
      attempt,
      ...(retry && { retryReason: retry.reason, retryDelayMs: retry.delayMs }),
    });
    return traced(attemptChannel, makeContext, async (traceContext) => {
      const started = performance.now();
      try {
        const response = await this.attempt(request, deadline);
        if (traceContext) Object.assign(traceContext, { status: response.status, bytes: response.bytes, durationMs: performance.now() - started });
        return response;
      } catch (error) {
        const scrubbed = this.scrub.error(error);
        if (traceContext) Object.assign(traceContext, { status: scrubbed.status, durationMs: performance.now() - started });
        throw scrubbed;
      }
    });
  }

  private async attempt(request: HttpRequest, deadline: number): Promise<HttpResponse> {
    if (request.signal?.aborted) throw abortError(contextOf(request), request.signal);
    const left = deadline - Date.now();
    const byDeadline = left < this.timeoutMs;
    const control = new AttemptControl();
    let timedOut = false;
    const alarm = setAlarm(Math.max(0, Math.min(this.timeoutMs, left)), () => {
      timedOut = true;
      control.end();
    });
    const onCallerAbort = () => control.end();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      // The client settles as soon as the attempt is ended, whatever its connection does then.
      return await this.exchange(request, control);
    } catch (error) {
      if (request.signal?.aborted) throw abortError(contextOf(request), request.signal);
      if (timedOut) {
        const limit = byDeadline ? this.deadlineMs : this.timeoutMs;
        const what = byDeadline ? `did not finish within its deadline of ${limit} ms` : `timed out after ${limit} ms`;
        throw new IqTimeoutError(`${request.operation} ${what}`, { ...contextOf(request), timeoutMs: limit });
      }
      if (error instanceof IqError) throw error;
      throw toTransportError(error, request.operation, { method: request.method, url: request.url });
    } finally {
      clearAlarm(alarm);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private exchange(request: HttpRequest, control: AttemptControl): Promise<HttpResponse> {
    // Each attempt gets its own headers object (the HTTP client adds content-length to it).
    // gzip only: readBody unpacks it, and counts the unpacked size against the cap.
    const wire: HttpRequest = {
      method: request.method,
      url: request.url,
      headers: Object.assign({ 'user-agent': USER_AGENT, 'accept-encoding': 'gzip' }, request.headers),
      body: request.body,
      operation: request.operation,
      idempotent: request.idempotent,
    };
    return this.client.send(wire, control, (raw) => this.read(raw, request));
  }

  /** The answer whose head has come: its body read within the size cap and decoded. */
  private read(raw: RawResponse, request: HttpRequest): Promise<HttpResponse> {
    if (raw.status < 200) {
      // An interim status (101 without Upgrade, say) given as the final answer.
      raw.body.destroy();
      return Promise.reject(toTransportError(interimAnswer(raw.status), request.operation, { method: request.method, url: request.url }));
    }
    return readBody(raw, new ResponseHeaders(raw.headers), this.maxResponseBytes, request);
  }
}

function checkAgent(options: HttpOptions): HttpOptions['agent'] {
  const agent = options.agent;
  if (agent === undefined) return undefined;
  if (agent === null || typeof agent !== 'object' || typeof (agent as { addRequest?: unknown }).addRequest !== 'function') {
    throw new IqValidationError('agent must be an http.Agent or https.Agent', 'agent');
  }
  for (const other of ['ca', 'maxSockets'] as const) {
    if (options[other] !== undefined) throw new IqValidationError(`give either ${other} or agent: with an agent, set it on the agent`, other);
  }
  return agent;
}
