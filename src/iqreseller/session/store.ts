// The seam between the IQ Reseller session logic and a store shared by several
// processes (iq-integration/redis ships one on Redis). A store keeps plain
// records and leases; the rules (one creation for the whole fleet, compare-and-set,
// what happens when the store fails) live in fleet.ts, once, for every store.
import { createHash } from 'node:crypto';
import { IqError, type IqErrorDetails } from '../../errors/IqError';

/** A session as the fleet shares it. `id` changes with every new session: compare-and-set is on it. */
export interface StoredSession {
  id: string;
  token: string;
  /** Epoch milliseconds, when the vendor created it. */
  createdAt: number;
}

/**
 * Where a fleet keeps its one session and its load budget. Every method may reject (the store
 * is unreachable, say); fleet.ts then falls back or fails as `onStoreError` says. `scope` is an
 * opaque name derived from a hash of the API key and the sign-in URL: never a secret.
 */
export interface SessionStore {
  /** The session stored for `scope`, or undefined. */
  get(scope: string): Promise<StoredSession | undefined>;
  /** Stores `session` only if the stored session's id is `expectedId` (undefined: none stored). True when stored. */
  put(scope: string, session: StoredSession, expectedId: string | undefined, ttlMs: number): Promise<boolean>;
  /** Removes the stored session only if its id is `id`. */
  remove(scope: string, id: string): Promise<void>;
  /** Takes the creation lock for `ttlMs` if nobody holds it: resolves true when taken by `owner`. */
  lock(scope: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lock if `owner` still holds it: false when it was lost. */
  renewLock(scope: string, owner: string, ttlMs: number): Promise<boolean>;
  unlock(scope: string, owner: string): Promise<void>;
  /** Takes one of `max` slots for `ttlMs` if one is free (expired leases are freed first): true when taken. */
  acquireSlot(scope: string, slot: string, max: number, ttlMs: number): Promise<boolean>;
  /** Extends a slot's lease: false when it had expired. */
  renewSlot(scope: string, slot: string, ttlMs: number): Promise<boolean>;
  releaseSlot(scope: string, slot: string): Promise<void>;
  /** How long the creation lock and a slot's lease last unless renewed: a dead holder's are free after this. */
  readonly lockTtlMs: number;
  readonly slotTtlMs: number;
  /** The longest one operation may take before it counts as a failure of the store. */
  readonly timeoutMs: number;
}

/**
 * The session store failed. `code` says how: `unavailable` (unreachable, too slow, an error of
 * the store: calls go on with a session of their own under `onStoreError: 'local'`), or
 * `unreadable` (a stored session this instance cannot read, e.g. another `encryptionKey`: never
 * overwritten, always an error).
 */
export class IqStoreError extends IqError {
  code: 'unavailable' | 'unreadable';

  constructor(message: string, details: IqErrorDetails & { code: 'unavailable' | 'unreadable' }) {
    super(message, { operation: 'SessionStore', ...details });
    this.code = details.code;
  }
}

/** The store's name for one API key at one sign-in URL: a hash, so no key ever appears in the store. */
export function storeScope(signinUrl: string, apiKey: string): string {
  return createHash('sha256').update(`iq-integration/reseller-session\n${signinUrl}\n${apiKey}`).digest('hex').slice(0, 32);
}
