// The demo's short sync: sales orders page by page, broken off after two pages
// as a crash would, then resumed from the cursor with nothing lost or repeated.
import type { IqClient } from '../client';
import { IqGapError } from '../errors/IqGapError';
import type { PageCursor } from '../iqreseller/types';

export async function syncStep(iq: IqClient, say: (line: string) => void): Promise<void> {
  say('1b. IQ Reseller: sync the sales orders, page by page, and resume after a stop');
  const walk = { module: 'SO', operation: 'GetSOs', pageSize: 25, pauseMs: 0, query: { SortBy: 0 }, normalize: true } as const;
  let cursor: PageCursor | undefined;
  const ids = new Set<unknown>();
  let records = 0;
  let first: { soid: unknown; orderdate?: string } | undefined;
  for await (const so of iq.reseller.paginate<{ soid: unknown; orderdate?: string }>({ ...walk, onPage: (c) => void (cursor = c) })) {
    // Stopping before taking a record: the cursor then covers exactly the records taken.
    if (records === 50) break;
    first ??= so;
    ids.add(so.soid);
    records++;
  }
  say(
    `   stopped after ${cursor?.yielded} records of ${cursor?.pages} pages; the cursor is plain data: offset ${cursor?.offset}, pages from ${cursor?.pageBase}`,
  );
  try {
    for await (const so of iq.reseller.paginate<{ soid: unknown }>({ ...walk, resumeFrom: cursor, onPage: (c) => void (cursor = c) })) {
      ids.add(so.soid);
      records++;
    }
  } catch (error) {
    if (!(error instanceof IqGapError)) throw error;
    say(`   ${error.gaps.length} gap(s): ${error.message}`);
  }
  say(`   resumed to the end: ${records} records, ${ids.size} distinct, ${cursor?.requests} requests in all`);
  say(`   normalize: true gives dates as ISO 8601: order #${String(first?.soid)} of ${first?.orderdate}`);
}
