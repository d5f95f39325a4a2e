// The vendor's session endpoint: POST creates a session (the API key in the
// body, the token in `Data`), DELETE with the token as bearer ends it.
import { IqAuthError } from '../../errors/IqAuthError';
import { IqProtocolError } from '../../errors/IqProtocolError';
import { MIN_SECRET_LENGTH } from '../../errors/redact';
import { answerContext, statusError, vendorMessageOf } from '../../http/status-error';
import type { SessionEventName } from '../../diagnostics/channels';
import type { HttpRequest, HttpResponse } from '../../http/types';

export const SESSION_PATH = '/api/IntegrationAPI/Session';

export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/** Publishes a session event (iq-integration:session); `reason` tells why, never a secret. */
export type Tell = (event: SessionEventName, reason?: string) => void;

/** A session as this process holds it. `id` is the shared store's id: a session without one is this process's alone. */
export interface Session {
  token: string;
  createdAt: number;
  id?: string;
}

/** Whether a token is one a header can carry and errors can be scrubbed of: printable ASCII, at least MIN_SECRET_LENGTH long. */
export function tokenProblem(token: unknown): string | undefined {
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) return 'holds no session token in "Data"';
  // Redacting a token this short would blank out ordinary text (every "E" of an error code).
  if (token.length < MIN_SECRET_LENGTH) return `holds a session token shorter than ${MIN_SECRET_LENGTH} characters`;
  return undefined;
}

export class VendorSessions {
  /** Sessions this process has created. */
  created = 0;
  /** Ends started in the background (aged or replaced sessions): close() waits for them. */
  readonly #ending = new Set<Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly send: Send,
    /** Every token ever seen, for the redactor: a token whose DELETE failed may still be live. */
    private readonly known: Set<string>,
    private readonly tell: Tell,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers a token from elsewhere (the shared store), after the same checks as a sign-in's. */
  learn(token: string): void {
    this.known.add(token);
  }

  /** A new session at the vendor; `reason` goes with the `created` event (whom it is for). */
  async create(reason?: string): Promise<Session> {
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
    const response = await this.send(request);
    const context = answerContext(response, request);
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
    const problem = tokenProblem(token);
    if (problem) throw new IqProtocolError(`CreateSession failed: the answer ${problem}`, context);
    this.known.add(token as string);
    this.created++;
    this.tell('created', reason);
    return { token: token as string, createdAt: this.now() };
  }

  async end(token: string): Promise<void> {
    const request: HttpRequest = {
      method: 'DELETE',
      url: this.url,
      headers: { 'content-type': 'application/json', 'content-encoding': 'UTF8', authorization: `Bearer ${token}` },
      operation: 'EndSession',
      idempotent: true,
    };
    const response = await this.send(request);
    // 401/404: the vendor already considers it gone (expired or ended), which is what we wanted.
    if (response.status !== 401 && response.status !== 404 && (response.status < 200 || response.status > 299)) throw statusError(response, request);
    this.tell('ended');
  }

  /** Ends a session nobody uses any more, without making anyone wait; a failure leaves it to run out at the vendor. */
  endInBackground(token: string): void {
    const ending = this.end(token).catch(() => undefined);
    this.#ending.add(ending);
    void ending.then(() => this.#ending.delete(ending));
  }

  /** Waits for the ends started in the background. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#ending]);
  }
}

/**
 * The vendor's answer to the token of an ended session: 404 with a JSON message that starts
 * "Session not found" (webapi.svc `{code,message}`; the sign-in host's `{Message}` adds a period).
 * Any other 404 (an unknown operation, even one whose name holds "Session") is not about the token.
 */
const ENDED_SESSION_MESSAGE = /^session not found\b/i;

/** Why the vendor refused the token itself (`HTTP 401`, or the 404 of an ended session), or undefined when it did not. */
export function tokenRefusal(response: HttpResponse): string | undefined {
  if (response.status === 401) return 'HTTP 401';
  if (response.status !== 404 || !response.body.trim().startsWith('{')) return undefined;
  return ENDED_SESSION_MESSAGE.test(vendorMessageOf(response.body) ?? '') ? 'HTTP 404 ended session' : undefined;
}
