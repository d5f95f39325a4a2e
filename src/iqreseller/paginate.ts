// Walks a Page/PageSize list endpoint. The vendor does not answer past the end
// with an empty page but with HTTP 500 "Object reference…", and long runs time
// out unless paced: both are handled here.
import { IqHttpError } from '../errors/IqHttpError';
import { IqProtocolError } from '../errors/IqProtocolError';
import { IqTimeoutError } from '../errors/IqTimeoutError';
import { IqValidationError } from '../errors/IqValidationError';
import type { CallRequest, PaginateOptions } from './types';

const PAST_THE_END = /object reference/i;

function wholeNumber(value: number | undefined, fallback: number, field: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new IqValidationError(`${field} must be a whole number of at least ${min}`, field);
  return value;
}

function isPastTheEnd(error: unknown): boolean {
  return error instanceof IqHttpError && error.status === 500 && PAST_THE_END.test(error.vendorMessage ?? '');
}

function isWorthRetrying(error: unknown): boolean {
  return (error instanceof IqHttpError && error.status >= 500) || error instanceof IqTimeoutError;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

export async function* paginate<T>(call: (request: CallRequest) => Promise<unknown>, options: PaginateOptions): AsyncGenerator<T, void, undefined> {
  const pageSize = wholeNumber(options.pageSize, 100, 'pageSize', 1);
  const startPage = wholeNumber(options.startPage, 1, 'startPage', 1);
  const pauseMs = wholeNumber(options.pauseMs, 100, 'pauseMs', 0);
  const pageRetries = wholeNumber(options.pageRetries, 2, 'pageRetries', 0);
  const maxPages = wholeNumber(options.maxPages, Number.MAX_SAFE_INTEGER, 'maxPages', 1);
  const { pageSize: _s, startPage: _p, pauseMs: _m, pageRetries: _r, maxPages: _x, ...base } = options;

  for (let page = startPage, fetched = 0; fetched < maxPages; page++, fetched++) {
    if (fetched > 0) await pause(pauseMs, options.signal);
    let items: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        items = await call({ ...base, query: { ...base.query, Page: page, PageSize: pageSize } });
        break;
      } catch (error) {
        if (page > startPage && isPastTheEnd(error)) return;
        if (attempt >= pageRetries || !isWorthRetrying(error)) throw error;
        await pause(pauseMs * 2 ** attempt, options.signal);
      }
    }
    if (items === undefined) return;
    if (!Array.isArray(items)) {
      throw new IqProtocolError(`${base.module}/${base.operation} page ${page} is not a list`, { operation: `${base.module}/${base.operation}` });
    }
    for (const item of items) yield item as T;
    if (items.length < pageSize) return;
  }
}
