// The measurements. Each returns plain data; run.ts prints and writes it.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { IqResellerClient, PrintIqSsoClient } from '../src';
import { HttpPipeline } from '../src/http/pipeline';
import { API_KEY, APP_KEY, SSO_INPUT, WIRE_INPUT } from './lib/canned';
import type { Servers } from './lib/control';
import { nodeSoapClient, rawGetCVs, rawJsonSso, rawSession, rawSoap12, soap12Envelope } from './lib/floor';
import { interleave, medianCi, ratios, summarize, type Blocks, type InterleaveOptions, type Summary, type Variant } from './lib/stats';
import { XMLParser } from 'fast-xml-parser';

export const SSO_PATH = '/webservice/Authentication.asmx';

export interface Comparison {
  id: string;
  title: string;
  subject: string;
  baseline: string;
  subjectUs: Summary;
  baselineUs: Summary;
  subjectCpuUs: number;
  baselineCpuUs: number;
  /** subject / baseline, per round. */
  ratio: Summary;
  ci: [number, number];
  goal?: { max: number; text: string; strict?: boolean };
}

function compare(id: string, title: string, blocks: Blocks[], variants: Variant[], s: number, b: number, goal?: Comparison['goal']): Comparison {
  const r = ratios(blocks[s].wallUs, blocks[b].wallUs);
  return {
    id,
    title,
    subject: variants[s].name,
    baseline: variants[b].name,
    subjectUs: summarize(blocks[s].wallUs),
    baselineUs: summarize(blocks[b].wallUs),
    subjectCpuUs: summarize(blocks[s].cpuUs).median,
    baselineCpuUs: summarize(blocks[b].cpuUs).median,
    ratio: summarize(r),
    ci: medianCi(r),
    goal,
  };
}

export interface GroupResult {
  name: string;
  options: InterleaveOptions;
  variants: { name: string; wallUs: Summary; cpuUs: Summary }[];
  comparisons: Comparison[];
  seconds: number;
}

function group(name: string, options: InterleaveOptions, variants: Variant[], blocks: Blocks[], comparisons: Comparison[], seconds: number): GroupResult {
  return {
    name,
    options,
    variants: variants.map((v, i) => ({ name: v.name, wallUs: summarize(blocks[i].wallUs), cpuUs: summarize(blocks[i].cpuUs) })),
    comparisons,
    seconds,
  };
}

async function checkOnce(variants: Variant[]): Promise<void> {
  for (const v of variants) await v.call();
}

// ---------------------------------------------------------------- server choice

export interface ServerChoice {
  minimalUs?: Summary;
  sandboxUs?: Summary;
  ratio?: Summary;
  cvMinimalUs?: Summary;
  cvSandboxUs?: Summary;
  cvRatio?: Summary;
  error?: string;
}

/** Raw fetch against the minimal servers vs the project's sandbox: is the sandbox fast enough to serve the bench? */
export async function measureServerChoice(servers: Servers, soapBase: string, resellerBase: string, options: InterleaveOptions): Promise<ServerChoice> {
  let box;
  try {
    box = await servers.sandbox();
  } catch (error) {
    return { error: `the sandbox did not start: ${String((error as Error).message).split('\n')[0]}` };
  }
  try {
    const token = await rawSession(box.signinUrl, box.apiKey);
    // A user the sandbox knows (it refuses unknown users, as printIQ does), sent to both.
    const input = { ...WIRE_INPUT, UserName: 'testuser', AppKey: box.appKey };
    const variants: Variant[] = [
      { name: 'minimal SOAP', call: () => rawSoap12(`${soapBase}${SSO_PATH}`, undefined, input) },
      { name: 'sandbox SOAP', call: () => rawSoap12(box.soapUrl, undefined, input) },
      { name: 'minimal GetCVs', call: () => rawGetCVs(resellerBase) },
      { name: 'sandbox GetCVs', call: () => rawGetCVs(box.apiUrl, token) },
    ];
    await checkOnce(variants);
    const blocks = await interleave(variants, options);
    return {
      minimalUs: summarize(blocks[0].wallUs),
      sandboxUs: summarize(blocks[1].wallUs),
      ratio: summarize(ratios(blocks[1].wallUs, blocks[0].wallUs)),
      cvMinimalUs: summarize(blocks[2].wallUs),
      cvSandboxUs: summarize(blocks[3].wallUs),
      cvRatio: summarize(ratios(blocks[3].wallUs, blocks[2].wallUs)),
    };
  } catch (error) {
    return { error: `the sandbox could not be measured: ${String((error as Error).message).split('\n')[0]}` };
  }
}

// ---------------------------------------------------------------- figures 1-3

/** undici's request() (the dispatcher API of the npm package), when it can be loaded: a reference transport. */
function undiciRequest(): ((url: string, options: Record<string, unknown>) => Promise<{ statusCode: number; body: { text(): Promise<string> } }>) | undefined {
  try {
     
    return require('undici').request;
  } catch {
    return undefined;
  }
}

const fxp = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, removeNSPrefix: true, parseTagValue: false });

/** Figures 1 and 2, with one attribution variant: the floor's envelope sent through the package's own HttpPipeline. */
export async function soapGroup(soapBase: string, options: InterleaveOptions): Promise<GroupResult> {
  const url = `${soapBase}${SSO_PATH}`;
  const ours = new PrintIqSsoClient({ url, appKey: APP_KEY });
  const nodeSoap = await nodeSoapClient(url);
  const pipeline = new HttpPipeline({});
  const viaPipeline = async () => {
    const response = await pipeline.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="http://printiq.co.nz/SSORequest"', accept: 'application/soap+xml' },
      body: soap12Envelope(WIRE_INPUT),
      operation: 'SSORequest',
      idempotent: true,
    });
    const r = fxp.parse(response.body).Envelope.Body.SSORequestResponse.SSORequestResult;
    if (r.IsError !== 'false') throw new Error('SSO failed');
    return r;
  };
  const request = undiciRequest();
  const viaUndici = async () => {
    const response = await request!(url, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="http://printiq.co.nz/SSORequest"' },
      body: soap12Envelope(WIRE_INPUT),
    });
    const r = fxp.parse(await response.body.text()).Envelope.Body.SSORequestResponse.SSORequestResult;
    if (response.statusCode !== 200 || r.IsError !== 'false') throw new Error('SSO failed');
    return r;
  };
  const variants: Variant[] = [
    { name: 'floor: hand-built envelope, fetch, fast-xml-parser', call: () => rawSoap12(url) },
    { name: 'PrintIqSsoClient (soap12)', call: () => ours.request(SSO_INPUT) },
    { name: 'node-soap direct (createClientAsync + SSORequestAsync)', call: nodeSoap },
    { name: 'attribution: floor envelope sent through HttpPipeline', call: viaPipeline },
    ...(request ? [{ name: "reference: floor envelope sent with undici's request() instead of fetch", call: viaUndici }] : []),
  ];
  await checkOnce(variants);
  const t0 = performance.now();
  const blocks = await interleave(variants, options);
  const seconds = (performance.now() - t0) / 1000;
  return group('SSO over SOAP 1.2', options, variants, blocks, [
    compare('1', 'SSO SOAP 1.2: PrintIqSsoClient vs the floor', blocks, variants, 1, 0, { max: 1.1, text: '<= 1.10x' }),
    compare('2', 'SSO SOAP 1.2: PrintIqSsoClient vs node-soap direct', blocks, variants, 1, 2, { max: 1, text: '< 1 (faster)', strict: true }),
    compare('1a', 'attribution: floor envelope via HttpPipeline vs the floor (the pipeline\'s share)', blocks, variants, 3, 0),
    compare('1b', 'attribution: PrintIqSsoClient vs floor envelope via HttpPipeline (node-soap\'s and the checks\' share)', blocks, variants, 1, 3),
    compare('2a', 'attribution: node-soap direct vs the floor', blocks, variants, 2, 0),
    ...(request ? [compare('1r', "reference: undici's request() vs fetch for the floor's exchange (the transport's own cost)", blocks, variants, 4, 0)] : []),
  ], seconds);
}

export async function jsonGroup(jsonBase: string, options: InterleaveOptions): Promise<GroupResult> {
  const url = `${jsonBase}${SSO_PATH}`;
  const ours = new PrintIqSsoClient({ url, appKey: APP_KEY, transport: 'json' });
  const variants: Variant[] = [
    { name: 'raw fetch of the same JSON request', call: () => rawJsonSso(url) },
    { name: 'PrintIqSsoClient (json)', call: () => ours.request(SSO_INPUT) },
  ];
  await checkOnce(variants);
  const t0 = performance.now();
  const blocks = await interleave(variants, options);
  return group('SSO over JSON', options, variants, blocks, [compare('3a', 'SSO JSON: PrintIqSsoClient vs raw fetch', blocks, variants, 1, 0, { max: 1.05, text: '<= 1.05x' })], (performance.now() - t0) / 1000);
}

export async function getCvsGroup(resellerBase: string, options: InterleaveOptions): Promise<GroupResult> {
  const client = new IqResellerClient({ apiKey: API_KEY, signinUrl: resellerBase, apiUrl: resellerBase });
  await client.getCVs(); // the session is created here: the measured calls are warm
  const token = await rawSession(resellerBase, API_KEY);
  const pipeline = new HttpPipeline({});
  const url = `${resellerBase}/webapi.svc/CV/JSON/GetCVs`;
  const request = undiciRequest();
  const headers = { accept: 'application/json', 'content-type': 'application/json', 'content-encoding': 'UTF8', 'iqr-session-token': token };
  const variants: Variant[] = [
    { name: 'raw fetch with the session header', call: () => rawGetCVs(resellerBase, token) },
    { name: 'IqResellerClient.getCVs() (warm session)', call: () => client.getCVs() },
    { name: 'control: the same raw fetch again (A/A)', call: () => rawGetCVs(resellerBase, token) },
    {
      name: 'attribution: HttpPipeline.send + JSON.parse',
      call: async () => JSON.parse((await pipeline.send({ method: 'POST', url, headers, body: '{}', operation: 'CV/GetCVs', idempotent: true })).body),
    },
    ...(request
      ? [{ name: "reference: the same request with undici's request() instead of fetch", call: async () => JSON.parse(await (await request(url, { method: 'POST', headers, body: '{}' })).body.text()) }]
      : []),
  ];
  await checkOnce(variants);
  const t0 = performance.now();
  const blocks = await interleave(variants, options);
  await client.close();
  return group('IQ Reseller GetCVs', options, variants, blocks, [
    compare('3b', 'getCVs (warm): IqResellerClient vs raw fetch', blocks, variants, 1, 0, { max: 1.05, text: '<= 1.05x' }),
    compare('3c', 'control: raw fetch vs itself (noise of the method)', blocks, variants, 2, 0),
    compare('3d', 'attribution: HttpPipeline.send vs raw fetch (the pipeline\'s share)', blocks, variants, 3, 0),
    compare('3e', 'attribution: getCVs vs HttpPipeline.send (the client\'s share)', blocks, variants, 1, 3),
    ...(request ? [compare('3r', "reference: undici's request() vs fetch for the same GetCVs (the transport's own cost)", blocks, variants, 4, 0)] : []),
  ], (performance.now() - t0) / 1000);
}

// ---------------------------------------------------------------- figure 4: cold start

export interface ColdRun {
  mode: 'package' | 'raw';
  wallMs: number;
  bootMs: number;
  firstResultMs: number;
  warmCallMs: number;
  steps: Record<string, number>;
  parts: Record<string, number>;
}

export interface ColdResult {
  runs: ColdRun[];
  /** ms to require each transport's modules in a new process, one value per process. */
  loads: Record<string, number[]>;
  errors: string[];
}

/** What each way of sending costs to load cold: the package's transport, and undici's which it does not use. */
const TRANSPORT_LOADS: Record<string, string> = {
  "node:http + node:https (the package's transport)": "require('node:http'); require('node:https')",
  "undici (npm; request() would be faster, but is not used)": "require('undici')",
};

function runChild(args: string[], cwd: string): Promise<{ wallMs: number; stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ wallMs: performance.now() - t0, stdout, stderr, code }));
  });
}

export async function coldStart(entry: string, fxpEntry: string, soapBase: string, runs: number, cwd: string): Promise<ColdResult> {
  const script = join(__dirname, 'cold', 'first-sso.cjs');
  const url = `${soapBase}${SSO_PATH}`;
  const out: ColdRun[] = [];
  const errors: string[] = [];
  const one = async (mode: 'package' | 'raw') => {
    const result = await runChild([script, mode, mode === 'package' ? entry : fxpEntry, url, APP_KEY], cwd);
    if (result.code !== 0) {
      errors.push(`${mode}: exit ${result.code}: ${result.stderr.split('\n')[0]}`);
      return;
    }
    out.push({ mode, wallMs: result.wallMs, ...(JSON.parse(result.stdout) as Omit<ColdRun, 'mode' | 'wallMs'>) });
  };
  // One unmeasured pair first (file cache), then alternate which goes first.
  await runChild([script, 'package', entry, url, APP_KEY], cwd);
  await runChild([script, 'raw', fxpEntry, url, APP_KEY], cwd);
  for (let i = 0; i < runs; i++) {
    const order: ('package' | 'raw')[] = i % 2 === 0 ? ['package', 'raw'] : ['raw', 'package'];
    for (const mode of order) await one(mode);
  }
  const loads: Record<string, number[]> = {};
  for (const [name, code] of Object.entries(TRANSPORT_LOADS)) {
    loads[name] = [];
    for (let i = 0; i < runs; i++) {
      const result = await runChild(['-e', `const t = performance.now(); ${code}; process.stdout.write(String(performance.now() - t))`], cwd);
      if (result.code === 0) loads[name].push(Number(result.stdout));
      else errors.push(`load ${name}: exit ${result.code}: ${result.stderr.split('\n')[0]}`);
    }
  }
  return { runs: out, loads, errors };
}

// ---------------------------------------------------------------- figure 5: throughput

export interface ThroughputRound {
  kind: 'client' | 'raw';
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
  const round = async (kind: 'client' | 'raw', measured: boolean) => {
    const before = await counters();
    const t0 = performance.now();
    let results: PromiseSettledResult<unknown[]>[];
    let client: IqResellerClient | undefined;
    if (kind === 'client') {
      client = new IqResellerClient({ apiKey: API_KEY, signinUrl: base, apiUrl: base });
      const c = client;
      results = await Promise.allSettled(Array.from({ length: n }, () => c.getCVs()));
    } else {
      const token = await rawSession(base, API_KEY);
      results = await Promise.allSettled(Array.from({ length: n }, () => rawGetCVs(base, token)));
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
  await round('raw', false);
  for (let i = 0; i < rounds; i++) {
    const order: ('client' | 'raw')[] = i % 2 === 0 ? ['client', 'raw'] : ['raw', 'client'];
    for (const kind of order) await round(kind, true);
  }
  return out;
}

// ---------------------------------------------------------------- figure 6: connections

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
    // undici Agent as `dispatcher`; raw fetch can only take the Agent.
    type Tls = { ca?: string; agent?: unknown };
    const kinds: { kind: string; protocol: 'soap' | 'json' | 'reseller'; via: 'ca' | 'agent' | 'raw'; make(base: string, tls: Tls): () => Promise<unknown> }[] = [
      { kind: 'SSO SOAP 1.2 (PrintIqSsoClient)', protocol: 'soap', via: 'ca', make: (b, t) => { const c = new PrintIqSsoClient({ url: `${b}${SSO_PATH}`, appKey: APP_KEY, ca: t.ca }); return () => c.request(SSO_INPUT); } },
      { kind: 'SSO JSON (PrintIqSsoClient)', protocol: 'json', via: 'ca', make: (b, t) => { const c = new PrintIqSsoClient({ url: `${b}${SSO_PATH}`, appKey: APP_KEY, transport: 'json', ca: t.ca }); return () => c.request(SSO_INPUT); } },
      { kind: 'getCVs (IqResellerClient, +1 session)', protocol: 'reseller', via: 'ca', make: (b, t) => { const c = new IqResellerClient({ apiKey: API_KEY, signinUrl: b, apiUrl: b, ca: t.ca }); return () => c.getCVs(); } },
      { kind: 'getCVs (IqResellerClient with an undici dispatcher, +1 session)', protocol: 'reseller', via: 'agent', make: (b, t) => { const c = new IqResellerClient({ apiKey: API_KEY, signinUrl: b, apiUrl: b, dispatcher: t.agent }); return () => c.getCVs(); } },
      { kind: 'raw fetch SOAP 1.2', protocol: 'soap', via: 'raw', make: (b, t) => () => rawSoap12(`${b}${SSO_PATH}`, t.agent) },
      { kind: 'raw fetch JSON SSO', protocol: 'json', via: 'raw', make: (b, t) => () => rawJsonSso(`${b}${SSO_PATH}`, t.agent) },
      { kind: 'raw fetch GetCVs', protocol: 'reseller', via: 'raw', make: (b, t) => () => rawGetCVs(b, undefined, t.agent) },
    ];
    for (const k of kinds) {
      const key = `conn/${scheme}/${k.kind}`;
      // A fresh listener is a fresh origin: no connection pooled earlier in the run can be reused.
      const base = await servers.listen(key, k.protocol, scheme);
      const secure = scheme === 'https';
      // Raw fetch over http uses Node's global dispatcher; the package's dispatcher kind always gets an Agent.
      const agent = https && (k.via === 'agent' || (secure && k.via === 'raw')) ? new https.Agent(secure ? { connect: { ca: https.ca } } : {}) : undefined;
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
        dispatcher: agent ? `undici Agent(${secure ? '{ connect: { ca } }' : ''}) as \`dispatcher\`` : k.via === 'raw' ? "fetch: Node's global dispatcher" : secure ? 'node:https, the `ca` option' : 'node:http, the shared keep-alive agent',
      });
      await agent?.close();
    }
  }
  return out;
}

// ---------------------------------------------------------------- figure 7: memory

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
  const script = join(__dirname, 'memory.ts');
  const out: MemoryRun[] = [];
  for (const { kind, url } of kinds) {
    const result = await runChild(['--expose-gc', '--import', 'tsx', script, kind, url, String(first), String(total), String(concurrency)], cwd);
    if (result.code !== 0) {
      out.push({ kind, first, total, concurrency, errors: NaN, before: NaN, afterFirst: NaN, afterTotal: NaN, seconds: NaN, rss: NaN, error: result.stderr.split('\n')[0] });
      continue;
    }
    out.push(JSON.parse(result.stdout) as MemoryRun);
  }
  return out;
}
