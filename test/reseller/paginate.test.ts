// paginate() against the sandbox playing the vendor's paging: the page base, each
// end style, unreadable records, a page-size limit, a hanging page; cursors and
// resuming; what a failing page costs; aborts. Every walk is checked for the one
// rule that matters: each readable record exactly once, in order, and every
// record left out named in a gap.
import {
  IqAbortError,
  IqError,
  IqGapError,
  IqHttpError,
  IqResellerClient,
  IqValidationError,
  type PageCursor,
  type PageGap,
  type PaginateOptions,
} from '../../src';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startResellerSandbox, type ResellerSandbox, type ResellerSandboxOptions } from '../../src/sandbox/reseller';
import { oneServerPerTest } from '../support/one-server';
import { everySpelling, expectNoSecrets } from '../support/secret-checks';
import { recordEvents } from '../support/diagnostics';

const { serve } = oneServerPerTest();
const running: ResellerSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: ResellerSandboxOptions): Promise<ResellerSandbox> {
  const sandbox = await startResellerSandbox(options);
  running.push(sandbox);
  return sandbox;
}

const client = (sandbox: { signinUrl: string; apiUrl: string }, extra: object = {}) =>
  new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, retry: { retries: 0 }, ...extra });

type So = { soid: number };
const SOS = { module: 'SO', operation: 'GetSOs', pauseMs: 0 } as const;

/** Every record a walk yields, and how it ended. */
async function walk<T = So>(iterable: AsyncIterable<T>): Promise<{ records: T[]; error?: unknown }> {
  const records: T[] = [];
  try {
    for await (const record of iterable) records.push(record);
    return { records };
  } catch (error) {
    return { records, error };
  }
}

/** 1..count without the given positions (from 0): the ids a walk must yield. */
const idsWithout = (count: number, left: number[] = []) => Array.from({ length: count }, (_, i) => i + 1).filter((id) => !left.includes(id - 1));
const soids = (records: So[]) => records.map((r) => r.soid);
const listRequests = (sandbox: ResellerSandbox) =>
  sandbox.requests
    .filter((r) => r.path.includes('GetSOs'))
    .map((r) => Object.fromEntries(new URL(r.path, 'http://x').searchParams) as { Page: string; PageSize: string });
const gapPositions = (gaps: PageGap[]) => gaps.flatMap((g) => Array.from({ length: g.count }, (_, i) => g.offset + i));

/** No request of a walk may ask for more records than its pageSize. */
function expectNoPageOver(sandbox: ResellerSandbox, pageSize: number) {
  for (const { PageSize } of listRequests(sandbox)) expect(Number(PageSize)).toBeLessThanOrEqual(pageSize);
}

describe('the page base', () => {
  it.each([0, 1] as const)('is found when pages start at %i: every record once, in order', async (base) => {
    const sandbox = await start({ soCount: 45, paging: { base } });
    const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10 }));
    expect(error).toBeUndefined();
    expect(soids(records)).toEqual(idsWithout(45));
    // Found by one-record reads of Page=0 (and Page=1), then every page from the base.
    expect(listRequests(sandbox)[0]).toEqual({ Page: '0', PageSize: '1' });
    expect(
      listRequests(sandbox)
        .filter((r) => r.PageSize === '10')
        .map((r) => r.Page),
    ).toEqual(['0', '1', '2', '3', '4'].map((p) => String(Number(p) + base)));
  });

  it('is found when record 0 cannot be read', async () => {
    for (const base of [0, 1] as const) {
      const sandbox = await start({ soCount: 30, paging: { base, unreadable: [0] } });
      const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10 }));
      expect(soids(records)).toEqual(idsWithout(30, [0]));
      expect((error as IqGapError).gaps).toEqual([
        { offset: 0, count: 1, page: base, pageSize: 1, error: 'IqHttpError', status: 500, message: 'Specified cast is not valid.' },
      ]);
    }
  });

  it('is found on a server that reads Page=0 as Page=1', async () => {
    const data = Array.from({ length: 23 }, (_, i) => ({ soid: i + 1 }));
    const server = await serve((req, res) => {
      if (req.url.startsWith('/api/')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"Data":"feedfacefeedfacefeedface"}');
      const query = new URL(req.url, 'http://x').searchParams;
      const size = Number(query.get('PageSize'));
      const start = (Math.max(1, Number(query.get('Page'))) - 1) * size;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data.slice(start, start + size)));
    });
    const base = new URL(server.url).origin;
    const { records, error } = await walk(client({ signinUrl: base, apiUrl: base }).paginate<So>({ ...SOS, pageSize: 5 }));
    expect(error).toBeUndefined();
    expect(soids(records)).toEqual(idsWithout(23));
  });

  it('is taken from pageBase without asking', async () => {
    const sandbox = await start({ soCount: 12, paging: { base: 0 } });
    const { records } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 5, pageBase: 0 }));
    expect(soids(records)).toEqual(idsWithout(12));
    expect(listRequests(sandbox)[0]).toEqual({ Page: '0', PageSize: '5' });
  });
});

describe('the end of the list', () => {
  it.each([
    ['object-reference', 40],
    ['object-reference', 45],
    ['not-found', 40],
    ['not-found', 45],
    ['empty', 40],
    ['empty', 45],
  ] as const)('%s after %i records: all of them, then a bounded look ahead', async (end, count) => {
    const sandbox = await start({ soCount: count, paging: { end } });
    const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10 }));
    expect(error).toBeUndefined();
    expect(soids(records)).toEqual(idsWithout(count));
    // Detection (1), the pages (5), a page over the end that proves it, and two reads further ahead.
    expect(listRequests(sandbox).length).toBeLessThanOrEqual(1 + 5 + 1 + 2);
    expectNoPageOver(sandbox, 10);
  });

  it.each([
    ['empty', 0, 100],
    ['empty', 1, 100],
    ['not-found', 0, 100],
    ['not-found', 1, 150],
    ['empty', 1, 0],
  ] as const)(
    'a complete list is not reported with a gap when the vendor refuses the page size and ends with %s (base %i, %i records)',
    async (end, base, count) => {
      const sandbox = await start({ soCount: count, paging: { base, end, maxPageSize: 50 } });
      for (const pageBase of [base, undefined]) {
        const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 100, pageBase }));
        expect({ pageBase, error }).toEqual({ pageBase, error: undefined });
        expect(soids(records)).toEqual(idsWithout(count));
      }
      expectNoPageOver(sandbox, 100);
    },
  );

  it.each([0, 1] as const)('an empty list of base %i ending with a 500 "Object reference" yields nothing, without an error', async (base) => {
    const sandbox = await start({ soCount: 0, paging: { base, end: 'object-reference' } });
    for (const pageBase of [undefined, base]) {
      expect({ pageBase, ...(await walk(client(sandbox).paginate<So>({ ...SOS, pageBase }))) }).toEqual({ pageBase, records: [] });
    }
  });

  it('an empty list is a walk of nothing; a list whose first pages all fail is an error, not an empty list', async () => {
    const empty = await start({ soCount: 0, paging: { end: 'not-found' } });
    expect(await walk(client(empty).paginate<So>({ ...SOS }))).toEqual({ records: [] });
    const broken = await start({ soCount: 40 });
    broken.injectFault({
      path: 'GetSOs',
      kind: 'status',
      status: 500,
      body: '{"code":500,"message":"Object reference not set to an instance of an object."}',
      times: Infinity,
    });
    const { records, error } = await walk(client(broken).paginate<So>({ ...SOS }));
    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(IqHttpError);
    expect(error).not.toBeInstanceOf(IqGapError);
  });

  it('a 500 "Object reference" in the middle of the data is not taken for the end', async () => {
    const sandbox = await start({ soCount: 100 });
    let pages = 0;
    const iq = client(sandbox);
    const { records, error } = await walk(
      iq.paginate<So>({
        ...SOS,
        pageSize: 10,
        onPage: () => {
          if (++pages === 3)
            sandbox.injectFault({
              path: 'GetSOs',
              kind: 'status',
              status: 500,
              body: '{"code":500,"message":"Object reference not set to an instance of an object."}',
            });
        },
      }),
    );
    expect(error).toBeUndefined();
    expect(soids(records)).toEqual(idsWithout(100));
  });
});

describe('records that cannot be read', () => {
  it('are left out one by one, every other record yielded, and the walk ends with IqGapError naming them', async () => {
    const sandbox = await start({ soCount: 250, paging: { unreadable: [7, 120, 121, 122, 249] } });
    const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 20 }));
    expect(soids(records)).toEqual(idsWithout(250, [7, 120, 121, 122, 249]));
    expect(error).toBeInstanceOf(IqGapError);
    expect(error).toBeInstanceOf(IqError);
    const gaps = (error as IqGapError).gaps;
    expect(gaps.map((g) => [g.offset, g.count])).toEqual([
      [7, 1],
      [120, 3],
      [249, 1],
    ]);
    expect(gaps[1]).toEqual({ offset: 120, count: 3, page: 121, pageSize: 1, error: 'IqHttpError', status: 500, message: 'Specified cast is not valid.' });
    expect((error as IqGapError).yielded).toBe(245);
    expect((error as IqGapError).message).toMatch(
      /ended with 3 gaps \(5 unreadable records, 245 yielded\): record 7 \(IqHttpError 500: Specified cast is not valid\.\)/,
    );
    expectNoPageOver(sandbox, 20);
  });

  it('with onGap, the caller takes each gap as it is passed and the walk ends normally', async () => {
    const sandbox = await start({ soCount: 60, paging: { unreadable: [15, 40] } });
    const seen: Array<string> = [];
    const { records, error } = await walk(
      (async function* () {
        for await (const so of client(sandbox).paginate<So>({ ...SOS, pageSize: 10, onGap: async (gap) => void seen.push(`gap ${gap.offset}`) })) {
          seen.push(String(so.soid - 1));
          yield so;
        }
      })(),
    );
    expect(error).toBeUndefined();
    expect(records).toHaveLength(58);
    // Each gap is handed over in its place: after the record before it, before the record after it.
    expect(seen.slice(14, 17)).toEqual(['14', 'gap 15', '16']);
    expect(seen.slice(39, 42)).toEqual(['39', 'gap 40', '41']);
  });

  it('a hanging page is read again in smaller pages: no gap, nothing twice', async () => {
    const sandbox = await start({ soCount: 90, paging: { hangs: [35] } });
    const { records, error } = await walk(client(sandbox, { timeoutMs: 1_000 }).paginate<So>({ ...SOS, pageSize: 20 }));
    expect(error).toBeUndefined();
    expect(soids(records)).toEqual(idsWithout(90));
    expect(sandbox.stats.hung).toBe(1);
    // Page 2 of 20 (records 20-39) timed out, then its two halves were read.
    const requests = listRequests(sandbox);
    const hung = requests.findIndex((r) => r.Page === '2' && r.PageSize === '20');
    expect(requests.slice(hung + 1, hung + 3)).toEqual([
      { Page: '3', PageSize: '10' },
      { Page: '4', PageSize: '10' },
    ]);
  });

  it('a page size the vendor refuses is given up after twice: smaller pages from then on, never larger ones', async () => {
    const sandbox = await start({ soCount: 500, paging: { maxPageSize: 30 } });
    const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 100 }));
    expect(error).toBeUndefined();
    expect(soids(records)).toEqual(idsWithout(500));
    const sizes = listRequests(sandbox).map((r) => Number(r.PageSize));
    expect(sizes.filter((s) => s === 100)).toHaveLength(1);
    expect(sizes.filter((s) => s === 50)).toHaveLength(2);
    // Four pages of 25 in the first 100, sixteen for the rest, one past the end.
    expect(sizes.filter((s) => s === 25)).toHaveLength(21);
    expectNoPageOver(sandbox, 100);
  });

  it('the headline case at small scale: 3 unreadable, a page-size limit, a hang: each readable record once, 3 gaps, at most 1.5x the requests of a clean walk', async () => {
    const clean = await start({ soCount: 2000 });
    await walk(client(clean).paginate<So>({ ...SOS, pageSize: 100 }));
    const cleanRequests = listRequests(clean).length;

    const sandbox = await start({ soCount: 2000, paging: { unreadable: [333, 1001, 1777], maxPageSize: 100, hangs: [1500] } });
    const { records, error } = await walk(client(sandbox, { timeoutMs: 1_000 }).paginate<So>({ ...SOS, pageSize: 100 }));
    expect(soids(records)).toEqual(idsWithout(2000, [333, 1001, 1777]));
    expect(gapPositions((error as IqGapError).gaps)).toEqual([333, 1001, 1777]);
    expect(listRequests(sandbox).length).toBeLessThanOrEqual(cleanRequests * 1.5 + 3 * 16 - (2000 / 100) * 0.5);
    expectNoPageOver(sandbox, 100);
  });
});

describe('what unreadable records cost', () => {
  it('a run of them costs a bounded few requests per record (was lookAhead + 2): a position read alone is not asked for again', async () => {
    for (const [soCount, from, count, most] of [
      [100, 0, 100, 240],
      [1000, 100, 300, 400],
    ] as const) {
      const unreadable = Array.from({ length: count }, (_, i) => from + i);
      const sandbox = await start({ soCount, paging: { base: 1, end: 'not-found', unreadable } });
      const { records, error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 100, pageBase: 1 }));
      expect(soids(records)).toEqual(idsWithout(soCount, unreadable));
      expect(gapPositions((error as IqGapError).gaps)).toEqual(unreadable);
      const requests = listRequests(sandbox);
      expect(requests.length).toBeLessThanOrEqual(most);
      // No record is read alone twice.
      const alone = requests.filter((r) => r.PageSize === '1').map((r) => r.Page);
      expect(new Set(alone).size).toBe(alone.length);
    }
  });
});

describe('secrets', () => {
  it('a record whose failure echoes the API key and the session token: its gap, the error and every cursor hold neither', async () => {
    const key = 'WALK-KEY-0123456789abcdef';
    const token = 'feedface0123456789feedface012345';
    const data = Array.from({ length: 30 }, (_, i) => ({ soid: i + 1 }));
    const server = await serve((req, res) => {
      if (req.url.startsWith('/api/')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Data: token }));
      const query = new URL(req.url, 'http://x').searchParams;
      const size = Number(query.get('PageSize'));
      const start = (Number(query.get('Page')) - 1) * size;
      const records = data.slice(start, start + size);
      if (records.some((r) => r.soid === 12)) {
        return res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: `Specified cast is not valid for key ${key}, session ${token}` }));
      }
      if (start >= data.length) return res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no SO for the given Page"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(records));
    });
    const base = new URL(server.url).origin;
    const iq = new IqResellerClient({ apiKey: key, signinUrl: base, apiUrl: base, retry: { retries: 0 } });
    const cursors: PageCursor[] = [];
    const { records, error } = await walk(iq.paginate<So>({ ...SOS, pageSize: 10, pageBase: 1, onPage: (c) => void cursors.push(c) }));
    expect(records).toHaveLength(29);
    const gaps = (error as IqGapError).gaps;
    expect(gaps).toEqual([expect.objectContaining({ offset: 11, count: 1, message: expect.stringContaining('[REDACTED]') })]);
    const secrets = [
      ['API key', key],
      ['session token', token],
    ] as const;
    expectNoSecrets(error, secrets, everySpelling);
    expectNoSecrets(JSON.stringify(cursors), secrets, everySpelling);
  });
});

describe('cursors and resuming', () => {
  it('a cursor after each page covers exactly the records taken; resuming from any of them repeats and skips nothing', async () => {
    const sandbox = await start({ soCount: 95, paging: { unreadable: [33], hangs: [61] } });
    const cursors: PageCursor[] = [];
    const first = await walk(client(sandbox, { timeoutMs: 1_000 }).paginate<So>({ ...SOS, pageSize: 10, onPage: (c) => void cursors.push(c) }));
    expect(soids(first.records)).toEqual(idsWithout(95, [33]));
    expect(cursors.at(-1)).toMatchObject({ done: true, offset: 95, yielded: 94, gaps: [{ offset: 33, count: 1 }] });
    let taken = 0;
    for (const cursor of cursors) {
      // What the cursor covers is what had been yielded when it was handed over.
      if (!cursor.done) expect(cursor.yielded).toBeGreaterThan(taken);
      taken = cursor.yielded;
      const copy = JSON.parse(JSON.stringify(cursor)) as PageCursor;
      const rest = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, resumeFrom: copy }));
      expect([...soids(first.records.slice(0, cursor.yielded)), ...soids(rest.records)]).toEqual(idsWithout(95, [33]));
      expect((rest.error as IqGapError).gaps).toEqual([expect.objectContaining({ offset: 33, count: 1 })]);
    }
  });

  it('a walk broken off and resumed from its last cursor goes on where it stopped', async () => {
    const sandbox = await start({ soCount: 73 });
    let cursor: PageCursor | undefined;
    const taken: So[] = [];
    for await (const so of client(sandbox).paginate<So>({ ...SOS, pageSize: 10, onPage: (c) => void (cursor = c) })) {
      if (taken.length === 34) break;
      taken.push(so);
    }
    // Breaking off hands over one more cursor: the 34 records taken, not the 35th the loop stopped at.
    expect(cursor).toMatchObject({ offset: 34, yielded: 34, done: false });
    const rest = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, resumeFrom: cursor }));
    expect(soids([...taken, ...rest.records])).toEqual(idsWithout(73));
  });

  it('a loop body that throws leaves a cursor that does not cover the record it failed on', async () => {
    const sandbox = await start({ soCount: 40 });
    let cursor: PageCursor | undefined;
    const stored: So[] = [];
    const store = (so: So) => {
      if (so.soid === 17) throw new Error('the store is down');
      stored.push(so);
    };
    await expect(
      (async () => {
        for await (const so of client(sandbox).paginate<So>({ ...SOS, pageSize: 10, onPage: (c) => void (cursor = c) })) store(so);
      })(),
    ).rejects.toThrow('the store is down');
    expect(cursor).toMatchObject({ offset: 16, yielded: 16 });
    const rest = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, resumeFrom: cursor }));
    expect(soids([...stored, ...rest.records])).toEqual(idsWithout(40));
  });

  it('a cursor may be resumed with another pageSize, even from the middle of a page; a finished one yields nothing', async () => {
    const sandbox = await start({ soCount: 64 });
    let cursor: PageCursor | undefined;
    const taken: So[] = [];
    for await (const so of client(sandbox).paginate<So>({ ...SOS, pageSize: 10, onPage: (c) => void (cursor = c) })) {
      if (taken.length === 23) break;
      taken.push(so);
    }
    expect(cursor).toMatchObject({ offset: 23, yielded: 23 });
    const rest = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 25, resumeFrom: cursor, onPage: (c) => void (cursor = c) }));
    expect(soids([...taken, ...rest.records])).toEqual(idsWithout(64));
    expect(cursor!.done).toBe(true);
    sandbox.reset();
    expect(await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 25, resumeFrom: cursor }))).toEqual({ records: [] });
    expect(listRequests(sandbox)).toHaveLength(0);
  });

  it('refuses the cursor of another walk, or one that was changed, before anything is sent', async () => {
    const sandbox = await start({ soCount: 20 });
    let cursor: PageCursor | undefined;
    await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, query: { SortBy: 0 }, onPage: (c) => void (cursor = c) }));
    sandbox.reset();
    for (const resumeFrom of [
      cursor,
      { ...cursor!, walk: 'Inventory/GetInventories' },
      { ...cursor!, offset: -1 },
      { ...cursor!, gaps: [{ offset: 1 }] },
      'cursor',
    ]) {
      const { error } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, resumeFrom: resumeFrom as PageCursor }));
      expect(error).toMatchObject({ name: 'IqValidationError', field: 'resumeFrom' });
    }
    expect(sandbox.stats.requests).toBe(0);
  });
});

describe('retries belong to the pipeline', () => {
  it('a 500 page is asked for once, then read in halves; a 503 page is replayed by the pipeline only', async () => {
    const sandbox = await start({ soCount: 60 });
    let pages = 0;
    const { records } = await walk(
      client(sandbox).paginate<So>({
        ...SOS,
        pageSize: 20,
        onPage: () => {
          if (++pages === 1)
            sandbox.injectFault({ path: 'GetSOs', kind: 'status', status: 500, body: '{"code":500,"message":"Specified cast is not valid."}' });
        },
      }),
    );
    expect(soids(records)).toEqual(idsWithout(60));
    const requests = listRequests(sandbox);
    expect(requests.filter((r) => r.Page === '2' && r.PageSize === '20')).toHaveLength(1);
    expect(requests.filter((r) => r.PageSize === '10').map((r) => r.Page)).toEqual(['3', '4']);

    const retried = await start({ soCount: 60 });
    pages = 0;
    const iq = client(retried, { retry: { retries: 2, initialDelayMs: 1 } });
    const again = await walk(
      iq.paginate<So>({
        ...SOS,
        pageSize: 20,
        onPage: () => {
          if (++pages === 1) retried.injectFault({ path: 'GetSOs', kind: 'status', status: 503, times: 2 });
        },
      }),
    );
    expect(soids(again.records)).toEqual(idsWithout(60));
    expect(listRequests(retried).filter((r) => r.Page === '2' && r.PageSize === '20')).toHaveLength(3);
  });

  it('a vendor that stays down ends the walk with its error, resumable from the last cursor', async () => {
    const sandbox = await start({ soCount: 60 });
    let cursor: PageCursor | undefined;
    const iq = client(sandbox, { retry: { retries: 2, initialDelayMs: 1 } });
    const first = await walk(
      iq.paginate<So>({
        ...SOS,
        pageSize: 20,
        onPage: (c) => {
          cursor = c;
          sandbox.injectFault({ path: 'GetSOs', kind: 'status', status: 503, times: 3 });
        },
      }),
    );
    expect(first.error).toMatchObject({ name: 'IqHttpError', status: 503 });
    expect(first.records).toHaveLength(20);
    const rest = await walk(iq.paginate<So>({ ...SOS, pageSize: 20, resumeFrom: cursor }));
    expect(soids([...first.records, ...rest.records])).toEqual(idsWithout(60));
  });
});

describe('aborting', () => {
  it('a walk with one signal over 40 pages leaks no abort listener', async () => {
    const sandbox = await start({ soCount: 400 });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      // A listener left per pause would warn after 10 pages.
      const { records } = await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, pauseMs: 1, signal: new AbortController().signal }));
      expect(records).toHaveLength(400);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('an abort in a pause rejects at once with IqAbortError', async () => {
    const sandbox = await start({ soCount: 400 });
    const cancel = new AbortController();
    const cancelled = await walk(
      (async function* () {
        // pageBase given, so the first page is the first request; the pause before page 2 is cut short.
        for await (const so of client(sandbox).paginate<So>({ ...SOS, pageSize: 10, pageBase: 1, pauseMs: 600_000, signal: cancel.signal })) {
          yield so;
          if (so.soid === 10) setImmediate(() => cancel.abort());
        }
      })(),
    );
    expect(cancelled.records).toHaveLength(10);
    expect(cancelled.error).toBeInstanceOf(IqAbortError);
    expect(listRequests(sandbox)).toHaveLength(1);
  });

  it('its cause tells a timeout from a cancel (in a plain Node process)', () => {
    const root = resolve(__dirname, '../..');
    const run = spawnSync(resolve(root, 'node_modules/.bin/tsx'), [resolve(__dirname, 'fixtures/aborted-walks.ts')], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      cancelled: { records: 10, name: 'IqAbortError', cause: 'AbortError' },
      timedOut: { records: 10, name: 'IqAbortError', cause: 'TimeoutError' },
    });
  });
});

describe('what a walk reads', () => {
  it('tells each read on the operation channel as a page of the walk: its Page, PageSize and records', async () => {
    const sandbox = await start({ soCount: 25 });
    const { events, stop } = recordEvents();
    try {
      await walk(client(sandbox).paginate<So>({ ...SOS, pageSize: 10, pageBase: 1, lookAhead: 1 }));
    } finally {
      stop();
    }
    const reads = events.filter((e) => e.channel === 'operation' && e.event === 'asyncEnd').map((e) => e.context);
    expect(reads).toEqual([
      { operation: 'SO/GetSOs', api: 'reseller', page: 1, pageSize: 10, items: 10 },
      { operation: 'SO/GetSOs', api: 'reseller', page: 2, pageSize: 10, items: 10 },
      { operation: 'SO/GetSOs', api: 'reseller', page: 3, pageSize: 10, items: 5 },
      // The short page proves the end; two reads further ahead (a page on, and the first record ten pages on) check it.
      { operation: 'SO/GetSOs', api: 'reseller', page: 36, pageSize: 1, error: expect.objectContaining({ status: 500 }) },
      { operation: 'SO/GetSOs', api: 'reseller', page: 121, pageSize: 1, error: expect.objectContaining({ status: 500 }) },
    ]);
  });

  it('pages a POST list in its JSON body, as CV/GetCVs takes it', async () => {
    const sandbox = await start({ cvCount: 23, paging: { base: 0 } });
    const { records } = await walk(
      client(sandbox).paginate<{ cvid: number }>({ module: 'CV', operation: 'GetCVs', method: 'POST', body: { name: '' }, pageSize: 5, pauseMs: 0 }),
    );
    expect(records.map((cv) => cv.cvid)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const bodies = sandbox.requests.filter((r) => r.path.includes('GetCVs')).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies).toContainEqual({ name: '', Page: 2, PageSize: 5 });
  });

  it('reads XML lists, and normalizes records when asked', async () => {
    const sandbox = await start({ soCount: 12 });
    const xml = await walk(client(sandbox).paginate<{ soid: string }>({ ...SOS, format: 'XML', pageSize: 5 }));
    expect(xml.records.map((so) => so.soid)).toEqual(idsWithout(12).map(String));
    const tidy = await walk(client(sandbox).paginate<{ orderdate: string; customername: string }>({ ...SOS, pageSize: 5, normalize: true }));
    expect(tidy.records[0].orderdate).toBe('2024-01-02T00:00:00');
    expect(tidy.records[0].customername).toMatch(/\S$/);
  });

  it.each([
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 2.5 }, 'pageSize'],
    [{ pageBase: 2 }, 'pageBase'],
    [{ lookAhead: 0 }, 'lookAhead'],
    [{ pauseMs: -1 }, 'pauseMs'],
    [{ onPage: 'log' }, 'onPage'],
    [{ onGap: {} }, 'onGap'],
    [{ normalize: 'yes' }, 'normalize'],
    [{ query: { Page: 3 } }, 'query.Page'],
    [{ query: { pagesize: 3 } }, 'query.pagesize'],
    [{ method: 'PUT' }, 'method'],
    [{ method: 'POST', body: 'x' }, 'body'],
    [{ method: 'POST', body: { PageSize: 3 } }, 'body.PageSize'],
    [{ module: '../SO' }, 'module'],
    [{ query: 'SortBy=0' }, 'query'],
  ])('refuses %j before anything is sent', async (extra, field) => {
    const sandbox = await start({ soCount: 5 });
    const { error } = await walk(client(sandbox).paginate({ ...SOS, ...extra } as PaginateOptions));
    expect(error).toBeInstanceOf(IqValidationError);
    expect(error).toMatchObject({ field });
    expect(sandbox.stats.requests).toBe(0);
  });
});
