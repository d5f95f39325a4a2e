// The session a client's calls use: cached in the process, so a warm call costs
// nothing; renewed by one flight however many calls need it (cold, aged past
// maxSessionAgeMs, or refused by the vendor). Where a new session comes from,
// and what ending means, is the source's business: this process alone
// (local.ts) or a fleet sharing a store (fleet.ts).
// A flight shared by many callers is bounded by the pipeline's timeout, not by
// one caller's AbortSignal: a caller that gives up is released at once, and the
// flight goes on for the others.
import { raceAbort, throwIfAborted, type AbortContext } from '../../http/abort';
import type { Session, Tell } from './vendor';

/** The caller's signal and what its abort error names: each wait for the session takes one. */
export interface Waiter extends AbortContext {
  signal?: AbortSignal;
}

/** Why a new session is needed: none yet, the current one is past maxSessionAgeMs, or the vendor refused it. */
export type Renewal = 'cold' | 'aged' | 'refused';

export interface SessionSource {
  /** A session to use instead of `stale` (undefined on a cold start). */
  obtain(stale: Session | undefined, why: Renewal): Promise<Session>;
  /** For a session of this process alone, on the warm path: a shared one to switch to, when one is due to be looked for. */
  rejoin?(current: Session): Promise<Session | undefined> | undefined;
  /** `old` was replaced while still live: end it if nobody else uses it. */
  retire(old: Session): void;
  /** The client is closing: a renewal still waiting (for another member's lock, say) gives up. */
  stop?(): void;
  /** The client is closing: end what only it used, wait for ends under way. */
  leave(current: Session | undefined): Promise<void>;
  /** End the session for everyone who shares it. */
  endShared(current: Session | undefined): Promise<void>;
}

export class SessionManager {
  #current?: Session;
  #renewing?: Promise<Session>;
  #rejoining = false;
  /** Set by end(): a renewal that finishes later has nobody to serve. */
  #left = false;

  constructor(
    private readonly source: SessionSource,
    private readonly tell: Tell,
    private readonly maxAgeMs?: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The live token, renewing the session if there is none or it is too old. A warm session's token
   * comes at once, not as a promise: the warm path is every call's.
   */
  token(waiter: Waiter): string | Promise<string> {
    throwIfAborted(waiter.signal, waiter);
    const current = this.#current;
    if (current && this.#fresh(current)) {
      if (current.id === undefined && this.source.rejoin) this.#rejoin(current);
      return current.token;
    }
    return raceAbort(this.#renew(current, current ? 'aged' : 'cold', 'age'), waiter.signal, waiter).then((session) => session.token);
  }

  /** Called by every call that saw `stale` refused (`reason`: how): the first one renews, the rest share it. */
  async refresh(stale: string, waiter: Waiter, reason: string): Promise<string> {
    throwIfAborted(waiter.signal, waiter);
    const current = this.#current;
    if (current && current.token !== stale) return current.token;
    // The stale session is already dead at the vendor: nothing to end.
    return (await raceAbort(this.#renew(current, 'refused', reason), waiter.signal, waiter)).token;
  }

  /**
   * This client leaves: what only it used is ended (see the source). Safe to call again. A renewal
   * still under way is not waited for (every call has settled: its callers gave up); the session
   * it brings, if any, is retired when it comes.
   */
  async end(): Promise<void> {
    this.#left = true;
    this.source.stop?.();
    const session = this.#current;
    this.#current = undefined;
    await this.source.leave(session);
  }

  /** Ends the session for everyone who shares it, after a renewal under way; a later call starts a new one. */
  async endShared(): Promise<void> {
    const pending = this.#renewing;
    if (pending) await pending.catch(() => undefined);
    const session = this.#current;
    this.#current = undefined;
    await this.source.endShared(session);
  }

  #fresh(session: Session): boolean {
    return this.maxAgeMs === undefined || this.now() - session.createdAt < this.maxAgeMs;
  }

  /** The one renewal under way, started now if there is none (`reason` goes with the `refreshed` event). */
  #renew(stale: Session | undefined, why: Renewal, reason: string): Promise<Session> {
    if (this.#renewing) {
      this.tell('waited');
      return this.#renewing;
    }
    this.#renewing = this.source
      .obtain(stale, why)
      .then((session) => {
        if (this.#left) {
          this.source.retire(session);
          return session;
        }
        this.#current = session;
        if (why !== 'cold') this.tell('refreshed', reason);
        if (why === 'aged' && stale && stale.token !== session.token) this.source.retire(stale);
        return session;
      })
      .finally(() => {
        this.#renewing = undefined;
      });
    return this.#renewing;
  }

  #rejoin(current: Session): void {
    if (this.#rejoining) return;
    const rejoined = this.source.rejoin?.(current);
    if (!rejoined) return;
    this.#rejoining = true;
    void rejoined
      .then((shared) => {
        if (!shared || this.#current !== current) return;
        this.#current = shared;
        if (shared.token !== current.token) this.source.retire(current);
      })
      .catch(() => undefined)
      .finally(() => {
        this.#rejoining = false;
      });
  }
}
