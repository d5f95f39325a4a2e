// iq-integration/redis: the session store that lets several instances share
// one IQ Reseller session and one maxConcurrent budget, on Redis. Needs the
// optional peer dependency `redis` (node-redis) when given a URL.
export { RedisSessionStore, REDIS_STORE_DEFAULTS, type RedisSessionStoreOptions, type RedisCommands } from './redis-store';
export { IqStoreError, type SessionStore, type StoredSession } from '../iqreseller/session/store';
