// The cursor of a walk: plain data, so it can be written to a file and read
// back by another process. A cursor taken back is checked like any input.
import type { PageGap } from '../../errors/IqGapError';
import { IqValidationError } from '../../errors/IqValidationError';
import { isPlainObject } from '../call-request';
import type { PageCursor } from '../types';

/** What identifies a walk: the operation, its query (sorted) and its body. */
export function walkKey(operation: string, query: Array<[string, string]>, body: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams([...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
  return `${operation}${params ? `?${params}` : ''}${body && Object.keys(body).length ? ` ${JSON.stringify(body)}` : ''}`;
}

export function freshCursor(walk: string, pageBase: 0 | 1, readSize: number): PageCursor {
  return { v: 1, walk, offset: 0, pageBase, readSize, yielded: 0, pages: 0, requests: 0, gaps: [], done: false };
}

const count = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

function isGap(value: unknown): value is PageGap {
  if (!isPlainObject(value)) return false;
  const gap = value as Partial<PageGap>;
  return (
    count(gap.offset) &&
    count(gap.count) &&
    gap.count! > 0 &&
    count(gap.page) &&
    count(gap.pageSize) &&
    typeof gap.error === 'string' &&
    typeof gap.message === 'string' &&
    (gap.status === undefined || count(gap.status))
  );
}

/** A copy of `resumeFrom`, once it is known to be a cursor of this walk. */
export function checkCursor(value: unknown, walk: string): PageCursor {
  const refuse = (why: string) => new IqValidationError(`resumeFrom ${why}`, 'resumeFrom');
  if (!isPlainObject(value)) throw refuse('must be a cursor handed to onPage');
  const cursor = value as Partial<PageCursor>;
  const fits =
    cursor.v === 1 &&
    typeof cursor.walk === 'string' &&
    (cursor.pageBase === 0 || cursor.pageBase === 1) &&
    count(cursor.offset) &&
    count(cursor.readSize) &&
    cursor.readSize! > 0 &&
    count(cursor.yielded) &&
    count(cursor.pages) &&
    count(cursor.requests) &&
    typeof cursor.done === 'boolean' &&
    (cursor.seen === undefined || (Number.isSafeInteger(cursor.seen) && cursor.seen >= -1)) &&
    (cursor.worked === undefined || count(cursor.worked)) &&
    Array.isArray(cursor.gaps) &&
    cursor.gaps.every(isGap);
  if (!fits || !consistent(cursor as PageCursor)) throw refuse('is not a cursor handed to onPage (or was changed)');
  if (cursor.walk !== walk) throw refuse(`is the cursor of another walk (${JSON.stringify(cursor.walk)}, not ${JSON.stringify(walk)})`);
  return { ...(cursor as PageCursor), gaps: cursor.gaps!.map((gap) => ({ ...gap })) };
}

/** Its numbers agree: what it covers is what it yielded and its gaps, in order, none past its offset. */
function consistent(cursor: PageCursor): boolean {
  let covered = 0;
  let next = 0;
  for (const gap of cursor.gaps) {
    if (gap.offset < next || gap.pageSize < 1) return false;
    covered += gap.count;
    next = gap.offset + gap.count;
  }
  return next <= cursor.offset && cursor.offset === cursor.yielded + covered && cursor.pages <= cursor.requests;
}
