// maxConcurrent: how many requests to the vendor may be under way at once for
// one API key. Per process by default (LocalBudget); across a fleet through the
// session store (FleetBudget: a semaphore whose leases expire when a holder dies).
// Every wait respects the caller's signal.
import { randomUUID } from 'node:crypto';
import { abortError, raceAbort, sleep, throwIfAborted } from '../../http/abort';
import { jittered, type OnStoreError } from './fleet';
import type { StoreLink } from './link';
import type { Waiter } from './manager';
import { IqStoreError } from './store';

export interface Budget {
  /** Runs `send` once a slot is free, holding it until `send` settles. */
  run<T>(send: () => Promise<T>, waiter: Waiter): Promise<T>;
}

/** A semaphore in this process: slots are handed over in the order they were asked for. */
export class LocalBudget implements Budget {
  #active = 0;
  readonly #queue: Array<() => void> = [];

  constructor(readonly max: number) {}

  async run<T>(send: () => Promise<T>, waiter: Waiter): Promise<T> {
    await this.#acquire(waiter);
    try {
      return await send();
    } finally {
      this.#release();
    }
  }

  #acquire(waiter: Waiter): Promise<void> {
    throwIfAborted(waiter.signal, waiter);
    if (this.#active < this.max) {
      this.#active++;
      return Promise.resolve();
    }
    const signal = waiter.signal;
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(grant);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(abortError(waiter, signal!));
      };
      this.#queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    // The slot passes straight to the next in line, so #active does not change.
    const next = this.#queue.shift();
    if (next) next();
    else this.#active--;
  }
}

export interface FleetBudgetOptions {
  onStoreError: OnStoreError;
  /** First pause between two asks for a slot; it grows while the fleet is busy. */
  pollMs: number;
}

/**
 * A semaphore across the fleet, in the store: a slot is a lease that expires unless renewed,
 * so a member that dies frees its slots within the store's slotTtlMs. In front of it, a local
 * one of the same size, so a member never asks the store for more slots than the fleet has.
 */
export class FleetBudget implements Budget {
  readonly #local: LocalBudget;

  constructor(
    private readonly link: StoreLink,
    readonly max: number,
    private readonly options: FleetBudgetOptions,
  ) {
    this.#local = new LocalBudget(max);
  }

  run<T>(send: () => Promise<T>, waiter: Waiter): Promise<T> {
    return this.#local.run(() => this.#inFleet(send, waiter), waiter);
  }

  async #inFleet<T>(send: () => Promise<T>, waiter: Waiter): Promise<T> {
    let slot: string;
    try {
      slot = await this.#acquire(waiter);
    } catch (error) {
      // Without the store, the local budget alone bounds this member.
      if (error instanceof IqStoreError && error.code === 'unavailable' && this.options.onStoreError === 'local') return send();
      throw error;
    }
    const { slotTtlMs } = this.link.store;
    const stopRenewing = this.link.renewing('renewSlot', slotTtlMs, (store, scope) => store.renewSlot(scope, slot, slotTtlMs));
    try {
      return await send();
    } finally {
      stopRenewing();
      this.#release(slot);
    }
  }

  /** Not awaited: the next ask for a slot goes to the store after it anyway, and a lost release expires. */
  #release(slot: string): void {
    this.link.run('releaseSlot', (store, scope) => store.releaseSlot(scope, slot)).catch(() => undefined);
  }

  async #acquire(waiter: Waiter): Promise<string> {
    const slot = randomUUID();
    const { slotTtlMs } = this.link.store;
    let pause = this.options.pollMs;
    for (;;) {
      const asking = this.link.run('acquireSlot', (store, scope) => store.acquireSlot(scope, slot, this.max, slotTtlMs));
      let taken: boolean;
      try {
        taken = await raceAbort(asking, waiter.signal, waiter);
      } catch (error) {
        // Aborted while the store was still answering: a slot it grants then is given back at once.
        void asking.then(
          (late) => late && this.#release(slot),
          () => undefined,
        );
        throw error;
      }
      if (taken) return slot;
      await sleep(jittered(pause), waiter.signal, waiter);
      pause = Math.min(pause * 1.5, 10 * this.options.pollMs);
    }
  }
}
