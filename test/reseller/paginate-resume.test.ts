// paginate() resumed from every cursor a faulty walk handed to onPage: the records
// and gaps of the resumed walk must be exactly what the whole walk had left, on
// lists whose unreadable records fail as the vendor answers past the end.
import { IqGapError, IqResellerClient, type PageCursor, type PageGap, type PaginateOptions } from '../../src';
import { oneServerPerTest } from '../support/one-server';

const { serve, closeServer } = oneServerPerTest();
type So = { soid: number };
const OBJECT_REFERENCE = '{"code":500,"message":"Object reference not set to an instance of an object."}';
const CAST = '{"code":500,"message":"Specified cast is not valid."}';

interface Faulty {
  count: number;
  /** Positions (from 0) that cannot be read, and how each fails. */
  bad: Record<number, 'object-reference' | 'cast'>;
  pageSize: number;
  lookAhead?: number;
  onGap?: boolean;
}

/** A list of `count` records (soid 1..count), Page from 1, past the end a 500 "Object reference". */
async function vendor({ count, bad }: Faulty) {
  const server = await serve((req, res) => {
    if (req.url.startsWith('/api/')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"Data":"feedfacefeedfacefeedface"}');
    const query = new URL(req.url, 'http://x').searchParams;
    const size = Number(query.get('PageSize'));
    const start = (Number(query.get('Page')) - 1) * size;
    const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    if (!Number.isInteger(start) || start < 0) return json(400, '{"message":"bad Page"}');
    if (start >= count) return json(500, OBJECT_REFERENCE);
    const end = Math.min(start + size, count);
    for (let at = start; at < end; at++) if (bad[at]) return json(500, bad[at] === 'cast' ? CAST : OBJECT_REFERENCE);
    json(200, JSON.stringify(Array.from({ length: end - start }, (_, i) => ({ soid: start + i + 1 }))));
  });
  const base = new URL(server.url).origin;
  return new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: base, apiUrl: base, retry: { retries: 0 } });
}

const span = (gaps: PageGap[]) => gaps.flatMap((g) => Array.from({ length: g.count }, (_, i) => g.offset + i));

async function walk(iq: IqResellerClient, faulty: Faulty, resumeFrom?: PageCursor) {
  const records: number[] = [];
  const cursors: PageCursor[] = [];
  const handed: PageGap[] = [];
  let error: unknown;
  const options: PaginateOptions = {
    module: 'SO',
    operation: 'GetSOs',
    pauseMs: 0,
    pageBase: 1,
    pageSize: faulty.pageSize,
    lookAhead: faulty.lookAhead ?? 10,
    resumeFrom,
    onPage: (c) => void cursors.push(JSON.parse(JSON.stringify(c)) as PageCursor),
    ...(faulty.onGap && { onGap: (g: PageGap) => void handed.push(g) }),
  };
  try {
    for await (const so of iq.paginate<So>(options)) {
      records.push(so.soid - 1);
      if (records.length > 1_000) break;
    }
  } catch (caught) {
    error = caught;
  }
  // All gaps of the walk, those of the cursor it resumed included.
  const gaps = faulty.onGap ? [...(resumeFrom?.gaps ?? []), ...handed] : error instanceof IqGapError ? error.gaps : [];
  return { records, cursors, gaps: span(gaps), error };
}

const WALKS: Faulty[] = [
  { count: 15, bad: { 13: 'object-reference' }, pageSize: 3 },
  { count: 20, bad: { 13: 'object-reference', 16: 'object-reference' }, pageSize: 3, lookAhead: 5 },
  { count: 24, bad: { 21: 'object-reference' }, pageSize: 4, lookAhead: 4 },
  { count: 22, bad: { 16: 'object-reference', 18: 'object-reference' }, pageSize: 5, lookAhead: 3, onGap: true },
  {
    count: 20,
    bad: { 4: 'object-reference', 7: 'cast', 9: 'object-reference', 10: 'object-reference', 12: 'cast', 15: 'object-reference', 17: 'object-reference' },
    pageSize: 2,
    lookAhead: 4,
    onGap: true,
  },
  { count: 7, bad: { 3: 'object-reference', 4: 'object-reference' }, pageSize: 1, lookAhead: 3 },
  { count: 30, bad: { 9: 'cast', 10: 'object-reference', 11: 'object-reference', 25: 'object-reference' }, pageSize: 6, lookAhead: 4 },
];

it.each(WALKS.map((faulty) => [JSON.stringify(faulty), faulty] as const))(
  'resumed from every cursor of %s: the rest of the whole walk, nothing lost',
  async (_name, faulty) => {
    const iq = await vendor(faulty);
    const readable = Array.from({ length: faulty.count }, (_, i) => i).filter((i) => !faulty.bad[i]);
    const full = await walk(iq, faulty);
    expect({ records: full.records, gaps: full.gaps }).toEqual({ records: readable, gaps: Object.keys(faulty.bad).map(Number) });
    expect(full.cursors.length).toBeGreaterThan(2);
    // Each cursor as handed over, and as a version without `seen` and `worked` wrote it.
    const older = full.cursors.map(({ seen: _s, worked: _w, ...cursor }) => cursor);
    for (const cursor of [...full.cursors, ...older]) {
      const rest = await walk(iq, faulty, cursor);
      const at = JSON.stringify(cursor);
      expect({ at, records: rest.records, gaps: rest.gaps }).toEqual({ at, records: readable.filter((i) => i >= cursor.offset), gaps: full.gaps });
      expect({ at, done: rest.cursors.at(-1)?.done ?? cursor.done }).toEqual({ at, done: true });
    }
    await iq.close();
    await closeServer();
  },
  60_000,
);

it('a cursor edited to claim records far ahead (seen) or a page size that never worked (worked) does not send the walk reading on for ever', async () => {
  const faulty: Faulty = { count: 12, bad: {}, pageSize: 3 };
  const iq = await vendor(faulty);
  const full = await walk(iq, faulty);
  const cursor = { ...full.cursors[1], seen: 1e12, worked: 1e9 };
  const rest = await walk(iq, faulty, cursor);
  // The records left are all read; positions past the end read as missing are reported, within reach of the offset.
  expect(rest.records).toEqual(Array.from({ length: faulty.count }, (_, i) => i).filter((i) => i >= cursor.offset));
  const reach = cursor.offset + 11 * faulty.pageSize + 10;
  expect(rest.gaps.every((p) => p >= faulty.count && p <= reach)).toBe(true);
  expect(rest.cursors.at(-1)?.done).toBe(true);
  expect(rest.cursors.at(-1)!.requests - cursor.requests).toBeLessThan(200);
  await iq.close();
  await closeServer();
});
