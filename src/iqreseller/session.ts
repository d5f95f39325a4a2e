// Where the IQ Reseller session lives: created on first use, shared by every
// concurrent call (one creation in flight at a time), refreshed once per
// expired token however many calls saw it expire, renewed by age, ended on close.
// A creation shared by many callers is bounded by the pipeline's timeout, not
// by one caller's AbortSignal, so one caller giving up fails no other.
import { IqAuthError } from '../errors/IqAuthError';
import { IqProtocolError } from '../errors/IqProtocolError';
import type { HttpPipeline } from '../http/pipeline';
import { statusError, vendorMessageOf } from '../http/status-error';
import type { HttpRequest } from '../http/types';

export const SESSION_PATH = '/api/IntegrationAPI/Session';
const KEPT_TOKENS = 8;

interface Session {
  token: string;
  createdAt: number;
}

export class SessionManager {
  #current?: Session;
  #creating?: Promise<Session>;
  /** Recent tokens, so errors can be scrubbed of any of them. */
  readonly #recent: string[] = [];
  sessionsCreated = 0;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly pipeline: HttpPipeline,
    private readonly maxAgeMs?: number,
    private readonly now: () => number = Date.now,
  ) {}

  get tokens(): readonly string[] {
    return this.#recent;
  }

  /** The live token, creating a session if there is none or it is too old. */
  async token(): Promise<string> {
    const current = this.#current;
    if (current && (this.maxAgeMs === undefined || this.now() - current.createdAt < this.maxAgeMs)) return current.token;
    return (await this.#create(current)).token;
  }

  /** Called by every call that got 401 with `stale`: the first one creates the new session, the rest share it. */
  async refresh(stale: string): Promise<string> {
    const current = this.#current;
    if (current && current.token !== stale) return current.token;
    // The stale session is already dead at the vendor: nothing to end.
    return (await this.#create(undefined)).token;
  }

  /** Ends the session, if there is one. Safe to call again. */
  async end(): Promise<void> {
    const pending = this.#creating;
    if (pending) await pending.catch(() => undefined);
    const session = this.#current;
    this.#current = undefined;
    if (session) await this.#delete(session.token);
  }

  /** `aged`: a session still live at the vendor but past maxSessionAgeMs, ended once replaced. */
  #create(aged: Session | undefined): Promise<Session> {
    this.#creating ??= this.#post()
      .then((session) => {
        this.#current = session;
        this.sessionsCreated++;
        this.#recent.push(session.token);
        if (this.#recent.length > KEPT_TOKENS) this.#recent.shift();
        if (aged) void this.#delete(aged.token).catch(() => undefined);
        return session;
      })
      .finally(() => {
        this.#creating = undefined;
      });
    return this.#creating;
  }

  async #post(): Promise<Session> {
    const request: HttpRequest = {
      method: 'POST',
      url: this.url,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-encoding': 'UTF8' },
      body: JSON.stringify({ APIToken: this.apiKey }),
      operation: 'CreateSession',
      idempotent: true,
    };
    const response = await this.pipeline.send(request);
    if (response.status === 401) {
      const vendorMessage = vendorMessageOf(response.body);
      throw new IqAuthError(`IQ Reseller refused the API key (HTTP 401)${vendorMessage ? `: ${vendorMessage}` : ''}`, {
        status: 401,
        operation: request.operation,
        request: { method: request.method, url: request.url },
        vendorMessage,
      });
    }
    if (response.status < 200 || response.status > 299) throw statusError(response, request);
    let token: unknown;
    try {
      token = (JSON.parse(response.body) as { Data?: unknown }).Data;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
      throw new IqProtocolError('CreateSession failed: the answer holds no session token in "Data"', {
        operation: request.operation,
        status: response.status,
        request: { method: request.method, url: request.url },
      });
    }
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
