// Whether pages start at 0 or 1, found by asking: integrations of this vendor
// disagree, and a walk that starts at the wrong one skips or repeats a page.
// One-record reads tell it: under base 0 Page=0 holds record 0 and Page=1
// record 1; under base 1 Page=0 is refused, empty, or (if the server reads 0
// as 1) the same record as Page=1.
import { IqProtocolError } from '../../errors/IqProtocolError';
import { signature, type PageReader, type Read } from './read';

const first = (read: Read): unknown => (read.kind === 'records' ? read.records[0] : undefined);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The page base. */
export async function detectBase(reader: PageReader, pageSize: number, operation: string): Promise<0 | 1> {
  const zero = await reader.read(0, 1);
  if (zero.kind === 'refused' || zero.kind === 'end' || (zero.kind === 'records' && zero.records.length === 0)) return 1;
  const one = await reader.read(1, 1);
  if (zero.kind === 'records') return one.kind === 'records' && one.records.length > 0 && same(first(zero), first(one)) ? 1 : 0;
  // Page=0 failed: base 1 answering it with an error, or base 0 with record 0 unreadable.
  let known = one.kind === 'records' && one.records.length > 0 ? { page: 1, record: one.records[0] } : undefined;
  if (!known) {
    const next = await reader.read(2, 1);
    if (first(next) === undefined) {
      // A list failing alike from its first page on is broken: say so. Anything else cannot be told apart
      // from a list whose first records are unreadable.
      if ([one, next].every((read) => read.kind === 'failed' && signature(read) === signature(zero))) throw zero.error;
      throw undecided(operation);
    }
    known = { page: 2, record: first(next) };
  }
  // Page=1 of two records holds records 0-1 under base 1, records 2-3 under base 0: whether the
  // known record is where a base puts it, or is missing from where it would have to be, tells.
  const two = pageSize >= 2 ? await reader.read(1, 2) : undefined;
  if (two?.kind === 'records') {
    const verdicts = ([0, 1] as const).map((base) => {
      const index = known.page - base - (1 - base) * 2;
      if (index < 0 || index > 1) return 'unknown';
      return index < two.records.length && same(two.records[index], known.record) ? 'match' : 'excluded';
    });
    const matches = [0, 1].filter((base) => verdicts[base] === 'match');
    const possible = [0, 1].filter((base) => verdicts[base] !== 'excluded');
    const found = matches.length === 1 ? matches : possible;
    if (found.length === 1) return found[0] as 0 | 1;
  }
  throw undecided(operation);
}

function undecided(operation: string): IqProtocolError {
  return new IqProtocolError(`${operation}: could not tell whether pages start at 0 or 1, as the first records cannot be read; set pageBase`, { operation });
}
