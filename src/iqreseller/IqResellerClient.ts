import { IqAuthError } from '../errors/IqAuthError';
import { IqProtocolError } from '../errors/IqProtocolError';
import { IqValidationError } from '../errors/IqValidationError';
import { MIN_SECRET_LENGTH, Redactor } from '../errors/redact';
import { checkUrl } from '../http/endpoint';
import { MAX_TIMER_MS, numberOption } from '../options';
import { HttpPipeline } from '../http/pipeline';
import { statusError } from '../http/status-error';
import type { HttpRequest, HttpResponse } from '../http/types';
import { operationChannel, traced, type OperationContext } from '../diagnostics/channels';
import { readAnswer } from './answer';
import { buildCallRequest, checkFilter, operationOf } from './call-request';
import { normalize } from './normalize';
import { openSessions, tokenRefusal, type SessionManager } from './session';
import type { Send, Tell, VendorSessions } from './session/vendor';
import { paginate } from './sync/walk';
import type { CallRequest, Cv, IqResellerOptions, PaginateOptions } from './types';

export const DEFAULT_SIGNIN_URL = 'https://signin.iqreseller.com';
export const DEFAULT_API_URL = 'https://api.iqreseller.com';

function checkApiKey(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new IqValidationError('apiKey is required: the key of an IQ Reseller API user', 'apiKey');
  }
  if (/[\s\u0000-\u001f\u007f]/.test(value)) throw new IqValidationError('apiKey must not contain whitespace or control characters', 'apiKey');
  if (value.length < MIN_SECRET_LENGTH) throw new IqValidationError(`apiKey is too short to be a key (fewer than ${MIN_SECRET_LENGTH} characters)`, 'apiKey');
  return value;
}

/**
 * IQ Reseller's REST API with the session managed for you: created on first
 * use, shared by concurrent calls (and by a fleet, through a sessionStore),
 * refreshed once when it expires, ended by close() (or endSharedSession()).
 */
export class IqResellerClient {
  readonly signinUrl: string;
  readonly apiUrl: string;
  readonly #session: SessionManager;
  readonly #vendor: VendorSessions;
  /** The pipeline, behind the maxConcurrent budget when there is one. */
  readonly #send: Send;
  readonly #tell: Tell;
  readonly #redactor: Redactor;
  /** Calls under way, and what close() waits on for them to settle. */
  #active = 0;
  #drained?: () => void;
  #closing?: Promise<void>;
  /** Set once close() has settled: later calls resolve, even if ending the session failed. */
  #closed = false;

  constructor(options: IqResellerOptions) {
    const early = new Redactor(() => [options?.apiKey]);
    try {
      if (options === null || typeof options !== 'object') throw new IqValidationError('IqResellerClient needs an options object with apiKey', 'options');
      const apiKey = checkApiKey(options.apiKey);
      const insecure = options.allowInsecureHttp === true;
      this.signinUrl = checkUrl(options.signinUrl ?? DEFAULT_SIGNIN_URL, 'signinUrl', insecure).href.replace(/\/+$/, '');
      this.apiUrl = checkUrl(options.apiUrl ?? DEFAULT_API_URL, 'apiUrl', insecure).href.replace(/\/+$/, '');
      const maxSessionAgeMs = numberOption(options.maxSessionAgeMs, undefined, 'maxSessionAgeMs', { above: 0, max: MAX_TIMER_MS, unit: 'milliseconds' });
      const pipeline = new HttpPipeline(options, { text: (t) => this.#redactor.text(t), error: (e) => this.#redactor.error(e) });
      const sessions = openSessions({ ...options, maxSessionAgeMs, signinUrl: this.signinUrl, apiKey, pipeline });
      this.#session = sessions.manager;
      this.#vendor = sessions.vendor;
      this.#send = sessions.send;
      this.#tell = sessions.tell;
      this.#redactor = new Redactor(() => [apiKey, ...sessions.tokens]);
    } catch (error) {
      throw early.error(error);
    }
  }

  /** Sessions this client has created so far. */
  get sessionsCreated(): number {
    return this.#vendor.created;
  }

  /** Any `webapi.svc/{Module}/{JSON|XML}/{Operation}` endpoint, or any other `webapi.svc/` path; resolves to the parsed answer. */
  call<T = unknown>(request: CallRequest): Promise<T> {
    return this.#track(operationOf(request), async () => {
      const answer = await this.#call(request);
      return (request.normalize === true ? normalize(answer) : answer) as T;
    });
  }

  /** `POST CV/json/GetCVs`: the CVs, with every field the vendor sent. */
  getCVs(filter?: Record<string, unknown>, options: { signal?: AbortSignal } = {}): Promise<Cv[]> {
    return this.#track(
      'CV/GetCVs',
      () =>
        this.#call(
          { module: 'CV', operation: 'GetCVs', method: 'POST', body: checkFilter(filter), idempotent: true, signal: options.signal },
          'CVs',
        ) as Promise<Cv[]>,
    );
  }

  /**
   * Every record of a Page/PageSize list, page after page, paced; a failing page is read again in
   * smaller pages, so only unreadable records are left out, and said so (IqGapError, or onGap).
   * Resumable from the cursor handed to onPage. See docs/sync.md.
   */
  paginate<T = Record<string, unknown>>(options: PaginateOptions): AsyncGenerator<T, void, undefined> {
    const redactor = this.#redactor;
    // Each read is traced as a page of the walk (its Page and PageSize on the operation channel).
    const read = (request: CallRequest) => {
      const paging = (request.method === 'POST' ? request.body : request.query) as { Page?: number; PageSize?: number } | undefined;
      return this.#track(operationOf(request), () => this.#call(request), { page: paging?.Page, pageSize: paging?.PageSize });
    };
    const pages = paginate<T>(read, options);
    // Errors from call() are already scrubbed; paging's own (validation) are scrubbed here.
    return (async function* () {
      try {
        yield* pages;
      } catch (error) {
        throw redactor.error(error);
      }
    })();
  }

  /**
   * Waits for calls in flight and for the ends of aged sessions, then ends the session. Safe to
   * call twice; calls after it are refused. A failed end is reported once, by the first close():
   * the ones after it resolve. With a sessionStore this member only leaves: the shared session
   * stays for the others (endSharedSession() ends it).
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closing ??= (async () => {
      if (this.#active > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
      try {
        await this.#session.end();
      } catch (error) {
        throw this.#redactor.error(error);
      } finally {
        this.#closed = true;
      }
    })();
    return this.#closing;
  }

  /**
   * Ends the session for every instance that shares it through the sessionStore (without one:
   * this client's session). A later call starts a new session; it may be called after close().
   */
  async endSharedSession(): Promise<void> {
    try {
      await this.#session.endShared();
    } catch (error) {
      throw this.#redactor.error(error);
    }
  }

  /** `await using iq = new IqResellerClient(...)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Runs a public call: counted for close(), told on the operation channel, its errors scrubbed. */
  #track<T>(operation: string, run: () => Promise<T>, page?: Pick<OperationContext, 'page' | 'pageSize'>): Promise<T> {
    if (this.#closing) return Promise.reject(new IqValidationError('the IqResellerClient is closed', 'client'));
    this.#active++;
    return traced(
      operationChannel,
      (): OperationContext => ({ operation, api: 'reseller', ...page }),
      async (context) => {
        try {
          const result = await run();
          if (context && Array.isArray(result)) context.items = result.length;
          return result;
        } catch (error) {
          throw this.#redactor.error(error);
        } finally {
          if (--this.#active === 0) this.#drained?.();
        }
      },
    );
  }

  /** The operations a session was refused for while fresh, so that their later refusals renew nothing. */
  #refusedWhileFresh?: { token: string; operations: Set<string> };

  /** `list`: what the answer must be a list of (its name for the error), where the operation answers one. */
  async #call(call: CallRequest, list?: string): Promise<unknown> {
    const { request, format } = buildCallRequest(this.apiUrl, call);
    // One request object for the call: the pipeline copies its headers for each attempt it sends.
    const send = (token: string) => {
      request.headers['iqr-session-token'] = token;
      return this.#send(request);
    };
    // The caller's signal ends its own wait for the session at once; a shared creation goes on for the others.
    const waiter = { signal: request.signal, operation: request.operation, request: { method: request.method, url: request.url } };
    const warm = this.#session.token(waiter);
    const token = typeof warm === 'string' ? warm : await warm;
    let response = await send(token);
    const refused = tokenRefusal(response);
    if (refused) {
      // A token already refused for this operation while fresh: the refusal is not the session's (the API
      // user may lack the rights), and another new session would only be refused too, and left open.
      if (this.#refusedWhileFresh?.token === token && this.#refusedWhileFresh.operations.has(request.operation)) {
        throw refusedAfterRefresh(response, request, 'was refused again with a session that was already refused for it while fresh');
      }
      // One refresh, shared by every call that saw this token expire, and one replay.
      this.#tell('expired', refused);
      const fresh = await this.#session.refresh(token, waiter, refused);
      response = await send(fresh);
      if (tokenRefusal(response)) {
        if (this.#refusedWhileFresh?.token !== fresh) this.#refusedWhileFresh = { token: fresh, operations: new Set() };
        this.#refusedWhileFresh.operations.add(request.operation);
        throw refusedAfterRefresh(response, request, 'was refused after a fresh session');
      }
    }
    const answer = readAnswer(response, request, format);
    if (list !== undefined && !Array.isArray(answer)) {
      throw new IqProtocolError(`${request.operation} failed: the answer is not a list of ${list}`, { operation: request.operation });
    }
    return answer;
  }
}

/** The vendor refused a call whatever the session: not a session to renew, but an IqAuthError for the caller. */
function refusedAfterRefresh(response: HttpResponse, request: HttpRequest, what: string): IqAuthError {
  const error = statusError(response, request);
  return new IqAuthError(`${request.operation} ${what} (HTTP ${response.status})${error.vendorMessage ? `: ${error.vendorMessage}` : ''}`, {
    status: response.status,
    operation: request.operation,
    request: { method: request.method, url: request.url },
    vendorMessage: error.vendorMessage,
  });
}
