// `iq-integration sync`: in-process for its outputs and exit codes, and as a real
// child process for Ctrl-C: the checkpoint it leaves lets the next run go on
// with nothing lost or repeated.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Io } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import type { Checkpoint } from '../../src/cli/sync-files';
import { startSandbox, type Sandbox } from '../../src/sandbox';

const ROOT = resolve(__dirname, '../..');
let sandbox: Sandbox;
let dir: string;
beforeEach(async () => {
  sandbox = await startSandbox({ reseller: { soCount: 230, paging: { unreadable: [150, 200, 201] } } });
  dir = mkdtempSync(join(tmpdir(), 'iq-sync-'));
});
afterEach(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[], { tty = false } = {}) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), env: sandbox.env, errIsTTY: tty };
  const code = await main(['sync', ...argv], io);
  return { code, out, err };
}

const soids = (ndjson: string) =>
  ndjson
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { soid: number }).soid);
const expected = Array.from({ length: 230 }, (_, i) => i + 1).filter((id) => ![151, 201, 202].includes(id));
const FAST = ['--pause', '0', '--page-size', '20'];

it('writes every readable record as NDJSON, lists the gaps on stderr and exits 1', async () => {
  const { code, out, err } = await run(['SO', 'GetSOs', ...FAST]);
  expect(code).toBe(1);
  expect(soids(out)).toEqual(expected);
  expect(err.trim().split('\n')).toEqual([
    'iq-integration sync: 2 gaps: records that could not be read',
    '  record 150: IqHttpError 500: Specified cast is not valid. (Page=151&PageSize=1)',
    '  records 200-201: IqHttpError 500: Specified cast is not valid. (Page=201&PageSize=1)',
  ]);
});

it('exits 0 with nothing on stderr when the list is complete, and normalizes on request', async () => {
  const { code, out, err } = await run(['Inventory', 'GetInventories', ...FAST, '--query', 'SortBy=0']);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(out.trim().split('\n')).toHaveLength(120);
  const tidy = await run(['SO', 'GetSOs', '--page-base', '1', '--pause', '0', '--normalize']);
  expect((JSON.parse(tidy.out.split('\n')[0]) as { orderdate: string }).orderdate).toBe('2024-01-02T00:00:00');
  expect(sandbox.reseller.requests.some((r) => r.path.includes('SortBy=0'))).toBe(true);
});

it('draws a progress line only when stderr is a terminal', async () => {
  const { err } = await run(['Inventory', 'GetInventories', ...FAST], { tty: true });
  expect(err).toMatch(/\r\x1b\[2KInventory\/GetInventories: 120 records, 6 pages, [\d,]+\/s, 0 gaps, \d+\.\d s\n$/);
});

it('with --out and --checkpoint, a finished sync run again writes nothing more', async () => {
  const out = join(dir, 'sos.ndjson');
  const checkpoint = join(dir, 'sos.checkpoint.json');
  expect((await run(['SO', 'GetSOs', ...FAST, '--out', out, '--checkpoint', checkpoint])).code).toBe(1);
  const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as Checkpoint;
  expect(saved).toMatchObject({ v: 1, out, outBytes: readFileSync(out).length, cursor: { done: true, yielded: expected.length } });
  sandbox.reseller.reset();
  const again = await run(['SO', 'GetSOs', ...FAST, '--out', out, '--checkpoint', checkpoint]);
  expect(again.code).toBe(1);
  expect(again.err).toContain('record 150');
  expect(soids(readFileSync(out, 'utf8'))).toEqual(expected);
  expect(sandbox.reseller.stats.requests).toBe(0);
});

it('exits 2 for a --page-base that contradicts the checkpoint, leaving it and the output as they are', async () => {
  const out = join(dir, 'sos.ndjson');
  const checkpoint = join(dir, 'sos.checkpoint.json');
  expect((await run(['SO', 'GetSOs', ...FAST, '--page-base', '1', '--out', out, '--checkpoint', checkpoint])).code).toBe(1);
  const saved = readFileSync(checkpoint, 'utf8');
  const written = readFileSync(out, 'utf8');
  sandbox.reseller.reset();
  const conflict = await run(['SO', 'GetSOs', ...FAST, '--page-base', '0', '--out', out, '--checkpoint', checkpoint]);
  expect(conflict).toMatchObject({ code: 2, err: expect.stringMatching(/--page-base 0.*page base 1/) });
  expect(readFileSync(checkpoint, 'utf8')).toBe(saved);
  expect(readFileSync(out, 'utf8')).toBe(written);
  expect(sandbox.reseller.stats.requests).toBe(0);
  // The same base, or none, goes on from the checkpoint.
  for (const argv of [['--page-base', '1'], []]) expect((await run(['SO', 'GetSOs', ...FAST, ...argv, '--out', out, '--checkpoint', checkpoint])).code).toBe(1);
});

it.each([
  [['SO'], /needs <Module> <Operation>/],
  [['SO', 'GetSOs', '--page-base', '2'], /--page-base must be 0 or 1/],
  [['SO', 'GetSOs', '--page-size', 'ten'], /--page-size must be a whole number/],
  [['SO', 'GetSOs', '--page-size', '0x10'], /--page-size must be a whole number/],
  [['SO', 'GetSOs', '--pause=-5'], /--pause must be a whole number/],
  [['SO', 'GetSOs', '--query', 'Page=3'], /query.Page is set by the walk/],
  [['SO', 'GetSOs', '--bogus'], /unknown option/i],
])('exits 2 for bad usage: %j', async (argv, message) => {
  const { code, err } = await run(argv);
  expect(code).toBe(2);
  expect(err).toMatch(message);
  expect(sandbox.reseller.stats.requests).toBe(0);
});

it('exits 2 naming a missing setting, before the output file is touched', async () => {
  const out = join(dir, 'kept.ndjson');
  writeFileSync(out, '{"soid":1}\n');
  let err = '';
  const code = await main(['sync', 'SO', 'GetSOs', '--out', out], { out: () => undefined, err: (t) => (err += t), env: {} });
  expect(code).toBe(2);
  expect(err).toContain('IQR_API_KEY');
  expect(readFileSync(out, 'utf8')).toBe('{"soid":1}\n');
});

it('exits 2 for a checkpoint it cannot use, leaving it as it is', async () => {
  const checkpoint = join(dir, 'cp.json');
  const kept = join(dir, 'kept.ndjson');
  writeFileSync(checkpoint, '{"v":1,');
  expect(await run(['SO', 'GetSOs', '--out', kept, '--checkpoint', checkpoint])).toMatchObject({ code: 2, err: expect.stringContaining('not a checkpoint') });
  expect(readFileSync(checkpoint, 'utf8')).toBe('{"v":1,');

  const out = join(dir, 'a.ndjson');
  const withOut = join(dir, 'with-out.json');
  await run(['Inventory', 'GetInventories', ...FAST, '--out', out, '--checkpoint', withOut]);
  expect(await run(['SO', 'GetSOs', ...FAST, '--out', out, '--checkpoint', withOut])).toMatchObject({
    code: 2,
    err: expect.stringContaining('belongs to another sync'),
  });
  expect(await run(['Inventory', 'GetInventories', ...FAST, '--out', kept, '--checkpoint', withOut])).toMatchObject({
    code: 2,
    err: expect.stringContaining(`written for --out ${out}`),
  });
  writeFileSync(out, '');
  expect(await run(['Inventory', 'GetInventories', ...FAST, '--out', out, '--checkpoint', withOut])).toMatchObject({
    code: 2,
    err: expect.stringContaining('shorter than its checkpoint'),
  });
});

it('Ctrl-C in a real process leaves a checkpoint; the next run goes on with nothing lost or repeated', async () => {
  const out = join(dir, 'sos.ndjson');
  const checkpoint = join(dir, 'sos.checkpoint.json');
  const args = ['src/cli/main.ts', 'sync', 'SO', 'GetSOs', '--page-size', '10', '--pause', '20', '--out', out, '--checkpoint', checkpoint];
  const start = () => {
    const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), args, {
      cwd: ROOT,
      env: { ...process.env, ...sandbox.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null; err: string }>((ok) => child.on('exit', (code) => ok({ code, err })));
    return { child, exited };
  };
  const saved = () => (existsSync(checkpoint) ? (JSON.parse(readFileSync(checkpoint, 'utf8')) as Checkpoint) : undefined);

  const first = start();
  // Interrupted once a few pages are on disk (polled, with a bound).
  for (let i = 0; i < 400 && (saved()?.cursor.yielded ?? 0) < 50; i++) await new Promise((ok) => setTimeout(ok, 25));
  expect(saved()?.cursor.yielded).toBeGreaterThanOrEqual(50);
  first.child.kill('SIGINT');
  const stopped = await first.exited;
  expect(stopped.code).toBe(130);
  expect(stopped.err).toContain(`interrupted; run the same command again to go on from ${checkpoint}`);
  const left = saved()!;
  expect(left.cursor.done).toBe(false);
  expect(soids(readFileSync(out, 'utf8'))).toEqual(expected.slice(0, left.cursor.yielded));
  expect(readFileSync(out).length).toBe(left.outBytes);

  const second = start();
  const finished = await second.exited;
  expect(finished.code).toBe(1);
  expect(soids(readFileSync(out, 'utf8'))).toEqual(expected);
  expect(saved()!.cursor).toMatchObject({
    done: true,
    yielded: expected.length,
    gaps: [
      { offset: 150, count: 1 },
      { offset: 200, count: 2 },
    ],
  });
}, 30_000);

it('the demo shows a short sync, stopped and resumed with nothing lost or repeated', async () => {
  let out = '';
  const code = await main(['demo'], { out: (t) => (out += t), err: () => undefined, env: {} });
  expect(code).toBe(0);
  expect(out).toContain('1b. IQ Reseller: sync the sales orders');
  expect(out).toMatch(/stopped after 50 records of 2 pages/);
  expect(out).toMatch(/resumed to the end: 120 records, 120 distinct/);
  expect(out).toContain('of 2024-01-02T00:00:00');
});

it("shows control characters in the vendor's words, never sends them to the terminal", async () => {
  const { startScriptedServer } = await import('../support/scripted-server');
  const data = Array.from({ length: 8 }, (_, i) => ({ soid: i + 1 }));
  const server = await startScriptedServer((req, res) => {
    if (req.url.startsWith('/api/')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"Data":"feedfacefeedfacefeedface"}');
    const query = new URL(req.url, 'http://x').searchParams;
    const size = Number(query.get('PageSize'));
    const start = (Number(query.get('Page')) - 1) * size;
    const records = data.slice(start, start + size);
    if (records.some((r) => r.soid === 3))
      return res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'bad \u001b]0;owned\u0007 \u009b31m record' }));
    if (start >= data.length) return res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no SO for the given Page"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(records));
  });
  try {
    const base = new URL(server.url).origin;
    let err = '';
    const code = await main(['sync', 'SO', 'GetSOs', '--page-base', '1', '--pause', '0', '--page-size', '4'], {
      out: () => undefined,
      err: (t) => (err += t),
      env: { IQR_API_KEY: 'sandbox-api-key', IQR_SIGNIN_URL: base, IQR_API_URL: base },
    });
    expect(code).toBe(1);
    expect(err).toContain('record 2: IqHttpError 500: bad \\u001b]0;owned\\u0007 \\u009b31m record');
    expect(err).not.toMatch(/[\u001b\u0007\u009b]/);
  } finally {
    await server.close();
  }
});

it.each([
  [['--page-size', '0'], /--page-size must be a whole number/],
  [['--page-size', '200000'], /pageSize/],
  [['--query', 'Page=3'], /query.Page is set by the walk/],
  [['--timeout', 'soon'], /--timeout must be a whole number/],
])('exits 2 for %j before the previous output file is touched', async (bad, message) => {
  const out = join(dir, 'kept.ndjson');
  writeFileSync(out, '{"soid":1}\n');
  const { code, err } = await run(['SO', 'GetSOs', '--out', out, ...bad]);
  expect({ code, err }).toEqual({ code: 2, err: expect.stringMatching(message) });
  expect(readFileSync(out, 'utf8')).toBe('{"soid":1}\n');
  expect(sandbox.reseller.stats.requests).toBe(0);
});

it('refuses --checkpoint without --out (stdout cannot be cut back to the checkpoint) with exit 2', async () => {
  const checkpoint = join(dir, 'cp.json');
  const { code, err, out } = await run(['SO', 'GetSOs', ...FAST, '--checkpoint', checkpoint]);
  expect({ code, out }).toEqual({ code: 2, out: '' });
  expect(err).toMatch(/--checkpoint needs --out/);
  expect(existsSync(checkpoint)).toBe(false);
  expect(sandbox.reseller.stats.requests).toBe(0);
});

it.each([
  [{ cursor: {} }, /belongs to another sync, or was changed/],
  [{ cursor: [] }, /not a checkpoint/],
  [{ cursor: null }, /not a checkpoint/],
  [{ outBytes: -1 }, /not a checkpoint/],
  [{ outBytes: 1.5 }, /not a checkpoint/],
])('exits 2 for a checkpoint with %j, leaving it and the output as they are', async (change, message) => {
  const out = join(dir, 'sos.ndjson');
  const checkpoint = join(dir, 'cp.json');
  writeFileSync(out, '{"soid":1}\n');
  const text = JSON.stringify({ v: 1, out, outBytes: 11, cursor: {}, ...change });
  writeFileSync(checkpoint, text);
  const { code, err } = await run(['SO', 'GetSOs', ...FAST, '--out', out, '--checkpoint', checkpoint]);
  expect({ code, err }).toEqual({ code: 2, err: expect.stringMatching(message) });
  expect(readFileSync(checkpoint, 'utf8')).toBe(text);
  expect(readFileSync(out, 'utf8')).toBe('{"soid":1}\n');
  expect(sandbox.reseller.stats.requests).toBe(0);
});
