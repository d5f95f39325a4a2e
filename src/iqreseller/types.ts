import type { PageGap } from '../errors/IqGapError';
import type { HttpOptions } from '../http/types';
import type { SessionStore } from './session/store';

export interface IqResellerOptions extends HttpOptions {
  /** The API key of an IQ Reseller API user. A secret: it appears in no error or log. */
  apiKey: string;
  /** Default `https://signin.iqreseller.com`; the client appends `/api/IntegrationAPI/Session`. */
  signinUrl?: string;
  /** Default `https://api.iqreseller.com`; the client appends `/webapi.svc/...`. */
  apiUrl?: string;
  /** Renew the session once it is this old, before the vendor's own timeout (about an hour). */
  maxSessionAgeMs?: number;
  /** Allow plain http to a host other than this machine. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * Where the session lives. Default: in this client. A store shared by several instances
   * (`RedisSessionStore` from `iq-integration/redis`) gives the fleet one session, created once,
   * refreshed once; close() then leaves it to the others.
   */
  sessionStore?: SessionStore;
  /**
   * With a sessionStore, when the store fails: `'local'` (default) goes on with a session of this
   * process and rejoins the shared one when the store is back; `'fail'` rejects with IqStoreError.
   */
  onStoreError?: 'local' | 'fail';
  /**
   * At most this many requests to IQ Reseller under way at once for this API key: in this process,
   * or across the fleet with a sessionStore (per process again while the store is down). Default: no limit.
   */
  maxConcurrent?: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

/** The answer format: the `{JSON|XML}` path segment and how the answer is read. Any case: `'JSON'`, `'json'`, `'Xml'`. */
export type AnswerFormat = 'json' | 'xml' | 'JSON' | 'XML' | 'Json' | 'Xml';

interface CallCommon {
  /** Default GET, or POST when a body is given. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** How the answer is read (and, with module/operation, the `{JSON|XML}` segment). Default json. */
  format?: AnswerFormat;
  query?: Query;
  /** Sent as JSON: an object, an array, or another JSON value. */
  body?: unknown;
  /** May the call be replayed after a network error or 502/503/504? Default: true for GET. */
  idempotent?: boolean;
  /** US-format dates to ISO 8601, padded text trimmed, in the answer (see normalize.ts). Default false. */
  normalize?: boolean;
  signal?: AbortSignal;
}

/** `webapi.svc/{Module}/{JSON|XML}/{Operation}`. */
export interface OperationCall extends CallCommon {
  /** e.g. `CV`, `SO`, `Inventory`. */
  module: string;
  /** e.g. `GetCVs`, `GetSOs`. */
  operation: string;
  path?: never;
}

/** A URL outside the pattern, under `webapi.svc/`: `SO/UDFS/JSON`, `Inventory/GetInventoriesCount`. */
export interface PathCall extends CallCommon {
  /** Relative to `webapi.svc/`: names separated by `/`; no `..`, query, fragment or scheme. */
  path: string;
  module?: never;
  operation?: never;
}

export type CallRequest = OperationCall | PathCall;

/** A CV (customer/vendor) as IQ Reseller returns it: known fields named, every other field kept. */
export interface Cv {
  cvid?: number;
  name?: string;
  cvtype?: string;
  email?: string;
  phone?: string;
  city?: string;
  state?: string;
  country?: string;
  isactive?: boolean;
  [field: string]: unknown;
}

/**
 * Where a walk of pages stands: plain data (it survives `JSON.stringify`), handed to `onPage`
 * after each page the caller has taken, and taken back by `resumeFrom`. It covers exactly the
 * records already yielded, and the gaps passed.
 */
export interface PageCursor {
  /** The cursor's format. */
  v: 1;
  /** The walk it belongs to: operation, query and body. Resuming another walk is refused. */
  walk: string;
  /** Records passed (yielded, or in gaps), counted from 0: the next read starts here. */
  offset: number;
  /** The number of the first page, found or set. */
  pageBase: 0 | 1;
  /** The page size in use: pageSize, or less when the vendor refused pages that large. */
  readSize: number;
  /** Records yielded so far, by this walk and the ones it resumed. */
  yielded: number;
  /** Pages read (with records) and requests made so far. */
  pages: number;
  requests: number;
  /** Records left out so far, each range with why. */
  gaps: PageGap[];
  /** The end of the list was reached: resuming yields nothing more. */
  done: boolean;
  /** The furthest position known to hold a record (-1: none yet), so that a resumed walk does not take an unreadable record for the end. */
  seen?: number;
  /** The largest page size that gave records so far. */
  worked?: number;
}

interface PaginateCommon extends Omit<CallCommon, 'body' | 'method'> {
  /** GET (paging in the query, the default) or POST (paging in the JSON body, as `CV/GetCVs` takes it). */
  method?: 'GET' | 'POST';
  /** With POST: the filter object the paging fields are added to. */
  body?: Record<string, unknown>;
  /** Records per page. Default 100. No request asks for more; a failing range is read again in smaller pages. */
  pageSize?: number;
  /** The number of the first page. Default: found by asking (two one-record reads). */
  pageBase?: 0 | 1;
  /** Pause before each request after the first, so long runs are not throttled. Default 100 ms. */
  pauseMs?: number;
  /**
   * The look-ahead window: when an end cannot be proven by a page cut short there (a gap just before it,
   * pageSize 1), each of this many positions after the last record known is read alone before the end
   * is believed. A run of failing records shorter than this is never taken for the end. Default 10.
   */
  lookAhead?: number;
  /** Called with a cursor after each page once its last record was taken, and when the loop stops early. Awaited. */
  onPage?: (cursor: PageCursor) => void | Promise<void>;
  /** Takes each gap as it is passed; the walk then ends normally instead of with IqGapError. Awaited. */
  onGap?: (gap: PageGap) => void | Promise<void>;
  /** A cursor from onPage: the walk goes on from there, with nothing repeated or skipped. */
  resumeFrom?: PageCursor;
}

export type PaginateOptions = PaginateCommon & ({ module: string; operation: string; path?: never } | { path: string; module?: never; operation?: never });

export type { PageGap };
