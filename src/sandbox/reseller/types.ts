/** Public types of the IQ Reseller sandbox (a local emulator of the vendor's REST API). */
import type { LoggedRequest } from '../shared/request-log';

export interface ResellerSandboxOptions {
  /** Accepted API keys (the `APIToken` a client posts to open a session). Default `['sandbox-api-key']`. */
  apiKeys?: string[];
  /** Session lifetime, counted from creation (vendor sessions last about an hour). Default 3_600_000. */
  sessionTtlMs?: number;
  /** Number of sample CVs (customers/vendors). Default 25. */
  cvCount?: number;
  /** Number of sample sales orders. Default 120. */
  soCount?: number;
  /** Number of sample inventory rows. Default 120. */
  inventoryCount?: number;
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
  /** Clear stats, request log and queued faults. Sessions are kept. */
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
