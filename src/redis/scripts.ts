// The store's compare-and-set operations, each one Lua script that Redis runs
// atomically. Sent by SHA (EVALSHA), and in full once when Redis does not know
// it (after a restart, say).
import { createHash } from 'node:crypto';

export interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** KEYS[1] session hash; ARGV expected id ('' for none), id, token, createdAt, ttl ms. */
export const PUT_IF = script(`
if (redis.call('HGET', KEYS[1], 'id') or '') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'id', ARGV[2], 'token', ARGV[3], 'at', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);

/** KEYS[1] session hash; ARGV id. */
export const REMOVE_IF = script(`
if redis.call('HGET', KEYS[1], 'id') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** KEYS[1] lock; ARGV owner, ttl ms. */
export const RENEW_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** KEYS[1] lock; ARGV owner. */
export const UNLOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

// Leases are scored by their end on Redis's own clock (TIME), so the members' clocks need not agree.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local function keep() if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end end
`;

/** KEYS[1] slots (sorted set: lease -> end); ARGV slot, ttl ms, max. */
export const ACQUIRE_SLOT = script(`${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
keep()
return 1
`);

/** KEYS[1] slots; ARGV slot, ttl ms. */
export const RENEW_SLOT = script(`${NOW}
local ends = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not ends or tonumber(ends) <= now then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
keep()
return 1
`);
