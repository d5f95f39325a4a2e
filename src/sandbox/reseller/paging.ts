import type { Reply } from '../shared/reply';
import type { SampleRecord } from './data';
import { apiError, objectReferenceError } from './reply';

/** Largest PageSize the vendor serves; larger values fail with a null-reference 500. */
export const MAX_PAGE_SIZE = 500;

export type PageResult = { records: SampleRecord[] } | { error: Reply };

/**
 * 1-based paging with the vendor's quirks: an oversized PageSize or a page past the end is a 500
 * "Object reference" error, not an empty page. The last partial page is served as is. Page 1 is
 * always an array (empty when there is no data). Without PageSize the whole list is returned.
 */
export function paginate(records: SampleRecord[], page: string | number | undefined, pageSize: string | number | undefined): PageResult {
  if (pageSize === undefined) return { records };
  const size = toPositiveInt(pageSize);
  const number = page === undefined ? 1 : toPositiveInt(page);
  if (size === undefined || number === undefined) {
    return { error: apiError(400, 'Page and PageSize must be positive integers.') };
  }
  if (size > MAX_PAGE_SIZE) return { error: objectReferenceError() };
  const start = (number - 1) * size;
  if (number > 1 && start >= records.length) return { error: objectReferenceError() };
  return { records: records.slice(start, start + size) };
}

function toPositiveInt(value: string | number): number | undefined {
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}
