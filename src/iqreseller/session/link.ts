// A client's line to its session store: every operation bounded by the store's
// timeout, every failure typed (IqStoreError), and, after a failure, no further
// attempt for a while, so that calls do not each wait for a store that is down.
import { raceAbort } from '../../http/abort';
import { IqStoreError, type SessionStore } from './store';

const RETRY_AFTER_MS = 1_000;

export class StoreLink {
  #pausedUntil = 0;

  constructor(
    readonly store: SessionStore,
    /** The store's name for this API key (storeScope). */
    readonly scope: string,
    readonly retryAfterMs = RETRY_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the store is not asked, after a failure. */
  get paused(): boolean {
    return this.now() < this.#pausedUntil;
  }

  /** Renews a lease (the lock, a slot) every third of its TTL until the returned function is called. */
  renewing(what: string, ttlMs: number, renew: (store: SessionStore, scope: string) => Promise<boolean>): () => void {
    const timer = setInterval(() => {
      this.run(what, renew).catch(() => undefined);
    }, ttlMs / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Runs one operation of the store, bounded by its timeout; `signal` (the client closing) stops the wait early. */
  async run<T>(what: string, operation: (store: SessionStore, scope: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.paused) throw new IqStoreError(`the session store failed less than ${this.retryAfterMs} ms ago (${what} not tried)`, { code: 'unavailable' });
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.store.timeoutMs;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new IqStoreError(`the session store did not answer ${what} within ${timeoutMs} ms`, { code: 'unavailable' })), timeoutMs);
    });
    try {
      return await raceAbort(Promise.race([operation(this.store, this.scope), late]), signal, { operation: 'SessionStore' });
    } catch (error) {
      if (signal?.aborted || (error instanceof IqStoreError && error.code === 'unreadable')) throw error;
      this.#pausedUntil = this.now() + this.retryAfterMs;
      if (error instanceof IqStoreError) throw error;
      throw new IqStoreError(`the session store failed at ${what}`, { code: 'unavailable', cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
