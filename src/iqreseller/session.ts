// Where the IQ Reseller session lives: created on first use, shared by every
// concurrent call (one creation in flight at a time), refreshed once per
// expired token however many calls saw it expire, renewed by age, ended on close.
// A creation shared by many callers is bounded by the pipeline's timeout, not
// by one caller's AbortSignal: a caller that gives up is released at once, and
// the creation goes on for the others.
import { IqAuthError } from '../errors/IqAuthError';
import { IqProtocolError } from '../errors/IqProtocolError';
import { MIN_SECRET_LENGTH } from '../errors/redact';
import { raceAbort, throwIfAborted, type AbortContext } from '../http/abort';
import type { HttpPipeline } from '../http/pipeline';
import { statusError, vendorMessageOf } from '../http/status-error';
import type { HttpRequest, HttpResponse } from '../http/types';

export const SESSION_PATH = '/api/IntegrationAPI/Session';

/**
 * The vendor's answer to the token of an ended session: 404 with a JSON message that starts
 * "Session not found" (webapi.svc `{code,message}`; the sign-in host's `{Message}` adds a period).
 * Any other 404 (an unknown operation, even one whose name holds "Session") is not about the token.
 */
const ENDED_SESSION_MESSAGE = /^session not found\b/i;

/** True when the vendor refused the token itself: 401, or the 404 of an ended session. */
export function isRefusedToken(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  if (response.status !== 404 || !response.body.trim().startsWith('{')) return false;
  return ENDED_SESSION_MESSAGE.test(vendorMessageOf(response.body) ?? '');
}

/** The caller's signal and what its abort error names: each wait for the session takes one. */
export interface Waiter extends AbortContext {
  signal?: AbortSignal;
}

interface Session {
  token: string;
  createdAt: number;
}

export class SessionManager {
  #current?: Session;
  #creating?: Promise<Session>;
  /** Every token this manager was ever given: one whose DELETE failed may still be live, so errors are scrubbed of all of them. */
  readonly #known = new Set<string>();
  /** Ends of aged sessions still under way: close() waits for them. */
  readonly #ending = new Set<Promise<void>>();
  sessionsCreated = 0;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly pipeline: HttpPipeline,
    private readonly maxAgeMs?: number,
    private readonly now: () => number = Date.now,
  ) {}

  get tokens(): ReadonlySet<string> {
    return this.#known;
  }

  /** The live token, creating a session if there is none or it is too old. */
  async token(waiter: Waiter): Promise<string> {
    throwIfAborted(waiter.signal, waiter);
    const current = this.#current;
    if (current && (this.maxAgeMs === undefined || this.now() - current.createdAt < this.maxAgeMs)) return current.token;
    return (await raceAbort(this.#create(current), waiter.signal, waiter)).token;
  }

  /** Called by every call that saw `stale` refused: the first one creates the new session, the rest share it. */
  async refresh(stale: string, waiter: Waiter): Promise<string> {
    throwIfAborted(waiter.signal, waiter);
    const current = this.#current;
    if (current && current.token !== stale) return current.token;
    // The stale session is already dead at the vendor: nothing to end.
    return (await raceAbort(this.#create(undefined), waiter.signal, waiter)).token;
  }

  /** Ends the session, if there is one, after the ends of aged sessions under way. Safe to call again. */
  async end(): Promise<void> {
    const pending = this.#creating;
    if (pending) await pending.catch(() => undefined);
    const session = this.#current;
    this.#current = undefined;
    const ending = [...this.#ending];
    const last = session ? this.#delete(session.token) : Promise.resolve();
    // An aged session that could not be ended runs out at the vendor; only the current one's failure is reported.
    await Promise.allSettled(ending);
    await last;
  }

  /** `aged`: a session still live at the vendor but past maxSessionAgeMs, ended once replaced. */
  #create(aged: Session | undefined): Promise<Session> {
    this.#creating ??= this.#post()
      .then((session) => {
        this.#current = session;
        this.sessionsCreated++;
        if (aged) this.#endAged(aged.token);
        return session;
      })
      .finally(() => {
        this.#creating = undefined;
      });
    return this.#creating;
  }

  #endAged(token: string): void {
    const ending = this.#delete(token).catch(() => undefined);
    this.#ending.add(ending);
    void ending.then(() => this.#ending.delete(ending));
  }

  async #post(): Promise<Session> {
    const request: HttpRequest = {
      method: 'POST',
      url: this.url,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-encoding': 'UTF8' },
      body: JSON.stringify({ APIToken: this.apiKey }),
      operation: 'CreateSession',
      // A POST that reached the vendor opened a session: replaying it would leave an orphan. The
      // pipeline still replays what surely did not arrive (a refused connection, a stale keep-alive
      // socket, 408 and 429).
      idempotent: false,
    };
    const response = await this.pipeline.send(request);
    const context = { operation: request.operation, status: response.status, request: { method: request.method, url: request.url } };
    if (response.status === 401) {
      const vendorMessage = vendorMessageOf(response.body);
      throw new IqAuthError(`IQ Reseller refused the API key (HTTP 401)${vendorMessage ? `: ${vendorMessage}` : ''}`, { ...context, vendorMessage });
    }
    if (response.status < 200 || response.status > 299) throw statusError(response, request);
    let token: unknown;
    try {
      token = (JSON.parse(response.body) as { Data?: unknown }).Data;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
      throw new IqProtocolError('CreateSession failed: the answer holds no session token in "Data"', context);
    }
    if (token.length < MIN_SECRET_LENGTH) {
      // Redacting a token this short would blank out ordinary text (every "E" of an error code).
      throw new IqProtocolError(`CreateSession failed: the session token is shorter than ${MIN_SECRET_LENGTH} characters`, context);
    }
    this.#known.add(token);
    return { token, createdAt: this.now() };
  }

  async #delete(token: string): Promise<void> {
    const request: HttpRequest = {
      method: 'DELETE',
      url: this.url,
      headers: { 'content-type': 'application/json', 'content-encoding': 'UTF8', authorization: `Bearer ${token}` },
      operation: 'EndSession',
      idempotent: true,
    };
    const response = await this.pipeline.send(request);
    // 401/404: the vendor already considers it gone (expired or ended), which is what we wanted.
    if (response.status === 401 || response.status === 404) return;
    if (response.status < 200 || response.status > 299) throw statusError(response, request);
  }
}
