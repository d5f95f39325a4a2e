// paginate() on randomly drawn vendors (seeded, so each case can be replayed): list
// lengths, page bases, end styles, unreadable records, hanging pages, page-size limits
// and page sizes, some walks broken off and resumed with another page size. Each must
// yield every readable record exactly once, in order, and name every record left out.
import { IqGapError, IqResellerClient, type PageCursor, type PageGap } from '../../src';
import { startResellerSandbox, type PagingEnd } from '../../src/sandbox/reseller';

function random(seed: number): (min: number, max: number) => number {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (min, max) => min + Math.floor(next() * (max - min + 1));
}

const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i * 37);

it.each(SEEDS)('seed %i: every readable record once, in order, and every other one in a gap', async (seed) => {
  const int = random(seed);
  const count = int(0, 300);
  const pageSize = [1, 2, 5, 7, 10, 12, 25, 50, 100][int(0, 8)];
  const positions = (most: number) => (count === 0 ? [] : [...new Set(Array.from({ length: int(0, most) }, () => int(0, count - 1)))]);
  const unreadable = positions(4);
  const hangs = positions(1);
  const paging = {
    base: int(0, 1) as 0 | 1,
    end: (['object-reference', 'not-found', 'empty'] as PagingEnd[])[int(0, 2)],
    unreadable,
    hangs,
    maxPageSize: int(0, 9) < 3 ? int(3, pageSize + 5) : 500,
  };
  const pageBase = int(0, 9) < 3 ? paging.base : undefined;
  const stopAt = int(0, 1) === 1 ? int(1, Math.max(1, count)) : -1;
  const resumeSize = int(0, 1) === 1 ? pageSize : [1, 3, 10, 25][int(0, 3)];
  const setup = JSON.stringify({ count, pageSize, paging, pageBase, stopAt, resumeSize });

  const sandbox = await startResellerSandbox({ soCount: count, paging });
  const iq = new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, timeoutMs: 1_000, retry: { retries: 0 } });
  const got: number[] = [];
  let cursor: PageCursor | undefined;
  let error: unknown;
  try {
    const walk = {
      module: 'SO',
      operation: 'GetSOs',
      pauseMs: 0,
      pageBase,
      onPage: (c: PageCursor) => void (cursor = JSON.parse(JSON.stringify(c)) as PageCursor),
    };
    for await (const so of iq.paginate<{ soid: number }>({ ...walk, pageSize })) {
      if (got.length === stopAt) break;
      got.push(so.soid - 1);
    }
    if (got.length === stopAt) {
      for await (const so of iq.paginate<{ soid: number }>({ ...walk, pageSize: resumeSize, resumeFrom: cursor })) got.push(so.soid - 1);
    }
  } catch (caught) {
    error = caught;
  } finally {
    await iq.close();
    await sandbox.close();
  }

  if (error !== undefined && !(error instanceof IqGapError)) {
    // Said, not silent: the first records cannot be read, so neither the base nor the list can be told.
    expect({ setup, message: (error as Error).message }).toEqual({ setup, message: expect.stringMatching(/set pageBase|failed with HTTP 500/) });
    expect([...unreadable, ...hangs].some((at) => at <= 2)).toBe(true);
    return;
  }
  const gaps: PageGap[] = error instanceof IqGapError ? error.gaps : [];
  const left = gaps.flatMap((g) => Array.from({ length: g.count }, (_, i) => ({ at: g.offset + i, error: g.error })));
  // A hanging page read one record at a time has no smaller page to be read in: that record is a gap.
  for (const { at, error: kind } of left)
    expect({ setup, at, ok: unreadable.includes(at) || (kind === 'IqTimeoutError' && hangs.includes(at)) }).toEqual({ setup, at, ok: true });
  for (const at of unreadable) expect({ setup, at, inGap: left.some((l) => l.at === at) }).toEqual({ setup, at, inGap: true });
  const readable = Array.from({ length: count }, (_, i) => i).filter((i) => !left.some((l) => l.at === i));
  expect({ setup, got }).toEqual({ setup, got: readable });
});
