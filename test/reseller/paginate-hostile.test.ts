// paginate() against vendors that break its assumptions in ways a review found:
// pages that are short in the middle, failing runs that look like the end, Page
// ignored, repeated records, hand-edited cursors. Each walk must still lose no
// record in silence, and send only whole page numbers no larger than pageSize.
import { IqGapError, IqResellerClient, type PageCursor, type PageGap, type PaginateOptions } from '../../src';
import type { RecordedRequest } from '../support/scripted-server';
import { oneServerPerTest } from '../support/one-server';

const { serve, closeServer } = oneServerPerTest();
type So = { soid: number };
const SOS = { module: 'SO', operation: 'GetSOs', pauseMs: 0 } as const;
const OBJECT_REFERENCE = '{"code":500,"message":"Object reference not set to an instance of an object."}';

/** What the list answers for one request: records, or an HTTP status and body. */
type Answer = unknown[] | { status: number; body: string };

/** A vendor on a local server: `answer` sees Page and PageSize as sent (strings). */
async function vendor(answer: (page: string, size: string) => Answer) {
  const server = await serve((req, res) => {
    if (req.url.startsWith('/api/')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"Data":"feedfacefeedfacefeedface"}');
    const query = new URL(req.url, 'http://x').searchParams;
    const out = answer(query.get('Page') ?? '', query.get('PageSize') ?? '');
    if (Array.isArray(out)) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body);
  });
  const base = new URL(server.url).origin;
  const iq = new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: base, apiUrl: base, retry: { retries: 0 } });
  const pages = () =>
    server.requests
      .filter((r: RecordedRequest) => r.url.includes('GetSOs'))
      .map((r) => Object.fromEntries(new URL(r.url, 'http://x').searchParams) as { Page: string; PageSize: string });
  return { iq, pages };
}

/** A list of `count` records (soid 1..count), Page counted from 1, whose reads `fault` may replace. */
function list(count: number, fault: (start: number, size: number) => Answer | undefined = () => undefined) {
  return (page: string, size: string): Answer => {
    const n = Number(size);
    const start = (Number(page) - 1) * n;
    if (!Number.isInteger(start) || start < 0) return { status: 400, body: '{"message":"bad Page"}' };
    const faulty = fault(start, n);
    if (faulty) return faulty;
    if (start >= count) return { status: 500, body: OBJECT_REFERENCE };
    return Array.from({ length: Math.min(n, count - start) }, (_, i) => ({ soid: start + i + 1 }));
  };
}

async function walk(iterable: AsyncIterable<So>) {
  const records: number[] = [];
  try {
    for await (const so of iterable) {
      records.push(so.soid);
      // A walk that would never end fails its test rather than hanging it.
      if (records.length > 1_000) break;
    }
    return { records };
  } catch (error) {
    return { records, error };
  }
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const walkOf = (extra: Partial<PaginateOptions>) => ({ ...SOS, pageBase: 1, ...extra }) as PaginateOptions;

describe('page numbers', () => {
  it('are whole numbers, and no page is larger than pageSize, after a short page in a range read again', async () => {
    // Records 10-19 fail as a page of 10; their first page of 5 comes back short (3 records), yet more follow.
    const { iq, pages } = await vendor(
      list(30, (start, size) => {
        if (start === 10 && size === 10) return { status: 500, body: '{"message":"Specified cast is not valid."}' };
        if (start === 10 && size === 5) return [{ soid: 11 }, { soid: 12 }, { soid: 13 }];
        return undefined;
      }),
    );
    const { records, error } = await walk(iq.paginate<So>(walkOf({ pageSize: 10 })));
    for (const { Page, PageSize } of pages()) {
      expect(Page).toMatch(/^\d+$/);
      expect(Number(PageSize)).toBeLessThanOrEqual(10);
    }
    expect(error).toBeUndefined();
    expect(records).toEqual(ids(1, 30));
  });
});

describe('an endpoint that does not move with Page', () => {
  it('ignoring Page: the walk stops with IqProtocolError after the first page, yielding nothing twice', async () => {
    const { iq, pages } = await vendor((_page, size) => ids(1, Number(size)).map((soid) => ({ soid })));
    const { records, error } = await walk(iq.paginate<So>(walkOf({ pageSize: 10 })));
    expect(records).toEqual(ids(1, 10));
    expect(error).toMatchObject({ name: 'IqProtocolError', message: expect.stringMatching(/ignores or clamps Page/) });
    expect(pages().length).toBeLessThanOrEqual(3);
  });

  it('ignoring Page at pageSize 1: stopped after a bounded run of equal records', async () => {
    const { iq } = await vendor(() => [{ soid: 1 }]);
    const { records, error } = await walk(iq.paginate<So>(walkOf({ pageSize: 1 })));
    expect(records.length).toBeLessThanOrEqual(101);
    expect(error).toMatchObject({ name: 'IqProtocolError', message: expect.stringMatching(/ignores or clamps Page/) });
  });

  it('clamping Page to the last page: every record once, then IqProtocolError', async () => {
    const count = 25;
    const { iq } = await vendor((page, size) => {
      const n = Number(size);
      const last = Math.ceil(count / n);
      const start = (Math.min(Number(page), last) - 1) * n;
      return ids(start + 1, Math.min(start + n, count)).map((soid) => ({ soid }));
    });
    const { records, error } = await walk(iq.paginate<So>(walkOf({ pageSize: 10 })));
    expect(records).toEqual(ids(1, 25));
    expect(error).toMatchObject({ name: 'IqProtocolError', message: expect.stringMatching(/ignores or clamps Page/) });
  });
});

describe('records that repeat are data, not Page ignored', () => {
  /** `count` records made by `record`, Page from 1, past the end a 500 "Object reference". */
  const data =
    (count: number, record: (at: number) => unknown) =>
    (page: string, size: string): Answer => {
      const n = Number(size);
      const start = (Number(page) - 1) * n;
      if (start >= count) return { status: 500, body: OBJECT_REFERENCE };
      return Array.from({ length: Math.min(n, count - start) }, (_, i) => record(start + i));
    };

  it.each([
    ['250 records all alike, without an id', 250, () => ({ status: 'Open' }), 100],
    ['250 empty records', 250, () => ({}), 100],
    ['12 null records', 12, () => null, 5],
    ['A, B, A, B... at pageSize 2', 20, (at: number) => ({ k: at % 2 }), 2],
    ['A, B, C, A, B, C... at pageSize 3', 20, (at: number) => ({ k: at % 3 }), 3],
    ['a period of 100 at pageSize 100', 250, (at: number) => ({ x: at % 100 }), 100],
    ['two equal records at 99 and 199 only', 250, (at: number) => (at === 99 || at === 199 ? { dup: true } : { id: at }), 100],
    ['30 records all alike at pageSize 7', 30, () => ({ same: 1 }), 7],
    ['100 records all alike at pageSize 1', 100, () => ({ same: 1 }), 1],
  ] as const)('%s: every record once, no IqProtocolError', async (_name, count, record, pageSize) => {
    const { iq, pages } = await vendor(data(count, record));
    const got: unknown[] = [];
    let error: unknown;
    try {
      for await (const r of iq.paginate<unknown>(walkOf({ pageSize }))) got.push(r);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeUndefined();
    expect(got).toEqual(Array.from({ length: count }, (_, at) => record(at)));
    for (const { PageSize } of pages()) expect(Number(PageSize)).toBeLessThanOrEqual(pageSize);
  });
});

describe('a failing run that looks like the end', () => {
  /** A list whose records at `bad` fail exactly as the vendor answers past the end. */
  const failingLikeTheEnd = (count: number, bad: number[]) =>
    list(count, (start, size) => (bad.some((at) => at >= start && at < start + size && at < count) ? { status: 500, body: OBJECT_REFERENCE } : undefined));
  const positions = (gaps: PageGap[]) => gaps.flatMap((g) => ids(g.offset, g.offset + g.count - 1));

  it('records 200-201 of 251 failing with "Object reference": the rest is read, and the two are a gap', async () => {
    const { iq, pages } = await vendor(failingLikeTheEnd(251, [200, 201]));
    const { records, error } = await walk(iq.paginate<So>(walkOf({ pageSize: 100 })));
    expect(records).toEqual([...ids(1, 200), ...ids(203, 251)]);
    expect(error).toBeInstanceOf(IqGapError);
    expect((error as IqGapError).gaps).toEqual([expect.objectContaining({ offset: 200, count: 2, status: 500 })]);
    for (const { PageSize } of pages()) expect(Number(PageSize)).toBeLessThanOrEqual(100);
  });

  it('no run of failing records shorter than lookAhead, anywhere, is taken for the end', async () => {
    // Every run of 1 to lookAhead - 1 failing records at each position of a short list, at several page sizes.
    const count = 23;
    for (const pageSize of [1, 4, 5]) {
      for (let from = 0; from < count; from++) {
        for (let length = 1; length < 4 && from + length < count; length++) {
          const bad = ids(from, from + length - 1);
          const { iq } = await vendor(failingLikeTheEnd(count, bad));
          const { records, error } = await walk(iq.paginate<So>(walkOf({ pageSize, lookAhead: 4 })));
          const setup = { pageSize, bad };
          expect({ setup, records }).toEqual({ setup, records: ids(1, count).filter((id) => !bad.includes(id - 1)) });
          expect({ setup, gaps: positions((error as IqGapError).gaps) }).toEqual({ setup, gaps: bad });
          await iq.close();
          await closeServer();
        }
      }
    }
  }, 60_000);
});

describe('a hand-edited cursor', () => {
  it('is refused with IqValidationError before anything is sent, unless offset is what it yielded plus its gaps', async () => {
    const { iq, pages } = await vendor(
      list(40, (start, size) => (start <= 13 && 13 < start + size ? { status: 500, body: '{"message":"Specified cast is not valid."}' } : undefined)),
    );
    let cursor: PageCursor | undefined;
    const taken: number[] = [];
    for await (const so of iq.paginate<So>(walkOf({ pageSize: 10, onPage: (c) => void (cursor = c), onGap: () => undefined }))) {
      if (taken.length === 25) break;
      taken.push(so.soid);
    }
    expect(cursor).toMatchObject({ offset: 26, yielded: 25, gaps: [{ offset: 13, count: 1 }] });
    const sent = pages().length;
    const gap = cursor!.gaps[0];
    for (const edited of [
      { ...cursor!, offset: 30 },
      { ...cursor!, yielded: 20 },
      { ...cursor!, gaps: [] },
      { ...cursor!, gaps: [{ ...gap, offset: 26 }] },
      { ...cursor!, gaps: [gap, gap] },
      { ...cursor!, offset: 27, yielded: 25, gaps: [gap, { ...gap, offset: 12 }] },
      { ...cursor!, offset: 25.5 },
      { ...cursor!, pages: 1_000 },
    ]) {
      const { error } = await walk(iq.paginate<So>(walkOf({ pageSize: 10, resumeFrom: edited })));
      expect({ edited, error }).toEqual({ edited, error: expect.objectContaining({ name: 'IqValidationError', field: 'resumeFrom' }) });
    }
    expect(pages()).toHaveLength(sent);
    const rest = await walk(iq.paginate<So>(walkOf({ pageSize: 10, resumeFrom: cursor, onGap: () => undefined })));
    expect([...taken, ...rest.records]).toEqual(ids(1, 40).filter((id) => id !== 14));
  });
});

describe('the page base, when records repeat', () => {
  /** Pages from 0 over `data`; pages holding a position in `bad` fail; past the end, the vendor's 404. */
  const fromZero =
    (data: unknown[], bad: number[] = []) =>
    (page: string, size: string): Answer => {
      const n = Number(size);
      const start = Number(page) * n;
      if (bad.some((at) => at >= start && at < start + n)) return { status: 500, body: '{"message":"Specified cast is not valid."}' };
      if (start >= data.length) return { status: 404, body: '{"message":"no SO for the given Page"}' };
      return data.slice(start, start + n);
    };
  const records = (values: number[]) => values.map((x) => ({ x }));
  async function values(answer: (page: string, size: string) => Answer, pageSize = 5) {
    const { iq, pages } = await vendor(answer);
    const got: number[] = [];
    try {
      for await (const record of iq.paginate<{ x: number }>({ ...SOS, pageSize, onGap: () => undefined })) got.push(record.x);
      return { got, pages };
    } catch (error) {
      return { got, error, pages };
    }
  }

  it('two equal first records do not make Page=0 look like Page=1', async () => {
    const data = [7, 7, ...ids(1, 20)];
    const { got, error } = await values(fromZero(records(data)));
    expect({ got, error }).toEqual({ got: data, error: undefined });
  });

  it('with record 0 unreadable, equal records after it do not make base 1 look likely', async () => {
    const data = [0, 7, 7, ...ids(1, 20)];
    const { got, error } = await values(fromZero(records(data), [0]));
    expect({ got, error }).toEqual({ got: data.slice(1), error: undefined });
  });

  it('records all alike cannot tell the base: IqProtocolError asking for pageBase, nothing yielded', async () => {
    const { got, error, pages } = await values(fromZero(records(Array.from({ length: 30 }, () => 7))));
    expect(got).toEqual([]);
    expect(error).toMatchObject({ name: 'IqProtocolError', message: expect.stringMatching(/set pageBase/) });
    for (const { PageSize } of pages()) expect(Number(PageSize)).toBeLessThanOrEqual(5);
  });
});

describe('onGap', () => {
  it('is handed a gap followed at once by a gap of another failure, each in its place', async () => {
    // Records 2 and 3 of 6 fail, each otherwise: two gaps side by side.
    const { iq } = await vendor(
      list(6, (start, size) => {
        if (start <= 2 && 2 < start + size) return { status: 500, body: OBJECT_REFERENCE };
        if (start <= 3 && 3 < start + size) return { status: 500, body: '{"message":"Specified cast is not valid."}' };
        return undefined;
      }),
    );
    const events: Array<number | string> = [];
    let cursor: PageCursor | undefined;
    const options = walkOf({ pageSize: 2, onGap: (g) => void events.push(`gap ${g.offset}+${g.count}: ${g.message}`), onPage: (c) => void (cursor = c) });
    for await (const so of iq.paginate<So>(options)) events.push(so.soid - 1);
    expect(events).toEqual([0, 1, 'gap 2+1: Object reference not set to an instance of an object.', 'gap 3+1: Specified cast is not valid.', 4, 5]);
    expect(cursor?.gaps.map((g) => [g.offset, g.count])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });
});
