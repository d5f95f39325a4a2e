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

export interface CallRequest {
  /** e.g. `CV`, `SO`, `Inventory`. */
  module: string;
  /** e.g. `GetCVs`, `GetSOs`. */
  operation: string;
  /** Default GET, or POST when a body is given. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Answer format, the `{JSON|XML}` path segment. Default `json`. */
  format?: 'json' | 'xml';
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** May the call be replayed after a network error or 502/503/504? Default: true for GET. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

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

export interface PaginateOptions extends Omit<CallRequest, 'body'> {
  /** Items per page. Default 100. Large values make the vendor fail. */
  pageSize?: number;
  /** First page (1-based). Default 1. */
  startPage?: number;
  /** Pause between pages, so long runs do not time out. Default 100 ms. */
  pauseMs?: number;
  /** Tries of one page after a server error or timeout, beyond the pipeline's own retries. Default 2. */
  pageRetries?: number;
  /** Stop after this many pages. */
  maxPages?: number;
}
