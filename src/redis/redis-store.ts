// The fleet's session store on Redis. Keys are namespaced and named after a
// hash of the API key (never the key); the token is stored sealed when the app
// gives an encryptionKey. Every compare-and-set is one Lua script.
//
//   {prefix}:reseller:{scope}:session   hash: id, token (sealed or not), at; expires with the session
//   {prefix}:reseller:{scope}:lock      the creation lock: owner id, PX lockTtlMs, renewed by a live holder
//   {prefix}:reseller:{scope}:slots     sorted set of maxConcurrent leases, scored by when they end
import { IqValidationError } from '../errors/IqValidationError';
import type { SessionStore, StoredSession } from '../iqreseller/session/store';
import { MAX_TIMER_MS, numberOption } from '../options';
import { OwnConnection, type RedisCommands } from './connection';
import { ACQUIRE_SLOT, PUT_IF, REMOVE_IF, RENEW_LOCK, RENEW_SLOT, UNLOCK, type Script } from './scripts';
import { TokenSeal, checkEncryptionKey } from './seal';

export type { RedisCommands };

export interface RedisSessionStoreOptions {
  /** `redis://` or `rediss://` URL (node-redis's default, redis://localhost:6379, when absent). Needs the package `redis`. */
  url?: string;
  /** A connected client of your own instead (node-redis v4 or later, or anything with its `sendCommand`); close() leaves it open. */
  client?: RedisCommands;
  /** Start of every key. Default `iq-integration`. */
  keyPrefix?: string;
  /** How long the creation lock lasts unless its live holder renews it: a dead holder is replaced after this. Default 10 000. */
  lockTtlMs?: number;
  /** How long a maxConcurrent slot lasts unless renewed: a dead holder's slots are free after this. Default 10 000. */
  slotTtlMs?: number;
  /** The longest one store operation may take before it counts as a failure (onStoreError decides what then). Default 1 000. */
  timeoutMs?: number;
  /** 32 bytes (a Buffer, or base64): tokens are stored sealed with AES-256-GCM. Every instance needs the same key. */
  encryptionKey?: Uint8Array | string;
}

/** The defaults of the options below. */
export const REDIS_STORE_DEFAULTS = { keyPrefix: 'iq-integration', lockTtlMs: 10_000, slotTtlMs: 10_000, timeoutMs: 1_000 } as const;

const PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/;
const ms = (value: unknown, fallback: number, field: string, min: number) =>
  numberOption(value, fallback, field, { min, max: MAX_TIMER_MS, integer: true, unit: 'milliseconds' });

export class RedisSessionStore implements SessionStore {
  readonly lockTtlMs: number;
  readonly slotTtlMs: number;
  readonly timeoutMs: number;
  readonly keyPrefix: string;
  readonly #redis: RedisCommands;
  readonly #own?: OwnConnection;
  readonly #seal: TokenSeal;

  constructor(options: RedisSessionStoreOptions = {}) {
    if (options === null || typeof options !== 'object') throw new IqValidationError('RedisSessionStore takes an options object', 'options');
    this.keyPrefix = options.keyPrefix ?? REDIS_STORE_DEFAULTS.keyPrefix;
    if (typeof this.keyPrefix !== 'string' || !PREFIX.test(this.keyPrefix)) {
      throw new IqValidationError('keyPrefix must be 1 to 64 letters, digits or _ . : -', 'keyPrefix');
    }
    this.lockTtlMs = ms(options.lockTtlMs, REDIS_STORE_DEFAULTS.lockTtlMs, 'lockTtlMs', 100);
    this.slotTtlMs = ms(options.slotTtlMs, REDIS_STORE_DEFAULTS.slotTtlMs, 'slotTtlMs', 100);
    this.timeoutMs = ms(options.timeoutMs, REDIS_STORE_DEFAULTS.timeoutMs, 'timeoutMs', 1);
    this.#seal = new TokenSeal(options.encryptionKey === undefined ? undefined : checkEncryptionKey(options.encryptionKey));
    if (options.client !== undefined) {
      if (options.url !== undefined) throw new IqValidationError('give either url or client', 'client');
      if (typeof (options.client as { sendCommand?: unknown })?.sendCommand !== 'function') {
        throw new IqValidationError('client must be a Redis client with sendCommand (node-redis v4 or later)', 'client');
      }
      this.#redis = options.client;
    } else {
      if (options.url !== undefined && !isRedisUrl(options.url)) throw new IqValidationError('url must be a redis:// or rediss:// URL', 'url');
      this.#own = new OwnConnection(options.url, this.timeoutMs);
      this.#redis = this.#own;
    }
  }

  async get(scope: string): Promise<StoredSession | undefined> {
    const key = this.#key(scope, 'session');
    const [id, token, at] = ((await this.#redis.sendCommand(['HMGET', key, 'id', 'token', 'at'])) ?? []) as unknown[];
    if (id === null || id === undefined || token === null || token === undefined) return undefined;
    return { id: String(id), token: this.#seal.open(String(token), key), createdAt: Number(at) };
  }

  async put(scope: string, session: StoredSession, expectedId: string | undefined, ttlMs: number): Promise<boolean> {
    const key = this.#key(scope, 'session');
    const token = this.#seal.seal(session.token, key);
    return (await this.#eval(PUT_IF, key, [expectedId ?? '', session.id, token, String(session.createdAt), String(Math.ceil(ttlMs))])) === 1;
  }

  async remove(scope: string, id: string): Promise<void> {
    await this.#eval(REMOVE_IF, this.#key(scope, 'session'), [id]);
  }

  async lock(scope: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.sendCommand(['SET', this.#key(scope, 'lock'), owner, 'NX', 'PX', String(Math.ceil(ttlMs))])) === 'OK';
  }

  async renewLock(scope: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.#eval(RENEW_LOCK, this.#key(scope, 'lock'), [owner, String(Math.ceil(ttlMs))])) === 1;
  }

  async unlock(scope: string, owner: string): Promise<void> {
    await this.#eval(UNLOCK, this.#key(scope, 'lock'), [owner]);
  }

  async acquireSlot(scope: string, slot: string, max: number, ttlMs: number): Promise<boolean> {
    return (await this.#eval(ACQUIRE_SLOT, this.#key(scope, 'slots'), [slot, String(Math.ceil(ttlMs)), String(max)])) === 1;
  }

  async renewSlot(scope: string, slot: string, ttlMs: number): Promise<boolean> {
    return (await this.#eval(RENEW_SLOT, this.#key(scope, 'slots'), [slot, String(Math.ceil(ttlMs))])) === 1;
  }

  async releaseSlot(scope: string, slot: string): Promise<void> {
    await this.#redis.sendCommand(['ZREM', this.#key(scope, 'slots'), slot]);
  }

  /** Closes the connection the store opened from its URL; a client you passed stays open. */
  async close(): Promise<void> {
    await this.#own?.close();
  }

  /** The braces make every key of one API key hash to the same Redis Cluster slot. */
  #key(scope: string, what: 'session' | 'lock' | 'slots'): string {
    return `${this.keyPrefix}:reseller:{${scope}}:${what}`;
  }

  async #eval(script: Script, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.#redis.sendCommand(['EVALSHA', script.sha, '1', key, ...args]);
    } catch (error) {
      if (!/NOSCRIPT/.test(String((error as Error)?.message))) throw error;
      return this.#redis.sendCommand(['EVAL', script.source, '1', key, ...args]);
    }
  }
}

function isRedisUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['redis:', 'rediss:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
