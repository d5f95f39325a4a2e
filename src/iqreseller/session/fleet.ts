// Sessions shared by a fleet through a store: the first member that needs a
// session takes the store's lock, creates it and stores it with a
// compare-and-set on its id; the others wait and reuse it. A member that dies
// holding the lock is replaced when its lock runs out; a live holder renews it,
// so a slow sign-in keeps it. When the store fails, calls go on with a session
// of this process alone ('local') and rejoin the shared one when the store is
// back, or fail with IqStoreError ('fail').
import { randomUUID } from 'node:crypto';
import { IqTimeoutError } from '../../errors/IqTimeoutError';
import { sleep } from '../../http/abort';
import type { StoreLink } from './link';
import type { Renewal, SessionSource } from './manager';
import { IqStoreError, type StoredSession } from './store';
import { tokenProblem, type Session, type Tell, type VendorSessions } from './vendor';

export type OnStoreError = 'local' | 'fail';

export interface FleetOptions {
  onStoreError: OnStoreError;
  /** Sessions older than this are renewed (maxSessionAgeMs); the stored record expires then too. */
  maxAgeMs?: number;
  /** How long a stored session is kept without maxAgeMs: about the vendor's own session lifetime. */
  recordTtlMs: number;
  /** The longest a member waits for another's sign-in (its lock TTL plus the sign-in's deadline). */
  waitLimitMs: number;
  /** Pause between two looks at the store while another member signs in. */
  pollMs: number;
  now?: () => number;
}

const CONTEXT = { operation: 'CreateSession' };
/** The reason of a `created` event for a session of this process alone. */
const ALONE = 'for this process: the session store failed';
const noop = () => undefined;

/** A pause of about `ms` (half to one and a half), so waiting members do not ask in step. */
export function jittered(ms: number): number {
  return ms * (0.5 + Math.random());
}

export class FleetSource implements SessionSource {
  /** True while this member runs on a session of its own because the store failed. */
  #degraded = false;
  #rejoinTriedAt = 0;
  readonly #now: () => number;
  /** Aborted when the client closes: a renewal waiting for another member's lock stops waiting. */
  readonly #stopping = new AbortController();

  constructor(
    private readonly vendor: VendorSessions,
    private readonly link: StoreLink,
    private readonly tell: Tell,
    private readonly options: FleetOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  async obtain(stale: Session | undefined, _why: Renewal): Promise<Session> {
    // While the store is paused after a failure, do not wait for it: a session of our own, now.
    if (this.#degraded && this.link.paused && this.options.onStoreError === 'local') return this.vendor.create(ALONE);
    try {
      const session = await this.#shared(stale);
      if (session.id !== undefined) this.#degraded = false;
      return session;
    } catch (error) {
      if (!this.#fallsBack(error)) throw error;
      return this.vendor.create(ALONE);
    }
  }

  rejoin(current: Session): Promise<Session | undefined> | undefined {
    if (!this.#degraded || this.link.paused || this.#now() - this.#rejoinTriedAt < this.link.retryAfterMs) return undefined;
    this.#rejoinTriedAt = this.#now();
    return this.#rejoinWith(current);
  }

  stop(): void {
    this.#stopping.abort();
  }

  retire(old: Session): void {
    // A shared session may still serve other members: it runs out at the vendor instead.
    if (old.id === undefined) this.vendor.endInBackground(old.token);
  }

  async leave(current: Session | undefined): Promise<void> {
    if (current && current.id === undefined) this.vendor.endInBackground(current.token);
    await this.vendor.drain();
  }

  async endShared(current: Session | undefined): Promise<void> {
    let stored: StoredSession | undefined;
    try {
      stored = await this.#underLock(async () => {
        const found = await this.#read();
        if (found) {
          await this.vendor.end(found.token);
          await this.link.run('remove', (store, scope) => store.remove(scope, found.id));
        }
        return found;
      });
    } catch (error) {
      if (!this.#fallsBack(error)) throw error;
    }
    // What this member used, if the store held something else (or could not be asked).
    if (current && current.token !== stored?.token) await this.vendor.end(current.token);
    await this.vendor.drain();
  }

  #fallsBack(error: unknown): boolean {
    if (!(error instanceof IqStoreError) || error.code !== 'unavailable' || this.options.onStoreError !== 'local') return false;
    this.#degraded = true;
    return true;
  }

  /** How long a stored session is kept in the store. */
  get #recordTtlMs(): number {
    return this.options.maxAgeMs ?? this.options.recordTtlMs;
  }

  #fresh(session: StoredSession): boolean {
    return this.options.maxAgeMs === undefined || this.#now() - session.createdAt < this.options.maxAgeMs;
  }

  /** The stored session, if it is one this member may use instead of `stale`. */
  #usable(stored: StoredSession | undefined, stale: Session | undefined): Session | undefined {
    if (!stored || !this.#fresh(stored)) return undefined;
    if (stale && (stored.id === stale.id || stored.token === stale.token)) return undefined;
    return { token: stored.token, createdAt: stored.createdAt, id: stored.id };
  }

  async #read(signal?: AbortSignal): Promise<StoredSession | undefined> {
    const stored = await this.link.run('get', (store, scope) => store.get(scope), signal);
    if (!stored) return undefined;
    const problem = tokenProblem(stored.token);
    if (problem || typeof stored.id !== 'string' || !Number.isFinite(stored.createdAt)) {
      throw new IqStoreError(`the stored session is not valid: it ${problem ?? 'has no id or creation time'}`, { code: 'unreadable' });
    }
    this.vendor.learn(stored.token);
    return stored;
  }

  /** The shared session: the stored one, or one this member creates under the lock. Closing the client stops every wait. */
  async #shared(stale: Session | undefined): Promise<Session> {
    const signal = this.#stopping.signal;
    for (;;) {
      const found = this.#usable(await this.#read(signal), stale);
      if (found) return found;
      const made = await this.#underLock(() => this.#createLocked(stale, signal), signal);
      if (made) return made;
    }
  }

  /** Runs `work` holding the store's lock, renewed while it runs; waits (bounded, and until `signal`) while another member holds it. */
  async #underLock<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { lockTtlMs } = this.link.store;
    const owner = randomUUID();
    const giveUpAt = this.#now() + this.options.waitLimitMs;
    let pause = this.options.pollMs;
    for (let tries = 0; !(await this.#tryLock(owner, lockTtlMs, signal)); tries++) {
      if (tries === 0) this.tell('waited', 'another instance holds the session lock');
      if (this.#now() >= giveUpAt) {
        throw new IqTimeoutError(`CreateSession: another instance held the session lock for more than ${this.options.waitLimitMs} ms`, {
          ...CONTEXT,
          timeoutMs: this.options.waitLimitMs,
        });
      }
      await sleep(jittered(pause), signal, CONTEXT);
      pause = Math.min(pause * 1.5, lockTtlMs / 4);
    }
    const stopRenewing = this.link.renewing('renewLock', lockTtlMs, (store, scope) => store.renewLock(scope, owner, lockTtlMs));
    try {
      return await work();
    } finally {
      stopRenewing();
      this.link.run('unlock', (store, scope) => store.unlock(scope, owner)).catch(noop);
    }
  }

  /**
   * One try for the lock. A store that grants it after this member stopped waiting (a slow answer)
   * would leave a lock nobody renews or releases, stalling the fleet for its TTL: such a late grant
   * is released at once.
   */
  async #tryLock(owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean> {
    let asked: Promise<boolean> | undefined;
    try {
      return await this.link.run('lock', (store, scope) => (asked = store.lock(scope, owner, ttlMs)), signal);
    } catch (error) {
      void asked?.then((granted) => (granted ? this.link.store.unlock(this.link.scope, owner) : undefined)).catch(() => undefined);
      throw error;
    }
  }

  /** Under the lock: the stored session if one appeared meanwhile, else a new one, stored by compare-and-set. Undefined when the set lost. */
  async #createLocked(stale: Session | undefined, signal: AbortSignal): Promise<Session | undefined> {
    const stored = await this.#read(signal);
    const found = this.#usable(stored, stale);
    if (found) return found;
    const session = await this.vendor.create('for the fleet');
    const id = randomUUID();
    let kept: boolean;
    try {
      const record = { id, token: session.token, createdAt: session.createdAt };
      kept = await this.link.run('put', (store, scope) => store.put(scope, record, stored?.id, this.#recordTtlMs), signal);
    } catch (error) {
      // Ours alone, then: used by this member until the store is back.
      if (this.#fallsBack(error)) return session;
      this.vendor.endInBackground(session.token);
      throw error;
    }
    if (kept) return { ...session, id };
    // Another member stored a session after our lock ran out: ours serves nobody.
    this.vendor.endInBackground(session.token);
    return undefined;
  }

  /** Back from a store failure: take the stored session (ending ours), or share ours if none is stored. */
  async #rejoinWith(local: Session): Promise<Session | undefined> {
    try {
      const stored = await this.#read(this.#stopping.signal);
      const found = this.#usable(stored, undefined);
      const shared = found ?? (await this.#publish(local, stored));
      if (shared) this.#degraded = false;
      return shared;
    } catch {
      return undefined;
    }
  }

  async #publish(local: Session, stored: StoredSession | undefined): Promise<Session | undefined> {
    const record = { id: randomUUID(), token: local.token, createdAt: local.createdAt };
    const kept = await this.link.run('put', (store, scope) => store.put(scope, record, stored?.id, this.#recordTtlMs), this.#stopping.signal);
    return kept ? { ...local, id: record.id } : undefined;
  }
}
