// Everything a Redis holds, read with plain commands (KEYS, TYPE, GET,
// HGETALL, ZRANGE): what anyone with access to the store could see.
import { createClient } from 'redis';

export interface DumpedKey {
  key: string;
  type: string;
  /** Every string stored under the key: values, hash fields and their values, set members. */
  texts: string[];
  /** Milliseconds to live, -1 without expiry. */
  ttlMs: number;
}

function clientFor(url: string) {
  const redis = createClient({ url });
  redis.on('error', () => undefined);
  return redis;
}

/** A short-lived client for the test's own look at Redis. */
export async function withRedis<T>(url: string, use: (redis: ReturnType<typeof clientFor>) => Promise<T>): Promise<T> {
  const redis = clientFor(url);
  await redis.connect();
  try {
    return await use(redis);
  } finally {
    await redis.close();
  }
}

export function dumpRedis(url: string): Promise<DumpedKey[]> {
  return withRedis(url, async (redis) => {
    const out: DumpedKey[] = [];
    for (const key of (await redis.keys('*')).sort()) {
      const type = await redis.type(key);
      let texts: string[] = [];
      if (type === 'string') texts = [String(await redis.get(key))];
      if (type === 'hash') texts = Object.entries(await redis.hGetAll(key)).flat();
      if (type === 'zset') texts = await redis.zRange(key, 0, -1);
      out.push({ key, type, texts, ttlMs: await redis.pTTL(key) });
    }
    return out;
  });
}

export function flushRedis(url: string): Promise<void> {
  return withRedis(url, async (redis) => {
    await redis.flushAll();
  });
}
