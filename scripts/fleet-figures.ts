// npm run figures:fleet
// Measures what docs/fleet.md states about a fleet sharing one IQ Reseller
// session and one load budget on Redis, and prints it: real child processes
// (test/fleet/harness), a real redis-server on a free port, the IQ Reseller
// sandbox behind a proxy that counts what the vendor sees. A script, not a test.
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { IqResellerClient } from '../src';
import { REDIS_STORE_DEFAULTS, RedisSessionStore } from '../src/redis';
import { startResellerSandbox, type ResellerSandbox } from '../src/sandbox/reseller';
import { startCountingProxy, type CountingProxy } from '../test/fleet/harness/counting-proxy';
import { startFleet, total, type Fleet } from '../test/fleet/harness/fleet';
import { flushRedis } from '../test/fleet/harness/redis-dump';
import { startRedis, type RedisServer } from '../test/fleet/harness/redis-server';
import type { WorkerConfig } from '../test/fleet/harness/worker';

const API_KEY = 'fleet-figures-api-key-5e8a';
const MEMBERS = 8;
const CALLS = 50;

const log = (line: string) => process.stderr.write(`[fleet ${(performance.now() / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
const lines: string[] = [];
let lastMethod = '';
const figure = (name: string, value: string, method: string) => {
  lines.push(`| ${name} | ${value} | ${method === lastMethod ? 'the same' : method} |`);
  lastMethod = method;
  log(`${name}: ${value}`);
};

interface Rig {
  redis: RedisServer;
  sandbox: ResellerSandbox;
  proxy: CountingProxy;
  fleet: Fleet;
}

function config(rig: Pick<Rig, 'redis' | 'proxy'>, extra: Pick<WorkerConfig, 'store' | 'client'> = {}): WorkerConfig {
  return { apiKey: API_KEY, signinUrl: rig.proxy.url, apiUrl: rig.proxy.url, store: { url: rig.redis.url, ...extra.store }, client: extra.client };
}

/** Every member cold, Redis empty, no live session at the vendor, counters at zero. */
async function fresh(rig: Rig, extra: Pick<WorkerConfig, 'store' | 'client'> = {}): Promise<void> {
  if (!rig.redis.running) await rig.redis.start();
  await rig.fleet.reset(config(rig, extra));
  await flushRedis(rig.redis.url);
  rig.sandbox.endAllSessions();
  rig.sandbox.reset();
  rig.proxy.reset();
}

async function coldFleet(rig: Rig): Promise<void> {
  await fresh(rig);
  const result = total(await rig.fleet.runAll(CALLS, CALLS));
  figure(
    `cold fleet, ${MEMBERS} processes x ${CALLS} concurrent calls`,
    `${rig.sandbox.stats.sessionsCreated} session created; ${result.ok} calls answered, ${result.failed} failed`,
    'sessions counted by the sandbox',
  );
}

async function expiryInBurst(rig: Rig): Promise<void> {
  await fresh(rig);
  await rig.fleet.runAll(1, 1);
  const before = rig.sandbox.stats.sessionsCreated;
  const running = rig.fleet.runAll(CALLS, CALLS);
  await rig.proxy.callsReach(MEMBERS + (MEMBERS * CALLS) / 2);
  rig.sandbox.expireAllSessions();
  const result = total(await running);
  figure(
    'the session expiring in the middle of that burst',
    `${rig.sandbox.stats.sessionsCreated - before} refresh for the fleet (${rig.sandbox.stats.unauthorized} calls refused and replayed); ${result.failed} failed of ${result.ok + result.failed}`,
    'all sessions expired at the sandbox once half the burst was answered',
  );
}

async function killedLockHolder(rig: Rig): Promise<void> {
  await fresh(rig);
  const { lockTtlMs } = REDIS_STORE_DEFAULTS;
  await rig.fleet.runAll(1, 1);
  const [victim, ...others] = rig.fleet.members;
  rig.sandbox.injectFault({ path: 'IntegrationAPI/Session', kind: 'delay', ms: 120_000 });
  rig.sandbox.expireAllSessions();
  rig.proxy.reset();
  const created = rig.sandbox.stats.sessionsCreated;
  void victim.run(1, 1).catch(() => undefined);
  while (rig.proxy.sessionPosts < 1) await new Promise((ok) => setTimeout(ok, 5));
  await victim.kill();
  const killedAt = Date.now();
  const reports = await Promise.all(others.map((m) => m.run(CALLS, 10)));
  const result = total(reports);
  const recovered = Math.min(...reports.map((r) => r.firstOkAt ?? Infinity)) - killedAt;
  figure(
    'the lock holder killed (SIGKILL) in the middle of a refresh',
    `recovered ${(recovered / 1000).toFixed(2)} s after the kill (lock TTL ${lockTtlMs / 1000} s, the default); ${rig.sandbox.stats.sessionsCreated - created} new session; ${result.failed} failed of ${result.ok + result.failed}`,
    "the holder's sign-in hangs at the sandbox; time from SIGKILL to the first answered call of the other 7",
  );
}

async function loadBudget(rig: Rig): Promise<void> {
  await fresh(rig, { client: { maxConcurrent: 4 } });
  const started = performance.now();
  const result = total(await rig.fleet.runAll(CALLS, CALLS));
  const seconds = (performance.now() - started) / 1000;
  figure(
    `maxConcurrent: 4 across ${MEMBERS} processes`,
    `at most ${rig.proxy.maxInFlight} requests at once at the server; ${result.ok} calls completed in ${seconds.toFixed(1)} s, ${result.failed} failed`,
    'requests under way counted by the proxy in front of the sandbox (5 ms latency)',
  );
}

async function redisRestart(rig: Rig): Promise<void> {
  const calls = 150;
  await fresh(rig, { client: { maxConcurrent: 4 }, store: { timeoutMs: 500 } });
  const running = rig.fleet.runAll(calls, 5);
  await rig.proxy.callsReach((MEMBERS * calls) / 4);
  await rig.redis.stop();
  const stoppedAt = performance.now();
  rig.sandbox.expireAllSessions();
  const sessionsBefore = rig.sandbox.stats.sessionsCreated;
  await rig.proxy.callsReach((MEMBERS * calls) / 2);
  await rig.redis.start();
  const downSeconds = (performance.now() - stoppedAt) / 1000;
  const result = total(await running);
  figure(
    'Redis restarted (empty) in the middle of a run',
    `${result.failed} failed of ${result.ok + result.failed}; down ${downSeconds.toFixed(1)} s, during which the session expired: ${rig.sandbox.stats.sessionsCreated - sessionsBefore} members signed in on their own`,
    `${MEMBERS} processes x ${calls} calls, 5 at a time, maxConcurrent 4 (every call asks Redis); redis-server stopped, the session expired, started again`,
  );
}

/** A Redis client that counts its round trips (each sendCommand is one). */
async function countingRedis(url: string) {
  const redis = createClient({ url });
  redis.on('error', () => undefined);
  await redis.connect();
  const counted = {
    trips: 0,
    sendCommand(args: string[]) {
      counted.trips++;
      return redis.sendCommand(args);
    },
    close: () => redis.close(),
  };
  return counted;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Sequential warm getCVs per client, in interleaved blocks; the median of each block's time per call. */
async function costPerCall(redis: RedisServer): Promise<void> {
  const sandbox = await startResellerSandbox({ apiKeys: [API_KEY], cvCount: 3 });
  await flushRedis(redis.url);
  const base = { apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl };
  const links = [await countingRedis(redis.url), await countingRedis(redis.url)];
  const variants: Array<[string, IqResellerClient, { trips: number } | undefined]> = [
    ['in the process (no store)', new IqResellerClient(base), undefined],
    ['in the process + maxConcurrent 64', new IqResellerClient({ ...base, maxConcurrent: 64 }), undefined],
    ['Redis store', new IqResellerClient({ ...base, sessionStore: new RedisSessionStore({ client: links[0] }) }), links[0]],
    [
      'Redis store + maxConcurrent 64',
      new IqResellerClient({ ...base, sessionStore: new RedisSessionStore({ client: links[1] }), maxConcurrent: 64 }),
      links[1],
    ],
  ];
  const BLOCK = 200;
  const ROUNDS = 15;
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const trips = new Map<string, number>(variants.map(([name]) => [name, 0]));
  const ping: number[] = [];
  for (const [, client] of variants) for (let i = 0; i < 50; i++) await client.getCVs();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, client, counter] of variants) {
      const before = counter?.trips ?? 0;
      const t0 = performance.now();
      for (let i = 0; i < BLOCK; i++) await client.getCVs();
      times.get(name)!.push(((performance.now() - t0) * 1000) / BLOCK);
      trips.set(name, trips.get(name)! + (counter?.trips ?? 0) - before);
    }
    const t0 = performance.now();
    for (let i = 0; i < BLOCK; i++) await links[0].sendCommand(['PING']);
    ping.push(((performance.now() - t0) * 1000) / BLOCK);
  }
  const floor = median(times.get(variants[0][0])!);
  for (const [name] of variants) {
    const us = median(times.get(name)!);
    figure(
      `warm getCVs(), ${name}`,
      `${us.toFixed(0)} us per call (${us >= floor ? '+' : ''}${(us - floor).toFixed(0)} us); ${(trips.get(name)! / (BLOCK * ROUNDS)).toFixed(2)} Redis round trips per call`,
      `median of ${ROUNDS} interleaved blocks of ${BLOCK} sequential calls, loopback, sandbox without latency; round trips counted on the store's client`,
    );
  }
  figure('one Redis round trip (PING), for scale', `${median(ping).toFixed(0)} us`, `median of ${ROUNDS} blocks of ${BLOCK}, the same client`);
  for (const [, client] of variants) await client.close();
  for (const link of links) await link.close();
  await sandbox.close();
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const sandbox = await startResellerSandbox({ apiKeys: [API_KEY], cvCount: 3, latencyMs: 5 });
  const proxy = await startCountingProxy(sandbox.signinUrl);
  log(`starting ${MEMBERS} processes...`);
  const fleet = await startFleet(MEMBERS, config({ redis, proxy }));
  const rig: Rig = { redis, sandbox, proxy, fleet };
  try {
    await coldFleet(rig);
    await expiryInBurst(rig);
    await killedLockHolder(rig);
    await loadBudget(rig);
    await redisRestart(rig);
    await fleet.close();
    await costPerCall(redis);
  } finally {
    await fleet.close();
    await proxy.close();
    await sandbox.close();
    await redis.stop();
  }
  const cores = (await import('node:os')).cpus().length;
  process.stdout.write(
    [
      `Fleet figures, measured ${new Date().toISOString().slice(0, 10)} by npm run figures:fleet (Node ${process.version}, ${cores} cores, redis-server on loopback):`,
      '',
      '| measure | result | method |',
      '|---|---|---|',
      ...lines,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
