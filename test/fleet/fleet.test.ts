// A fleet of real child processes sharing one IQ Reseller session and one load
// budget through a real redis-server, against the IQ Reseller sandbox behind a
// proxy that counts what the vendor would see. `npm run figures:fleet` runs the
// same scenarios with 8 processes and prints the figures.
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';
import { startCountingProxy, type CountingProxy } from './harness/counting-proxy';
import { startFleet, total, type Fleet } from './harness/fleet';
import { flushRedis } from './harness/redis-dump';
import { startRedis, type RedisServer } from './harness/redis-server';
import type { WorkerConfig } from './harness/worker';

jest.setTimeout(90_000);

const API_KEY = 'fleet-processes-api-key-7d21';
const MEMBERS = 4;

let redis: RedisServer;
let sandbox: ResellerSandbox;
let proxy: CountingProxy;
let fleet: Fleet;

// One set of processes for the file (starting one costs about a second of CPU): each test resets them to cold clients.
beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startResellerSandbox({ apiKeys: [API_KEY], cvCount: 3, latencyMs: 5 });
  proxy = await startCountingProxy(sandbox.signinUrl);
  fleet = await startFleet(MEMBERS, config());
});
afterAll(async () => {
  await fleet?.close();
  await proxy.close();
  await sandbox.close();
  await redis.stop();
});
beforeEach(async () => {
  if (!redis.running) await redis.start();
  await fleet.reset(config()); // each member closes its client first: leaves the shared session
  await flushRedis(redis.url);
  sandbox.endAllSessions();
  sandbox.reset();
  proxy.reset();
});

function config(extra: { store?: WorkerConfig['store']; client?: WorkerConfig['client'] } = {}): WorkerConfig {
  return { apiKey: API_KEY, signinUrl: proxy.url, apiUrl: proxy.url, store: { url: redis.url, timeoutMs: 500, ...extra.store }, client: extra.client };
}

it(`a cold fleet of ${MEMBERS} processes x 25 concurrent calls creates one session; no call fails`, async () => {
  const result = total(await fleet.runAll(25, 25));
  expect(result).toEqual({ ok: MEMBERS * 25, failed: 0, errors: [] });
  expect(sandbox.stats.sessionsCreated).toBe(1);
  expect(proxy.sessionPosts).toBe(1);
});

it('the session expiring in the middle of a burst: one refresh for the whole fleet, no failed call', async () => {
  await fleet.runAll(1, 1);
  const before = sandbox.stats.sessionsCreated;
  const running = fleet.runAll(40, 10);
  await proxy.callsReach(MEMBERS + 60);
  sandbox.expireAllSessions();
  const result = total(await running);
  expect(result).toEqual({ ok: MEMBERS * 40, failed: 0, errors: [] });
  expect(sandbox.stats.unauthorized).toBeGreaterThan(0);
  expect(sandbox.stats.sessionsCreated - before).toBe(1);
});

it('the lock holder killed (SIGKILL) in the middle of a refresh: the others take over once its lock expires, no failed call', async () => {
  const lockTtlMs = 2_000;
  await fleet.reset(config({ store: { lockTtlMs } }));
  await fleet.runAll(1, 1);
  const [victim, ...others] = fleet.members;
  sandbox.injectFault({ path: 'IntegrationAPI/Session', kind: 'delay', ms: 60_000 });
  sandbox.expireAllSessions();
  proxy.reset();
  const created = sandbox.stats.sessionsCreated;
  void victim.run(1, 1).catch(() => undefined);
  // The victim was refused, took the lock and is signing in (its sign-in hangs): now it dies.
  while (proxy.sessionPosts < 1) await new Promise((ok) => setTimeout(ok, 10));
  await victim.kill();
  // How soon it recovers is a figure (npm run figures:fleet), not an assertion here.
  const reports = await Promise.all(others.map((m) => m.run(10, 5)));
  const result = total(reports);
  expect(result).toEqual({ ok: (MEMBERS - 1) * 10, failed: 0, errors: [] });
  expect(sandbox.stats.sessionsCreated - created).toBe(1); // the takeover's; the victim's sign-in never finished
});

it(`maxConcurrent: 2 across ${MEMBERS} processes: the server never sees more than 2 requests at once, and every call completes`, async () => {
  await fleet.reset(config({ client: { maxConcurrent: 2 } }));
  const result = total(await fleet.runAll(25, 10));
  expect(result).toEqual({ ok: MEMBERS * 25, failed: 0, errors: [] });
  expect(proxy.maxInFlight).toBe(2);
});

it('Redis restarted (empty) in the middle of a run: no call fails, and the fleet then shares one session again', async () => {
  await fleet.reset(config({ client: { maxConcurrent: 3 } }));
  const running = fleet.runAll(150, 5);
  await proxy.callsReach(150);
  await redis.stop();
  sandbox.expireAllSessions(); // while Redis is down, each member signs in on its own
  await proxy.callsReach(300);
  await redis.start();
  expect(total(await running)).toEqual({ ok: MEMBERS * 150, failed: 0, errors: [] });
  // Warm calls rejoin the shared session (at most one attempt a second); then one expiry means one refresh.
  for (let round = 0; round < 4; round++) {
    await fleet.runAll(2, 1);
    await new Promise((ok) => setTimeout(ok, 600));
  }
  const before = sandbox.stats.sessionsCreated;
  sandbox.expireAllSessions();
  expect(total(await fleet.runAll(10, 5)).failed).toBe(0);
  expect(sandbox.stats.sessionsCreated - before).toBe(1);
});

it("members' close() leave the shared session; one endSharedSession() ends it for the fleet", async () => {
  await fleet.runAll(3, 3);
  const [ender, ...rest] = fleet.members;
  const ended = ender.next('endedShared');
  ender.send({ type: 'endShared' });
  expect((await ended).error).toBeUndefined();
  expect(sandbox.stats.sessionsEnded).toBe(1);
  // The others still hold the ended token: the vendor's 404 makes the fleet start one new session.
  expect(total(await Promise.all(rest.map((m) => m.run(5, 5)))).failed).toBe(0);
  expect(sandbox.stats.sessionsCreated).toBe(2);
  await fleet.reset(config()); // every member closes its client
  expect(sandbox.stats.sessionsEnded).toBe(1);
});
