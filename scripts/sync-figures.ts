// npm run figures:sync: measures what docs/sync.md says about syncs, on the
// sandbox, in this run, and prints it (with --write, also into docs/sync.md
// between its figure markers, replacing what was there). Three figures:
//  1. a 10,000-record walk with 3 unreadable records, a page-size limit and a
//     hanging page, against a clean walk of the same list: records, gaps,
//     requests, time; and a pageSize above the vendor's limit;
//  2. `iq-integration sync` killed (SIGKILL, and once Ctrl-C) at a random page
//     and resumed from its checkpoint: records lost and repeated;
//  3. the heap over a 100,000-record walk (the sandbox in another process).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getHeapSnapshot, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IqGapError, IqResellerClient, type PageGap } from '../src';
import { startResellerSandbox, type ResellerSandbox, type ResellerSandboxOptions } from '../src/sandbox/reseller';
import { fail, flag, has } from './args';

const ROOT = resolve(__dirname, '..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const API_KEY = 'sandbox-api-key';
const LIST = '/webapi.svc/SO/JSON/GetSOs';
const COUNT = 10_000;
const PAGE_SIZE = 100;
const TIMEOUT_MS = 2_000;

/** Seeded, so a run can be repeated: --seed n (default: from the clock, printed). */
const seed = Number(flag('seed') ?? Date.now() % 100_000);
let state = seed;
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** Three unreadable records and one hanging page, at random positions away from each other. */
function faults(): { unreadable: number[]; hang: number } {
  const picks = new Set<number>();
  while (picks.size < 4) {
    const at = between(0, COUNT - 1);
    if ([...picks].every((p) => Math.abs(p - at) > 2 * PAGE_SIZE)) picks.add(at);
  }
  const [hang, ...unreadable] = [...picks];
  return { unreadable: unreadable.sort((a, b) => a - b), hang };
}

const faulty = (f: { unreadable: number[]; hang: number }): ResellerSandboxOptions => ({
  apiKeys: [API_KEY],
  soCount: COUNT,
  paging: { unreadable: f.unreadable, hangs: [f.hang], maxPageSize: PAGE_SIZE },
});

function client(sandbox: ResellerSandbox): IqResellerClient {
  return new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, timeoutMs: TIMEOUT_MS });
}

interface WalkResult {
  yielded: number;
  /** Ids yielded more than once, and ids of readable records never yielded. */
  repeated: number;
  missing: number;
  gaps: PageGap[];
  requests: number;
  ms: number;
}

/** Walks SO/GetSOs on `sandbox`, checking each id against the readable ones. */
async function measureWalk(sandbox: ResellerSandbox, unreadable: number[], pageSize = PAGE_SIZE): Promise<WalkResult> {
  const seen = new Uint8Array(COUNT + 1);
  let yielded = 0;
  let repeated = 0;
  let gaps: PageGap[] = [];
  const iq = client(sandbox);
  const started = performance.now();
  try {
    for await (const so of iq.paginate<{ soid: number }>({ module: 'SO', operation: 'GetSOs', pageSize, pauseMs: 0 })) {
      yielded++;
      if (seen[so.soid]++) repeated++;
    }
  } catch (error) {
    if (!(error instanceof IqGapError)) throw error;
    gaps = error.gaps;
  }
  const ms = performance.now() - started;
  await iq.close();
  let missing = 0;
  for (let id = 1; id <= COUNT; id++) if (!seen[id] && !unreadable.includes(id - 1)) missing++;
  return { yielded, repeated, missing, gaps, requests: sandbox.stats.byPath[LIST] ?? 0, ms };
}

// ---------------------------------------------------------------- 1. the walk

async function walkFigures(lines: string[]): Promise<void> {
  const clean = await startResellerSandbox({ apiKeys: [API_KEY], soCount: COUNT });
  const cleanWalk = await measureWalk(clean, []);
  await clean.close();

  const f = faults();
  const sandbox = await startResellerSandbox(faulty(f));
  const walk = await measureWalk(sandbox, f.unreadable);
  const hung = sandbox.stats.hung;
  await sandbox.close();

  const limited = await startResellerSandbox({ apiKeys: [API_KEY], soCount: COUNT, paging: { maxPageSize: 50 } });
  const over = await measureWalk(limited, [], PAGE_SIZE);
  await limited.close();
  const floor = await startResellerSandbox({ apiKeys: [API_KEY], soCount: COUNT });
  const at50 = await measureWalk(floor, [], 50);
  await floor.close();

  const ratio = walk.requests / cleanWalk.requests;
  lines.push(
    `### A ${n(COUNT)}-record walk with 3 unreadable records, a page-size limit and a hanging page`,
    '',
    `\`paginate({ module: 'SO', operation: 'GetSOs', pageSize: ${PAGE_SIZE}, pauseMs: 0 })\`, \`timeoutMs: ${n(TIMEOUT_MS)}\`, on the`,
    `sandbox with records ${f.unreadable.join(', ')} unreadable, pages above ${PAGE_SIZE} records refused (so any probe or`,
    `re-read larger than pageSize would fail), and the first request for the page holding record ${f.hang} left`,
    `unanswered. The clean walk reads the same ${n(COUNT)} records with none of that. Requests are counted by the sandbox.`,
    '',
    '| | clean walk | faulty walk |',
    '|---|---|---|',
    `| records yielded | ${n(cleanWalk.yielded)} | ${n(walk.yielded)} |`,
    `| yielded twice / readable but never yielded | ${cleanWalk.repeated} / ${cleanWalk.missing} | ${walk.repeated} / ${walk.missing} |`,
    `| gaps (offset: error) | none | ${walk.gaps.map((g) => `${g.offset}${g.count > 1 ? `-${g.offset + g.count - 1}` : ''}: ${g.error} ${g.status ?? ''} "${g.message}"`).join('; ')} |`,
    `| pages left unanswered | 0 | ${hung} |`,
    `| requests | ${n(cleanWalk.requests)} | ${n(walk.requests)} (${ratio.toFixed(2)}x) |`,
    `| time | ${seconds(cleanWalk.ms)} | ${seconds(walk.ms)}, the hung page held for \`timeoutMs\` |`,
    '',
    `With \`pageSize: ${PAGE_SIZE}\` against a vendor that refuses pages above 50 records: ${n(over.yielded)} records, ${over.repeated} twice,`,
    `${over.missing} missing, in ${n(over.requests)} requests, against ${n(at50.requests)} for a clean walk at \`pageSize: 50\``,
    `(${(over.requests / at50.requests).toFixed(2)}x): the walk gives the size up after it failed twice.`,
    '',
  );
  if (walk.repeated || walk.missing || walk.yielded !== COUNT - 3 || walk.gaps.length !== 3) throw new Error('the faulty walk lost or repeated records');
}

// ---------------------------------------------------------------- 2. killed and resumed

function startSync(env: Record<string, string>, out: string, checkpoint: string): ChildProcess {
  const args = [
    resolve(ROOT, 'src/cli/main.ts'),
    'sync',
    'SO',
    'GetSOs',
    '--page-size',
    String(PAGE_SIZE),
    '--pause',
    '0',
    '--timeout',
    String(TIMEOUT_MS),
    '--out',
    out,
    '--checkpoint',
    checkpoint,
  ];
  return spawn(TSX, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((ok) => child.once('exit', (code, signal) => ok(signal ? null : code)));

async function killedAndResumed(signal: 'SIGKILL' | 'SIGINT', dir: string, trial: number) {
  const f = faults();
  const sandbox = await startResellerSandbox(faulty(f));
  const env = { IQR_API_KEY: API_KEY, IQR_SIGNIN_URL: sandbox.signinUrl, IQR_API_URL: sandbox.apiUrl };
  const out = join(dir, `sos-${trial}.ndjson`);
  const checkpoint = join(dir, `sos-${trial}.checkpoint.json`);
  // The walk reads about 100 pages: stopped once the sandbox has been asked for a random one of them.
  const stopAt = between(5, 95);
  const first = startSync(env, out, checkpoint);
  const firstExit = exitOf(first);
  while ((sandbox.stats.byPath[LIST] ?? 0) < stopAt && first.exitCode === null) await new Promise((ok) => setTimeout(ok, 1));
  first.kill(signal);
  const stoppedWith = await firstExit;
  const linesAtStop = readFileSync(out, 'utf8').split('\n').length - 1;
  const resumed = await exitOf(startSync(env, out, checkpoint));
  const ids = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { soid: number }).soid);
  await sandbox.close();
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const readable = Array.from({ length: COUNT }, (_, i) => i + 1).filter((id) => !f.unreadable.includes(id - 1));
  return {
    signal,
    stopAt,
    stoppedWith,
    linesAtStop,
    resumed,
    lines: ids.length,
    lost: readable.filter((id) => !counts.has(id)).length,
    repeated: [...counts.values()].filter((c) => c > 1).length,
    inOrder: ids.every((id, i) => i === 0 || id > ids[i - 1]),
  };
}

async function resumeFigures(lines: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iq-sync-figures-'));
  try {
    const trials = [];
    for (let trial = 0; trial < 5; trial++) trials.push(await killedAndResumed('SIGKILL', dir, trial));
    trials.push(await killedAndResumed('SIGINT', dir, 5));
    lines.push(
      '### Killed at a random page, then resumed',
      '',
      `\`iq-integration sync SO GetSOs --page-size ${PAGE_SIZE} --timeout ${TIMEOUT_MS} --out … --checkpoint …\` in its own process, on a list`,
      'faulty as above (3 unreadable records and a hanging page at positions drawn anew for each run),',
      'stopped once the sandbox had been asked for a random page (SIGKILL: no chance to clean up; SIGINT: Ctrl-C),',
      'then the same command run again to the end. Lost: readable records missing from the output; repeated:',
      'records in it more than once.',
      '',
      '| stopped by | at request | exit | lines on disk then | exit of the resumed run | lines at the end | lost | repeated | in order |',
      '|---|---|---|---|---|---|---|---|---|',
      ...trials.map(
        (t) =>
          `| ${t.signal} | ${t.stopAt} | ${t.stoppedWith ?? 'killed'} | ${n(t.linesAtStop)} | ${t.resumed} | ${n(t.lines)} | ${t.lost} | ${t.repeated} | ${t.inOrder ? 'yes' : 'no'} |`,
      ),
      '',
    );
    if (trials.some((t) => t.lost || t.repeated || !t.inOrder)) throw new Error('a resumed sync lost or repeated records');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 3. heap

const HEAP_COUNT = 100_000;

/** `--serve <json options>`: a sandbox in this process, for the heap figure's walker in the other. */
async function serve(options: string): Promise<void> {
  const sandbox = await startResellerSandbox(JSON.parse(options) as ResellerSandboxOptions);
  process.stdout.write(`${JSON.stringify({ signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));
}

/** Bytes held per kind of heap object (V8's node types: object, string, code, ...), from a heap snapshot. */
async function heapByKind(): Promise<Map<string, number>> {
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += chunk;
  const snapshot = JSON.parse(json) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const type = fields.indexOf('type');
  const size = fields.indexOf('self_size');
  const kinds = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const kind = types[snapshot.nodes[i + type]];
    kinds.set(kind, (kinds.get(kind) ?? 0) + snapshot.nodes[i + size]);
  }
  return kinds;
}

/** What the program holds (objects, strings, arrays, closures...), as against V8's compiled code and its metadata. */
const CODE_KINDS = new Set(['code', 'hidden', 'object shape']);

async function heapFigures(lines: string[]): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const server = spawn(TSX, [__filename, '--serve', JSON.stringify({ apiKeys: [API_KEY], soCount: HEAP_COUNT })], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const urls = await new Promise<{ signinUrl: string; apiUrl: string }>((ok, no) => {
    server.stdout!.once('data', (d: Buffer) => ok(JSON.parse(d.toString()) as { signinUrl: string; apiUrl: string }));
    server.once('exit', () => no(new Error('the sandbox process ended')));
  });
  const iq = new IqResellerClient({ apiKey: API_KEY, ...urls });
  const seen = new Uint8Array(HEAP_COUNT + 1);
  const samples: Array<{ records: number; heap: number }> = [];
  const sample = (records: number) => {
    gc();
    samples.push({ records, heap: process.memoryUsage().heapUsed });
  };
  const kindsAt: Array<Map<string, number>> = [];
  let records = 0;
  let repeated = 0;
  const started = performance.now();
  sample(0);
  for await (const so of iq.paginate<{ soid: number }>({ module: 'SO', operation: 'GetSOs', pageSize: PAGE_SIZE, pauseMs: 0 })) {
    if (seen[so.soid]++) repeated++;
    if (++records % 10_000 === 0) sample(records);
    if (records === 10_000 || records === HEAP_COUNT) {
      gc();
      kindsAt.push(await heapByKind());
    }
  }
  const ms = performance.now() - started;
  await iq.close();
  server.stdin!.end();
  await exitOf(server);
  const heaps = samples.slice(1).map((s) => s.heap);
  const spread = Math.max(...heaps) - Math.min(...heaps);
  // Least-squares slope over the samples after the first 10,000 records (the warm-up).
  const xs = samples.slice(1).map((s) => s.records);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(heaps);
  const slope = xs.reduce((sum, x, i) => sum + (x - mx) * (heaps[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  const growth = (code: boolean) =>
    [...kindsAt[1]].filter(([kind]) => CODE_KINDS.has(kind) === code).reduce((sum, [kind, bytes]) => sum + bytes - (kindsAt[0].get(kind) ?? 0), 0);
  lines.push(
    `### Heap over a ${n(HEAP_COUNT)}-record walk`,
    '',
    `\`paginate({ pageSize: ${PAGE_SIZE}, pauseMs: 0 })\` over ${n(HEAP_COUNT)} sales orders served by the sandbox in another process`,
    '(its records are made as they are read), the walker counting ids in a fixed bitmap; `heapUsed` after a',
    `full GC every ${n(10_000)} records. ${n(records)} records yielded, ${repeated} twice, in ${seconds(ms)}.`,
    '',
    `| records | ${samples.map((s) => n(s.records)).join(' | ')} |`,
    `|---|${samples.map(() => '---').join('|')}|`,
    `| heap (MB) | ${samples.map((s) => (s.heap / 2 ** 20).toFixed(2)).join(' | ')} |`,
    '',
    `From ${n(10_000)} records on the heap stays within ${(spread / 2 ** 20).toFixed(2)} MB; the fitted slope is ${((slope * 10_000) / 1024).toFixed(1)} KB per ${n(10_000)} records.`,
    `Heap snapshots at ${n(10_000)} and ${n(HEAP_COUNT)} records, by kind: objects, strings, arrays and closures ${kb(growth(false))},`,
    `V8's compiled code and its metadata (optimised as the walk warms up) ${kb(growth(true))}.`,
    '',
  );
}

// ---------------------------------------------------------------- report

const n = (value: number) => value.toLocaleString('en-US');
const kb = (bytes: number) => `${bytes >= 0 ? '+' : '-'}${n(Math.round(Math.abs(bytes) / 1024))} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const serving = flag('serve');
  if (serving !== undefined) return serve(serving);
  const lines: string[] = [
    `Measured by \`npm run figures:sync\` (seed ${seed}) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},`,
    `${cpus().length} cores, loopback; the sandbox runs in the measuring process except for the heap figure.`,
    '',
  ];
  // --only walk|resume|heap: one figure (never with --write, which replaces them all).
  const only = flag('only');
  if (only !== undefined && has('write')) throw new Error('--write writes every figure: leave out --only');
  if (!only || only === 'walk') await walkFigures(lines);
  if (!only || only === 'resume') await resumeFigures(lines);
  if (!only || only === 'heap') await heapFigures(lines);
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  if (has('write')) {
    const file = resolve(ROOT, 'docs/sync.md');
    const doc = readFileSync(file, 'utf8');
    const start = '<!-- figures:start -->';
    const end = '<!-- figures:end -->';
    if (!doc.includes(start) || !doc.includes(end)) throw new Error(`${file} has no ${start} … ${end} block`);
    writeFileSync(file, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${text}\n${doc.slice(doc.indexOf(end))}`);
  }
}

main().catch(fail);
