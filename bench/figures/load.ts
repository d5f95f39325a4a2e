// Figures 6-8: how the clients behave under load, beside fetch doing the same
// by hand: one session for 1,000 concurrent calls, keep-alive connections, and
// a heap that does not grow. (Timing goals are figures 1-5; these are behaviour.)
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IqResellerClient, PrintIqSsoClient } from '../../src';
import { API_KEY, APP_KEY, SSO_INPUT } from '../lib/canned';
import type { Servers } from '../lib/control';
import { fetchGetCVs, fetchJsonSso, fetchSession, fetchSoap } from '../lib/floor';
import { runNode } from './cold';
import { SSO_PATH } from './warm';

// ---------------------------------------------------------------- figure 6: throughput

export interface ThroughputRound {
  kind: 'client' | 'fetch';
  seconds: number;
  rps: number;
  errors: number;
  wrongAnswers: number;
  sessionsSeenByServer: number;
  sessionsCreatedByClient?: number;
  connectionsOpened: number;
  measured: boolean;
}

export async function throughput(servers: Servers, n: number, rounds: number): Promise<ThroughputRound[]> {
  const base = await servers.listen('tput/reseller/http', 'reseller', 'http');
  const counters = async () => (await servers.stats())['tput/reseller/http'];
  const out: ThroughputRound[] = [];
  const round = async (kind: 'client' | 'fetch', measured: boolean) => {
    const before = await counters();
    const t0 = performance.now();
    let results: PromiseSettledResult<unknown[]>[];
    let client: IqResellerClient | undefined;
    if (kind === 'client') {
      client = new IqResellerClient({ apiKey: API_KEY, signinUrl: base, apiUrl: base });
      const c = client;
      results = await Promise.allSettled(Array.from({ length: n }, () => c.getCVs()));
    } else {
      const token = await fetchSession(base, API_KEY);
      results = await Promise.allSettled(Array.from({ length: n }, () => fetchGetCVs(base, token)));
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = await counters();
    const sessionsCreatedByClient = client?.sessionsCreated;
    await client?.close();
    out.push({
      kind,
      seconds,
      rps: n / seconds,
      errors: results.filter((r) => r.status === 'rejected').length,
      wrongAnswers: results.filter((r) => r.status === 'fulfilled' && (!Array.isArray(r.value) || r.value.length !== 25)).length,
      sessionsSeenByServer: after.sessions - before.sessions,
      sessionsCreatedByClient,
      connectionsOpened: after.connections - before.connections,
      measured,
    });
  };
  // One warm-up round of each (the first opens the pool's ~1,000 connections): reported, not counted in the medians.
  await round('client', false);
  await round('fetch', false);
  for (let i = 0; i < rounds; i++) {
    const order: ('client' | 'fetch')[] = i % 2 === 0 ? ['client', 'fetch'] : ['fetch', 'client'];
    for (const kind of order) await round(kind, true);
  }
  return out;
}

// ---------------------------------------------------------------- figure 7: connections

export interface ConnectionRun {
  scheme: 'http' | 'https';
  kind: string;
  calls: number;
  connections: number;
  requests: number;
  bad: number;
  errors: number;
  msPerCall: number;
  dispatcher: string;
}

type AgentCtor = new (options?: { connect?: { ca: string } }) => { close(): Promise<void> };

export async function connections(servers: Servers, calls: number, https?: { ca: string; Agent: AgentCtor }): Promise<ConnectionRun[]> {
  const out: ConnectionRun[] = [];
  for (const scheme of https ? (['http', 'https'] as const) : (['http'] as const)) {
    // Over https the package trusts the test CA through its `ca` option (node:https), and once through an
    // undici Agent as `dispatcher`; fetch can only take the Agent.
    type Tls = { ca?: string; agent?: unknown };
    const kinds: {
      kind: string;
      protocol: 'soap' | 'json' | 'reseller';
      via: 'ca' | 'agent' | 'fetch';
      make(base: string, tls: Tls): () => Promise<unknown>;
    }[] = [
      {
        kind: 'SSO SOAP 1.2 (PrintIqSsoClient)',
        protocol: 'soap',
        via: 'ca',
        make: (b, t) => {
          const c = new PrintIqSsoClient({ url: `${b}${SSO_PATH}`, appKey: APP_KEY, ca: t.ca });
          return () => c.request(SSO_INPUT);
        },
      },
      {
        kind: 'SSO JSON (PrintIqSsoClient)',
        protocol: 'json',
        via: 'ca',
        make: (b, t) => {
          const c = new PrintIqSsoClient({ url: `${b}${SSO_PATH}`, appKey: APP_KEY, transport: 'json', ca: t.ca });
          return () => c.request(SSO_INPUT);
        },
      },
      {
        kind: 'getCVs (IqResellerClient, +1 session)',
        protocol: 'reseller',
        via: 'ca',
        make: (b, t) => {
          const c = new IqResellerClient({ apiKey: API_KEY, signinUrl: b, apiUrl: b, ca: t.ca });
          return () => c.getCVs();
        },
      },
      {
        kind: 'getCVs (IqResellerClient with an undici dispatcher, +1 session)',
        protocol: 'reseller',
        via: 'agent',
        make: (b, t) => {
          const c = new IqResellerClient({ apiKey: API_KEY, signinUrl: b, apiUrl: b, dispatcher: t.agent });
          return () => c.getCVs();
        },
      },
      { kind: 'fetch SOAP 1.2', protocol: 'soap', via: 'fetch', make: (b, t) => () => fetchSoap(`${b}${SSO_PATH}`, '1.2', t.agent) },
      { kind: 'fetch JSON SSO', protocol: 'json', via: 'fetch', make: (b, t) => () => fetchJsonSso(`${b}${SSO_PATH}`, t.agent) },
      { kind: 'fetch GetCVs', protocol: 'reseller', via: 'fetch', make: (b, t) => () => fetchGetCVs(b, undefined, t.agent) },
    ];
    for (const k of kinds) {
      const key = `conn/${scheme}/${k.kind}`;
      // A fresh listener is a fresh origin: no connection pooled earlier in the run can be reused.
      const base = await servers.listen(key, k.protocol, scheme);
      const secure = scheme === 'https';
      // Raw fetch over http uses Node's global dispatcher; the package's dispatcher kind always gets an Agent.
      const agent = https && (k.via === 'agent' || (secure && k.via === 'fetch')) ? new https.Agent(secure ? { connect: { ca: https.ca } } : {}) : undefined;
      if (k.via === 'agent' && !agent) continue;
      const call = k.make(base, { ca: secure && k.via === 'ca' ? https!.ca : undefined, agent });
      let errors = 0;
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await call().catch(() => errors++);
      const msPerCall = (performance.now() - t0) / calls;
      const counters = (await servers.stats())[key];
      out.push({
        scheme,
        kind: k.kind,
        calls,
        connections: counters.connections,
        requests: counters.requests,
        bad: counters.bad,
        errors,
        msPerCall,
        dispatcher: agent
          ? `undici Agent(${secure ? '{ connect: { ca } }' : ''}) as \`dispatcher\``
          : k.via === 'fetch'
            ? "fetch: Node's global dispatcher"
            : secure
              ? 'node:https, the `ca` option'
              : 'node:http, the shared keep-alive agent',
      });
      await agent?.close();
    }
  }
  return out;
}

// ---------------------------------------------------------------- figure 8: memory

export interface MemoryRun {
  kind: string;
  first: number;
  total: number;
  concurrency: number;
  errors: number;
  sessions?: number;
  before: number;
  afterFirst: number;
  afterTotal: number;
  seconds: number;
  rss: number;
  error?: string;
}

export async function memory(kinds: { kind: string; url: string }[], first: number, total: number, concurrency: number, cwd: string): Promise<MemoryRun[]> {
  const script = join(__dirname, '..', 'memory.ts');
  const out: MemoryRun[] = [];
  for (const { kind, url } of kinds) {
    const result = await runNode(['--expose-gc', '--import', 'tsx', script, kind, url, String(first), String(total), String(concurrency)], cwd);
    if (result.code !== 0) {
      out.push({
        kind,
        first,
        total,
        concurrency,
        errors: NaN,
        before: NaN,
        afterFirst: NaN,
        afterTotal: NaN,
        seconds: NaN,
        rss: NaN,
        error: result.stderr.split('\n')[0],
      });
      continue;
    }
    out.push(JSON.parse(result.stdout) as MemoryRun);
  }
  return out;
}
