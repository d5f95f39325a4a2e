// Whether pages start at 0 or 1, found by asking: integrations of this vendor
// disagree, and a walk that starts at the wrong one skips or repeats a page.
// Small reads are made until their answers contradict one base: under base 0,
// Page=p of size s holds records p·s onwards; under base 1 Page=0 is refused,
// empty, failing, or (on a server that reads 0 as 1) the same as Page=1. Equal
// records prove nothing, so a base is chosen only when the other one is ruled
// out; records too alike to rule either out ask for pageBase.
import { IqProtocolError } from '../../errors/IqProtocolError';
import { fingerprint } from './fingerprint';
import { signature, type PageReader, type Read } from './read';

interface Seen {
  page: number;
  size: number;
  read: Read;
}

/** The reads made, in order, after Page=0&PageSize=1: when it gave a record, and when it failed. */
const AFTER_RECORD = [
  [1, 1],
  [0, 2],
  [2, 1],
  [1, 2],
  [0, 4],
  [3, 1],
  [1, 4],
] as const;
const AFTER_FAILURE = [
  [1, 1],
  [2, 1],
  [1, 2],
  [3, 1],
  [2, 2],
  [1, 4],
] as const;

/**
 * The page base; `zeroEmpty`: Page=0 answered an empty page, which under base 0 is an empty list (so
 * base 1 is chosen, and a first page failing then is that list's end, not a broken list).
 */
export async function detectBase(reader: PageReader, pageSize: number, operation: string): Promise<{ base: 0 | 1; zeroEmpty: boolean }> {
  const seen: Seen[] = [];
  const zero = await reader.read(0, 1);
  seen.push({ page: 0, size: 1, read: zero });
  if (zero.kind === 'records' && zero.records.length === 0) return { base: 1, zeroEmpty: true };
  if (zero.kind === 'refused' || zero.kind === 'end') return { base: 1, zeroEmpty: false };
  for (const [page, size] of zero.kind === 'records' ? AFTER_RECORD : AFTER_FAILURE) {
    if (size > pageSize) continue;
    seen.push({ page, size, read: await reader.read(page, size) });
    const fits = ([0, 1] as const).filter((base) => fitsBase(base, seen));
    if (fits.length === 1) return { base: fits[0], zeroEmpty: false };
    if (fits.length === 0) {
      throw new IqProtocolError(`${operation}: its pages fit neither page base 0 nor 1 (does it ignore Page?); set pageBase`, { operation });
    }
  }
  // A list failing alike from its first page on is broken: say so.
  if (seen.every(({ read }) => read.kind === 'failed' && signature(read) === signature(zero))) throw (zero as { error: Error }).error;
  throw new IqProtocolError(`${operation}: could not tell whether pages start at 0 or 1, as the first records cannot be read or are alike; set pageBase`, {
    operation,
  });
}

/**
 * Whether the reads agree with `base`: no position given two different records, and no record
 * at or after a position where a page ended early. A failure says nothing; nor, under base 1,
 * does Page=0 answered other than with records.
 */
function fitsBase(base: 0 | 1, seen: Seen[]): boolean {
  const at = new Map<number, string | undefined>();
  let end = Infinity;
  let last = -1;
  for (const { page, size, read } of seen) {
    if (read.kind === 'failed' || read.kind === 'refused') continue;
    const records = read.kind === 'records' ? read.records : [];
    if (base === 1 && page === 0 && records.length === 0) continue;
    const start = (Math.max(page, base) - base) * size;
    for (const [i, record] of records.entries()) {
      const key = fingerprint(record);
      // A record with no fingerprint cannot be compared: it matches nothing, not even itself.
      if (at.has(start + i) && (key === undefined || at.get(start + i) !== key)) return false;
      at.set(start + i, key);
      last = Math.max(last, start + i);
    }
    if (records.length < size) end = Math.min(end, start + records.length);
  }
  return last < end;
}
