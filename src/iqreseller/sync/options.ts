// The options of a walk, checked before anything is sent.
import { IqValidationError } from '../../errors/IqValidationError';
import { MAX_TIMER_MS, numberOption } from '../../options';
import { checkCall, isPlainObject } from '../call-request';
import type { CallRequest, PageCursor, PageGap, PaginateOptions } from '../types';
import { checkCursor, walkKey } from './cursor';

export interface WalkPlan {
  /** The call of every read, without Page and PageSize. */
  request: CallRequest & { body?: Record<string, unknown> };
  operation: string;
  walk: string;
  pageSize: number;
  pageBase?: 0 | 1;
  pauseMs: number;
  lookAhead: number;
  normalize: boolean;
  onPage?: (cursor: PageCursor) => void | Promise<void>;
  onGap?: (gap: PageGap) => void | Promise<void>;
  resumeFrom?: PageCursor;
}

const PAGING_FIELDS = /^page(size)?$/i;

function callback<F>(value: F | undefined, field: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new IqValidationError(`${field} must be a function`, field);
  return value;
}

export function planWalk(options: PaginateOptions): WalkPlan {
  if (!isPlainObject(options)) throw new IqValidationError('paginate() needs { module, operation } or { path }', 'options');
  const { pageSize: _s, pageBase, pauseMs: _p, lookAhead: _l, onPage, onGap, resumeFrom, normalize, ...call } = options;
  const method = call.method ?? (call.body === undefined ? 'GET' : 'POST');
  if (method !== 'GET' && method !== 'POST') throw new IqValidationError('a walk reads with GET (paging in the query) or POST (paging in the body)', 'method');
  if (call.body !== undefined && !isPlainObject(call.body)) throw new IqValidationError('body must be an object, to which Page and PageSize are added', 'body');
  for (const [where, fields] of [
    ['query', call.query],
    ['body', call.body],
  ] as const) {
    const taken = Object.keys(isPlainObject(fields) ? fields : {}).find((key) => PAGING_FIELDS.test(key));
    if (taken) throw new IqValidationError(`${where}.${taken} is set by the walk itself: leave it out`, `${where}.${taken}`);
  }
  if (pageBase !== undefined && pageBase !== 0 && pageBase !== 1) throw new IqValidationError('pageBase must be 0 or 1', 'pageBase');
  if (normalize !== undefined && typeof normalize !== 'boolean') throw new IqValidationError('normalize must be true or false', 'normalize');
  const request = { ...call, method, idempotent: call.idempotent ?? true } as WalkPlan['request'];
  // The call's own checks (names, path, format, query, body), before anything is sent.
  const { operation, query } = checkCall(request);
  const walk = walkKey(operation, query, call.body);
  return {
    request,
    operation,
    walk,
    pageSize: numberOption(options.pageSize, 100, 'pageSize', { min: 1, max: 100_000, integer: true }),
    pageBase,
    pauseMs: numberOption(options.pauseMs, 100, 'pauseMs', { max: MAX_TIMER_MS, integer: true, unit: 'milliseconds' }),
    lookAhead: numberOption(options.lookAhead, 10, 'lookAhead', { min: 1, max: 1_000, integer: true }),
    normalize: normalize === true,
    onPage: callback(onPage, 'onPage'),
    onGap: callback(onGap, 'onGap'),
    resumeFrom: resumeFrom === undefined ? undefined : checkCursor(resumeFrom, walk),
  };
}
