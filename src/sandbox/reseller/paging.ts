// The vendor's paging, as integrations that walked it found it: a page base of 0
// or 1, pages past the end answered with an error rather than an empty list,
// records that break every page holding them, a page size above which pages
// fail, and pages that never answer. Each is a sandbox option (PagingRules).
import { NO_ANSWER } from '../shared/http-sandbox';
import type { Reply } from '../shared/reply';
import type { RecordList, SampleRecord } from './data';
import { apiError, objectReferenceError } from './replies';
import type { PagingEnd, ResellerPagingOptions } from './types';

/** Largest PageSize the vendor serves by default; larger values fail with a null-reference 500. */
export const MAX_PAGE_SIZE = 500;

const END_STYLES: readonly PagingEnd[] = ['object-reference', 'not-found', 'empty'];

/** What a list operation answers: records, a reply of its own (an error), or nothing at all. */
export type Outcome = { records: SampleRecord[] } | { reply: Reply } | typeof NO_ANSWER;

export class PagingRules {
  readonly base: 0 | 1;
  readonly end: PagingEnd;
  readonly maxPageSize: number;
  readonly #unreadable: readonly number[];
  /** Positions whose page has not hung yet: each hangs once. */
  readonly #hangs: Set<number>;

  constructor(options: ResellerPagingOptions = {}) {
    if (options === null || typeof options !== 'object') throw new RangeError('Invalid sandbox option paging: an object is needed');
    this.base = options.base ?? 1;
    if (this.base !== 0 && this.base !== 1) throw new RangeError(`Invalid sandbox option paging.base: ${String(options.base)}`);
    this.end = options.end ?? 'object-reference';
    if (!END_STYLES.includes(this.end)) throw new RangeError(`Invalid sandbox option paging.end: ${String(options.end)}`);
    this.maxPageSize = options.maxPageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(this.maxPageSize) || this.maxPageSize < 1) throw new RangeError(`Invalid sandbox option paging.maxPageSize: ${this.maxPageSize}`);
    this.#unreadable = positions(options.unreadable, 'unreadable');
    this.#hangs = new Set(positions(options.hangs, 'hangs'));
  }

  /**
   * One page of `list`: `Page` counted from the base, records from position (Page - base) x PageSize.
   * Without PageSize, or with PageSize=0, the whole list (integrations report 0 as "all"), whatever its length.
   * `element` names a record in the vendor's "no SO for the given Page".
   */
  page(list: RecordList, element: string, page: unknown, pageSize: unknown, onHang: () => void): Outcome {
    const asked = pageSize === undefined ? 0 : wholeNumber(pageSize);
    const number = page === undefined || asked === 0 ? this.base : wholeNumber(page);
    if (asked === undefined || number === undefined || number < this.base) {
      return { reply: apiError(400, `Page must be a whole number from ${this.base} and PageSize a whole number.`) };
    }
    const size = asked === 0 ? list.length : asked;
    const start = (number - this.base) * size;
    const end = Math.min(start + size, list.length);
    // A hang comes first: the vendor's work for that range never finishes, whatever else is wrong.
    const hang = [...this.#hangs].find((at) => at >= start && at < end);
    if (hang !== undefined) {
      this.#hangs.delete(hang);
      onHang();
      return NO_ANSWER;
    }
    if (asked > this.maxPageSize) return { reply: objectReferenceError() };
    if (start >= list.length) {
      // The first page of an empty list is an empty list whatever the end style.
      if (number === this.base || this.end === 'empty') return { records: [] };
      return { reply: this.end === 'not-found' ? apiError(404, `no ${element} for the given Page`) : objectReferenceError() };
    }
    if (this.#unreadable.some((at) => at >= start && at < end)) return { reply: apiError(500, 'Specified cast is not valid.') };
    const records: SampleRecord[] = [];
    for (let at = start; at < end; at++) records.push(list.at(at));
    return { records };
  }
}

/** Page and PageSize as WCF binds them: digits, from the query string or a JSON body. */
function wholeNumber(value: unknown): number | undefined {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function positions(value: number[] | undefined, name: string): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((at) => Number.isInteger(at) && at >= 0)) {
    throw new RangeError(`Invalid sandbox option paging.${name}: a list of record positions (whole numbers from 0) is needed`);
  }
  return [...value];
}
