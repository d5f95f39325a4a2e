// RedisSessionStore against a real redis-server, and the fleet rules on it with
// several clients in this process (each with its own connection, as separate
// instances would have): one session, one refresh, compare-and-set, lock
// takeover and renewal, what close() and endSharedSession() end, secrets at
// rest, and what happens when Redis is down or hangs. Child processes: fleet.test.ts.
import diagnostics from 'node:diagnostics_channel';
import { createServer, type Server, type Socket } from 'node:net';
import {
  CHANNEL_NAMES,
  IqAbortError,
  IqResellerClient,
  IqStoreError,
  IqTimeoutError,
  IqValidationError,
  type IqResellerOptions,
  type SessionEvent,
} from '../../src';
import { storeScope } from '../../src/iqreseller/session/store';
import { RedisSessionStore, type RedisSessionStoreOptions } from '../../src/redis';
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';
import { freePort } from '../support/free-port';
import { everySpelling, expectNoSecrets } from '../support/secret-checks';
import { startCountingProxy } from './harness/counting-proxy';
import { dumpRedis, flushRedis, withRedis } from './harness/redis-dump';
import { startRedis, type RedisServer } from './harness/redis-server';

jest.setTimeout(30_000);

const API_KEY = 'fleet-api-key-3b9e2f0c4d';
const KEY = Buffer.alloc(32, 7).toString('base64');

let redis: RedisServer;
let sandbox: ResellerSandbox;
const stores: RedisSessionStore[] = [];
const clients: IqResellerClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

beforeEach(async () => {
  if (!redis.running) await redis.start();
  await flushRedis(redis.url);
  sandbox = await startResellerSandbox({ apiKeys: [API_KEY], cvCount: 3 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await sandbox.close();
});

function store(options: RedisSessionStoreOptions = {}): RedisSessionStore {
  const made = new RedisSessionStore({ url: redis.url, lockTtlMs: 1_000, ...options });
  stores.push(made);
  return made;
}

/** A fleet member: a client with its own store connection. */
function member(options: Partial<IqResellerOptions> = {}, storeOptions: RedisSessionStoreOptions = {}): IqResellerClient {
  const made = new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, sessionStore: store(storeOptions), ...options });
  clients.push(made);
  return made;
}

const burst = (clientsOf: IqResellerClient[], each: number) => Promise.all(clientsOf.flatMap((c) => Array.from({ length: each }, () => c.getCVs())));
const tokensSent = () => [...new Set(sandbox.requests.map((r) => r.headers['iqr-session-token']).filter((t): t is string => typeof t === 'string'))];
const scope = () => storeScope(sandbox.signinUrl, API_KEY);

async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  for (const started = Date.now(); !(await condition());) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

describe('the store on Redis', () => {
  const session = (id: string) => ({ id, token: `token-of-${id}-0123456789`, createdAt: 1_700_000_000_000 });

  it('put is a compare-and-set on the stored id, and remove only removes the id it names', async () => {
    const s = store();
    expect(await s.put('scope1', session('a'), undefined, 60_000)).toBe(true);
    expect(await s.put('scope1', session('b'), undefined, 60_000)).toBe(false);
    expect(await s.put('scope1', session('b'), 'not-a', 60_000)).toBe(false);
    expect(await s.get('scope1')).toEqual(session('a'));
    expect(await s.put('scope1', session('b'), 'a', 60_000)).toBe(true);
    await s.remove('scope1', 'a');
    expect(await s.get('scope1')).toEqual(session('b'));
    await s.remove('scope1', 'b');
    expect(await s.get('scope1')).toBeUndefined();
  });

  it('the lock has one owner; only the owner renews or releases it; it runs out after its TTL', async () => {
    const s = store();
    expect(await s.lock('scope1', 'me', 300)).toBe(true);
    expect(await s.lock('scope1', 'you', 300)).toBe(false);
    expect(await s.renewLock('scope1', 'you', 60_000)).toBe(false);
    await s.unlock('scope1', 'you');
    expect(await s.lock('scope1', 'you', 300)).toBe(false);
    expect(await s.renewLock('scope1', 'me', 60_000)).toBe(true);
    const ttl = await withRedis(redis.url, (r) => r.pTTL(`iq-integration:reseller:{scope1}:lock`));
    expect(ttl).toBeGreaterThan(1_000);
    await s.unlock('scope1', 'me');
    expect(await s.lock('scope1', 'you', 200)).toBe(true);
    await until(() => s.lock('scope1', 'third', 200), 'the lock to run out');
  });

  it('slots: at most max leases; released and expired ones are free again; an expired lease cannot be renewed', async () => {
    const s = store();
    expect(await s.acquireSlot('scope1', 'a', 2, 60_000)).toBe(true);
    expect(await s.acquireSlot('scope1', 'b', 2, 200)).toBe(true);
    expect(await s.acquireSlot('scope1', 'c', 2, 60_000)).toBe(false);
    await s.releaseSlot('scope1', 'a');
    expect(await s.acquireSlot('scope1', 'c', 2, 60_000)).toBe(true);
    await until(() => s.acquireSlot('scope1', 'd', 2, 60_000), 'the lease of b to run out');
    expect(await s.renewSlot('scope1', 'b', 60_000)).toBe(false);
    expect(await s.renewSlot('scope1', 'c', 60_000)).toBe(true);
  });

  it.each([
    [{ keyPrefix: 'a b' }, 'keyPrefix'],
    [{ lockTtlMs: 0 }, 'lockTtlMs'],
    [{ slotTtlMs: 1.5 }, 'slotTtlMs'],
    [{ timeoutMs: -1 }, 'timeoutMs'],
    [{ encryptionKey: Buffer.alloc(16) }, 'encryptionKey'],
    [{ encryptionKey: 'c2hvcnQ=' }, 'encryptionKey'],
    // 43 letters decode to 32 bytes in Node's lenient base64: not the base64 of a key.
    [{ encryptionKey: 'a'.repeat(43) }, 'encryptionKey'],
    [{ encryptionKey: `${Buffer.alloc(32, 7).toString('base64')}!` }, 'encryptionKey'],
    [{ url: 'http://127.0.0.1:6379' }, 'url'],
    [{ url: 'redis://x', client: { sendCommand: async () => null } }, 'client'],
    [{ client: {} }, 'client'],
  ])('refuses %j with IqValidationError naming %s', (options, field) => {
    let error: unknown;
    try {
      new RedisSessionStore(options as RedisSessionStoreOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IqValidationError);
    expect((error as IqValidationError).field).toBe(field);
  });

  it.each([
    [{ sessionStore: {} }, 'sessionStore'],
    [{ onStoreError: 'ignore' }, 'onStoreError'],
    [{ maxConcurrent: 0 }, 'maxConcurrent'],
    [{ maxConcurrent: 2.5 }, 'maxConcurrent'],
  ])('IqResellerClient refuses %j with IqValidationError naming %s', (options, field) => {
    let error: unknown;
    try {
      new IqResellerClient({ apiKey: API_KEY, ...(options as Partial<IqResellerOptions>) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IqValidationError);
    expect((error as IqValidationError).field).toBe(field);
  });

  it('works on a client of your own, which close() leaves open', async () => {
    await withRedis(redis.url, async (own) => {
      const s = new RedisSessionStore({ client: own });
      const iq = new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, sessionStore: s });
      await iq.getCVs();
      await iq.close();
      await s.close();
      expect(await own.ping()).toBe('PONG');
      expect(await own.exists(`iq-integration:reseller:{${scope()}}:session`)).toBe(1);
    });
  });
});

describe('one session for the fleet', () => {
  it('a cold fleet of 4 members with 25 concurrent calls each creates exactly one session', async () => {
    const fleet = [member(), member(), member(), member()];
    const results = await burst(fleet, 25);
    expect(results.every((r) => r.length === 3)).toBe(true);
    expect(sandbox.stats.sessionsCreated).toBe(1);
    expect(fleet.map((c) => c.sessionsCreated).sort()).toEqual([0, 0, 0, 1]);
    expect(tokensSent()).toHaveLength(1);
  });

  it('a token the vendor refuses is refreshed once for the whole fleet', async () => {
    const fleet = [member(), member(), member()];
    await burst(fleet, 5);
    sandbox.expireAllSessions();
    sandbox.reset();
    await burst(fleet, 20);
    expect(sandbox.stats.sessionsCreated).toBe(1);
    expect(sandbox.stats.unauthorized).toBeGreaterThanOrEqual(3);
  });

  it("a member's close() leaves the shared session; endSharedSession() ends it for all, and the next call starts one session", async () => {
    const [a, b, c] = [member(), member(), member()];
    await burst([a, b, c], 3);
    await a.close();
    expect(sandbox.stats.sessionsEnded).toBe(0);
    await expect(b.getCVs()).resolves.toHaveLength(3);
    await b.endSharedSession();
    expect(sandbox.stats.sessionsEnded).toBe(1);
    expect((await dumpRedis(redis.url)).map((k) => k.key)).toEqual([]);
    // c still holds the ended token: the vendor's 404 makes it start the next session, once.
    await burst([b, c], 5);
    expect(sandbox.stats.sessionsCreated).toBe(2);
  });

  it('endSharedSession() works after close(), as the last member of a fleet would do it', async () => {
    const iq = member();
    await iq.getCVs();
    await iq.close();
    await iq.endSharedSession();
    expect(sandbox.stats.sessionsEnded).toBe(1);
  });

  it('maxSessionAgeMs renews the shared session once for the fleet, and leaves the aged one to run out', async () => {
    const fleet = [member({ maxSessionAgeMs: 300 }), member({ maxSessionAgeMs: 300 })];
    await burst(fleet, 3);
    const key = `iq-integration:reseller:{${scope()}}:session`;
    const ttl = (await dumpRedis(redis.url)).find((k) => k.key === key)?.ttlMs ?? 0;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await until(async () => (await dumpRedis(redis.url)).length === 0, 'the stored session to expire');
    await burst(fleet, 3);
    expect(sandbox.stats.sessionsCreated).toBe(2);
    expect(sandbox.stats.sessionsEnded).toBe(0);
  });
});

describe('session events (iq-integration:session)', () => {
  it('tell whom a session was created for, and a wait for another instance', async () => {
    const seen: string[] = [];
    const record = (e: unknown) => seen.push(`${(e as SessionEvent).event}: ${(e as SessionEvent).reason}`);
    diagnostics.subscribe(CHANNEL_NAMES.session, record);
    try {
      await member().getCVs();
      expect(seen).toEqual(['created: for the fleet']);
      seen.length = 0;
      await flushRedis(redis.url);
      await withRedis(redis.url, (r) => r.set(`iq-integration:reseller:{${scope()}}:lock`, 'a-member-that-died', { PX: 300 }));
      await member({}, { lockTtlMs: 300 }).getCVs();
      expect(seen).toEqual(['waited: another instance holds the session lock', 'created: for the fleet']);
      seen.length = 0;
      await member({}, { url: `redis://127.0.0.1:${await freePort()}` }).getCVs();
      expect(seen).toEqual(['created: for this process: the session store failed']);
    } finally {
      diagnostics.unsubscribe(CHANNEL_NAMES.session, record);
    }
  });
});

describe('what the store costs a warm call', () => {
  it.each([
    [{}, 0],
    [{ maxConcurrent: 4 }, 2],
  ])('with %j: %i Redis round trips per call', async (options, perCall) => {
    await withRedis(redis.url, async (own) => {
      let trips = 0;
      const counting = { sendCommand: (args: string[]) => (trips++, own.sendCommand(args)) };
      const iq = new IqResellerClient({
        apiKey: API_KEY,
        signinUrl: sandbox.signinUrl,
        apiUrl: sandbox.apiUrl,
        sessionStore: new RedisSessionStore({ client: counting }),
        ...options,
      });
      clients.push(iq);
      await iq.getCVs();
      trips = 0;
      for (let i = 0; i < 10; i++) await iq.getCVs();
      await until(() => trips >= 10 * perCall, 'the last slot to be given back');
      expect(trips).toBe(10 * perCall);
    });
  });
});

describe('the lock', () => {
  const lockKey = () => `iq-integration:reseller:{${scope()}}:lock`;

  it('a lock left by a dead member is taken over when its TTL runs out: the call succeeds, one session', async () => {
    await withRedis(redis.url, (r) => r.set(lockKey(), 'a-member-that-died', { PX: 500 }));
    const iq = member({}, { lockTtlMs: 500 });
    await expect(iq.getCVs()).resolves.toHaveLength(3);
    expect(sandbox.stats.sessionsCreated).toBe(1);
  });

  it('a live holder renews its lock through a sign-in slower than the TTL: nobody takes over, one session', async () => {
    sandbox.injectFault({ path: 'IntegrationAPI/Session', kind: 'delay', ms: 1_200 });
    const [a, b] = [member({}, { lockTtlMs: 300 }), member({}, { lockTtlMs: 300 })];
    const first = a.getCVs();
    await until(() => sandbox.stats.requests > 0, 'the sign-in to start');
    await expect(Promise.all([first, b.getCVs(), b.getCVs()])).resolves.toHaveLength(3);
    expect(sandbox.stats.sessionsCreated).toBe(1);
  });

  it('a call waiting for the lock is released by its signal at once', async () => {
    await withRedis(redis.url, (r) => r.set(lockKey(), 'someone-else', { PX: 60_000 }));
    const iq = member();
    const error = await iq.getCVs(undefined, { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqAbortError);
    expect(sandbox.stats.requests).toBe(0);
  });

  it("close() does not wait for another member's lock", async () => {
    await withRedis(redis.url, (r) => r.set(lockKey(), 'someone-else', { PX: 60_000 }));
    const iq = member();
    const call = iq.getCVs(undefined, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect(await call).toBeInstanceOf(IqAbortError);
    await iq.close();
    expect(sandbox.stats.requests).toBe(0);
  });

  it('a lock the store grants after the member stopped waiting is released at once: the fleet does not stall for its TTL', async () => {
    const real = store({ lockTtlMs: 20_000, timeoutMs: 300 });
    let delayed = false;
    let lateGrant: boolean | undefined;
    // The store as a slow Redis would be: the first lock is granted, but only after the member's timeout.
    const slow = new Proxy(real, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'lock') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: Parameters<RedisSessionStore['lock']>) => {
          if (delayed) return target.lock(...args);
          delayed = true;
          return new Promise<boolean>((ok) => setTimeout(() => ok(target.lock(...args).then((granted) => (lateGrant = granted))), 600));
        };
      },
    });
    const a = new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, sessionStore: slow });
    clients.push(a);
    await expect(a.getCVs()).resolves.toHaveLength(3); // on a session of its own: the store was too slow
    await until(() => lateGrant !== undefined, 'the late grant to land');
    expect(lateGrant).toBe(true);
    await until(async () => (await withRedis(redis.url, (r) => r.exists(lockKey()))) === 0, 'the late lock to be released', 5_000);
  });

  it('waiting for a lock held too long ends with IqTimeoutError (lock TTL plus the deadline), never a hang', async () => {
    await withRedis(redis.url, (r) => r.set(lockKey(), 'someone-else', { PX: 60_000 }));
    const iq = member({ timeoutMs: 200, deadlineMs: 300 }, { lockTtlMs: 300 });
    const error = await iq.getCVs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqTimeoutError);
    expect((error as IqTimeoutError).timeoutMs).toBe(600);
  });
});

describe('secrets at rest', () => {
  const KEY_SHAPE = /^iq-integration:reseller:\{[0-9a-f]{32}\}:(session|lock|slots)$/;

  it('keys are named after a hash of the API key; with an encryptionKey no token is stored in the clear', async () => {
    const fleet = [member({ maxConcurrent: 2 }, { encryptionKey: KEY }), member({ maxConcurrent: 2 }, { encryptionKey: KEY })];
    await burst(fleet, 5);
    sandbox.expireAllSessions();
    await burst(fleet, 5);
    const secrets: Array<[string, string]> = [['the API key', API_KEY], ...tokensSent().map((t, i): [string, string] => [`token ${i}`, t])];
    expect(secrets).toHaveLength(3);
    const dump = await dumpRedis(redis.url);
    expect(dump.map((k) => k.key)).toContain(`iq-integration:reseller:{${scope()}}:session`);
    for (const { key, texts } of dump) {
      expect(key).toMatch(KEY_SHAPE);
      expectNoSecrets([key, ...texts].join('\n'), secrets, everySpelling);
    }
  });

  it('without an encryptionKey the token is stored as it is (the scan above would see it)', async () => {
    await member().getCVs();
    const dump = await dumpRedis(redis.url);
    expect(dump.flatMap((k) => k.texts)).toContain(tokensSent()[0]);
    expect(dump.map((k) => k.key).join('\n')).not.toContain(API_KEY);
  });

  it.each([
    ['another key', { encryptionKey: Buffer.alloc(32, 9) }],
    ['no key', {}],
  ])(
    'a member with %s cannot read the sealed session: IqStoreError "unreadable", even with onStoreError local, and the record is kept',
    async (_label, options) => {
      await member({}, { encryptionKey: KEY }).getCVs();
      const stored = async () => (await dumpRedis(redis.url)).map(({ key, texts }) => ({ key, texts }));
      const before = await stored();
      const error = await member({ onStoreError: 'local' }, options)
        .getCVs()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IqStoreError);
      expect((error as IqStoreError).code).toBe('unreadable');
      expect(sandbox.stats.sessionsCreated).toBe(1);
      expect(await stored()).toEqual(before);
    },
  );

  it('a tampered sealed token does not open', async () => {
    await member({}, { encryptionKey: KEY }).getCVs();
    const key = `iq-integration:reseller:{${scope()}}:session`;
    await withRedis(redis.url, async (r) => {
      const sealed = (await r.hGet(key, 'token'))!;
      const bytes = Buffer.from(sealed.slice(sealed.indexOf(':') + 1), 'base64');
      bytes[bytes.length - 1] ^= 1;
      await r.hSet(key, 'token', `${sealed.slice(0, sealed.indexOf(':') + 1)}${bytes.toString('base64')}`);
    });
    const error = await member({}, { encryptionKey: KEY })
      .getCVs()
      .catch((e: unknown) => e);
    expect((error as IqStoreError).code).toBe('unreadable');
  });
});

describe('when Redis fails', () => {
  /** A server that accepts connections and never answers: a hung Redis. */
  async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    return {
      url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
      close: () =>
        new Promise<void>((ok) => {
          for (const s of sockets) s.destroy();
          server.close(() => ok());
        }),
    };
  }

  it("'local': with Redis unreachable, calls go on with a session of their own at once, not after the store's timeout", async () => {
    // A store timeout longer than this test may run: a call that waited for it would fail the test.
    const iq = member({ maxConcurrent: 2 }, { url: `redis://127.0.0.1:${await freePort()}`, timeoutMs: 120_000 });
    await expect(burst([iq], 10)).resolves.toHaveLength(10);
    expect(sandbox.stats.sessionsCreated).toBe(1);
  });

  it("'fail': with Redis unreachable, calls fail with IqStoreError 'unavailable', and nothing is sent to the vendor", async () => {
    const iq = member({ onStoreError: 'fail' }, { url: `redis://127.0.0.1:${await freePort()}`, timeoutMs: 20_000 });
    const error = await iq.getCVs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqStoreError);
    expect((error as IqStoreError).code).toBe('unavailable');
    expect((error as IqStoreError).operation).toBe('SessionStore');
    expect(sandbox.stats.requests).toBe(0);
    expectNoSecrets(error, [['the API key', API_KEY]], everySpelling);
  });

  it.each(['local', 'fail'] as const)(
    "a Redis that accepts connections but never answers: '%s' gives the documented outcome within the timeout",
    async (onStoreError) => {
      const hung = await silentServer();
      try {
        const iq = member({ onStoreError, maxConcurrent: 2 }, { url: hung.url, timeoutMs: 300 });
        const outcome = await iq.getCVs().then(
          () => 'answered',
          (e: unknown) => e,
        );
        if (onStoreError === 'local') expect(outcome).toBe('answered');
        else expect((outcome as IqStoreError).code).toBe('unavailable');
      } finally {
        await hung.close();
      }
    },
  );

  it("a caller's signal releases it from a hung Redis before the store's timeout; close() does not wait for the store either", async () => {
    const hung = await silentServer();
    try {
      const iq = member({ onStoreError: 'fail', maxConcurrent: 2 }, { url: hung.url, timeoutMs: 20_000 });
      const error = await iq.getCVs(undefined, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IqAbortError);
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise((ok) => (timer = setTimeout(ok, 5_000, 'still waiting for the store')));
      expect(await Promise.race([iq.close().then(() => 'closed'), bound])).toBe('closed');
      clearTimeout(timer);
      expect(sandbox.stats.requests).toBe(0);
    } finally {
      await hung.close();
    }
  });

  it('Redis restarted (empty) in the middle: no call fails; afterwards the fleet shares one session again', async () => {
    const fleet = [member({ maxConcurrent: 3 }, { timeoutMs: 300 }), member({ maxConcurrent: 3 }, { timeoutMs: 300 })];
    await burst(fleet, 5);
    await redis.stop();
    sandbox.expireAllSessions(); // while Redis is down: each member signs in on its own
    await expect(burst(fleet, 10)).resolves.toHaveLength(20);
    const whileDown = sandbox.stats.sessionsCreated;
    expect(whileDown).toBe(3);
    await redis.start();
    // The members rejoin on their warm path: the first shares its session, the other takes it and ends its own.
    await until(async () => {
      await burst(fleet, 1);
      return sandbox.stats.sessionsEnded === 1;
    }, 'the members to rejoin');
    sandbox.reset();
    await burst(fleet, 3);
    expect(tokensSent()).toHaveLength(1);
    sandbox.expireAllSessions();
    await burst(fleet, 5);
    expect(sandbox.stats.sessionsCreated).toBe(1);
  });
});

describe('maxConcurrent', () => {
  it('without a store, bounds the requests of one client (counted on the server); a queued call is released by its signal', async () => {
    const slow = await startResellerSandbox({ apiKeys: [API_KEY], latencyMs: 30 });
    const proxy = await startCountingProxy(slow.signinUrl);
    try {
      const iq = new IqResellerClient({ apiKey: API_KEY, signinUrl: proxy.url, apiUrl: proxy.url, maxConcurrent: 3 });
      clients.push(iq);
      await iq.getCVs();
      const calls = Array.from({ length: 30 }, () => iq.getCVs());
      const controller = new AbortController();
      const queued = iq.getCVs(undefined, { signal: controller.signal });
      await until(() => proxy.inFlight === 3, 'three calls at the server');
      controller.abort();
      await expect(queued).rejects.toBeInstanceOf(IqAbortError);
      await Promise.all(calls);
      expect(proxy.maxInFlight).toBe(3);
      expect(proxy.calls).toBe(31);
    } finally {
      await proxy.close();
      await slow.close();
    }
  });

  it('a fleet slot left by a dead member frees itself after slotTtlMs; a call waiting for one is released by its signal', async () => {
    const slots = `iq-integration:reseller:{${scope()}}:slots`;
    await withRedis(redis.url, (r) => r.zAdd(slots, [{ score: Date.now() + 60_000, value: 'dead-1' }]));
    const iq = member({ maxConcurrent: 1 }, { slotTtlMs: 300 });
    await expect(iq.getCVs(undefined, { signal: AbortSignal.timeout(150) })).rejects.toBeInstanceOf(IqAbortError);
    await withRedis(redis.url, (r) => r.zAdd(slots, [{ score: Date.now() + 300, value: 'dead-1' }]));
    await expect(iq.getCVs()).resolves.toHaveLength(3);
  });
});
