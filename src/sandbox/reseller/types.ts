/** Public types of the IQ Reseller sandbox (a local emulator of the vendor's REST API). */
import type { LoggedRequest } from '../shared/request-log';

/** How a page past the last record is answered. */
export type PagingEnd =
  /** HTTP 500 "Object reference not set to an instance of an object." (the default) */
  | 'object-reference'
  /** HTTP 404 "no SO for the given Page" (the module's name in place of SO) */
  | 'not-found'
  /** HTTP 200 with an empty list */
  | 'empty';

/**
 * The vendor's paging, as integrations that walked it for weeks found it. Each behaviour is
 * played by every paged list (`GetSOs`, `GetInventories`, `GetItems`, `GetCVs`).
 */
export interface ResellerPagingOptions {
  /** Number of the first page: 0 or 1. Default 1. Below it, `Page` is refused with a 400. */
  base?: 0 | 1;
  /** Past the last record. Default `'object-reference'`. The first page of an empty list is always `[]`. */
  end?: PagingEnd;
  /** A `PageSize` above this fails with the 500 "Object reference..." error. Default 500. */
  maxPageSize?: number;
  /** Positions (from 0) of records that cannot be read: any page holding one fails with 500 "Specified cast is not valid.". */
  unreadable?: number[];
  /**
   * Positions (from 0) whose page hangs: the first request for a page holding one gets no answer
   * (held until the client gives up or the sandbox closes); asked again, it answers.
   */
  hangs?: number[];
}

export interface ResellerSandboxOptions {
  /** Accepted API keys (the `APIToken` a client posts to open a session). Default `['sandbox-api-key']`. */
  apiKeys?: string[];
  /** Session lifetime, counted from creation (vendor sessions last about an hour). Default 3_600_000. */
  sessionTtlMs?: number;
  /** Number of sample CVs (customers/vendors). Default 25. */
  cvCount?: number;
  /** Number of sample sales orders; made as they are asked for, so millions cost no memory. Default 120. */
  soCount?: number;
  /** Number of sample inventory rows; made as they are asked for. Default 120. */
  inventoryCount?: number;
  /** Paging behaviours of the lists. */
  paging?: ResellerPagingOptions;
  /** Delay added before every answer, to make timing visible in tests. Default 0. */
  latencyMs?: number;
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on, an integer from 0 to 65535. Default 0: a free port chosen by the OS. */
  port?: number;
}

export interface ResellerSandboxStats {
  sessionsCreated: number;
  sessionsEnded: number;
  /** Every request received, faulted ones included. */
  requests: number;
  /** Answers sent with status 401, whatever produced them (rule or injected fault). */
  unauthorized: number;
  /** Requests per URL path, without the query string, exactly as the client spelled it. */
  byPath: Record<string, number>;
  /** TCP connections accepted; fewer connections than requests means keep-alive worked. */
  connections: number;
  /** Requests of pages held without an answer (`paging.hangs`). */
  hung: number;
}

export type { LoggedRequest };

export interface ResellerSandbox {
  /** Base of the sign-in host; the client appends `/api/IntegrationAPI/Session`. */
  signinUrl: string;
  /** Base of the API host; the client appends `/webapi.svc/...`. Same server as `signinUrl`. */
  apiUrl: string;
  /** Live counters; the object is mutated in place, so a saved reference stays current. */
  stats: ResellerSandboxStats;
  /** Log of received requests, for asserting headers and bodies. Cleared in place by `reset()`. */
  requests: LoggedRequest[];
  /** Every live token now answers 401, as if its hour had run out. */
  expireAllSessions(): void;
  /** Every live session is ended as by DELETE; its token now answers 404 (vendor quirk). */
  endAllSessions(): void;
  /** Queue a fault; the next matching request(s) get it instead of the normal answer. */
  injectFault(fault: Fault): void;
  /** Clear stats, request log and queued faults. Sessions and paging behaviours are kept. */
  reset(): void;
  /** Stop listening, drop every socket and pending delay. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A fault applies to the next `times` requests (default 1) whose path matches `path`:
 * a string matches when the path (without query) contains it, ignoring case; a RegExp is tested
 * against the same path. Without `path` every request matches. Faults are used first-queued first.
 */
export type Fault = { path?: string | RegExp; times?: number } & (
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** Destroy the socket without any answer. */
  | { kind: 'reset' }
  /** Wait `ms`, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** An IIS-style HTML error page with this status, as a proxy or the web server would send. */
  | { kind: 'html'; status: number }
  /** Send the normal status and headers but only the first half of the body, then end cleanly. */
  | { kind: 'truncate' }
);
