// The pipeline's types. This file depends on nothing of the package, so every layer can use it.
import type { Agent } from 'node:http';

/** Trusted roots for https, in PEM, as `tls.connect({ ca })` takes them. */
export type CertificateAuthority = string | Buffer | Array<string | Buffer>;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The vendor operation, for errors: `SSORequest`, `CV/GetCVs`. */
  operation: string;
  /** True where sending the request twice does no harm, so it may be retried. */
  idempotent: boolean;
  signal?: AbortSignal;
}

/** Answer headers: names are case-insensitive; repeated headers joined with ", ". */
export interface AnswerHeaders {
  get(name: string): string | null;
  toObject(): Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: AnswerHeaders;
  body: string;
  /** The body's size in bytes, unpacked. */
  bytes: number;
  url: string;
}

/** Header values as Node and undici hand them over: lower-case names. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** The part of a Node Readable the body reader uses: node:http's IncomingMessage and undici's body both are one. */
export interface BodyStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Drops the connection. */
  destroy(error?: Error): void;
  readonly readableEnded?: boolean;
}

/** An answer whose body has not been read yet. */
export interface RawResponse {
  status: number;
  headers: RawHeaders;
  body: BodyStream;
}

/** How the pipeline ends an attempt early; see attempt-control.ts. */
export interface AttemptEnd {
  readonly ended: boolean;
  onEnd(listener: () => void): void;
  readonly signal: AbortSignal;
}

/**
 * One way of putting a request on the wire (node:http, or an undici dispatcher). Neither follows
 * redirects. `read` is handed the answer as soon as its head is in, its body unread, and what it
 * settles with is what send() settles with. Once `end` ends the attempt, send() rejects at once,
 * even if the connection never settles (a 101 the client cannot hand over, say).
 */
export interface HttpClient {
  send<T>(request: HttpRequest, end: AttemptEnd, read: (answer: RawResponse) => Promise<T>): Promise<T>;
}

export interface RetryOptions {
  /** Replays after the first attempt; 0 turns retries off. Default 2. */
  retries?: number;
  /** First backoff, doubled each time. Default 500 ms. */
  initialDelayMs?: number;
  /** Backoff cap. Default 5 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is returned. Default 30 s. */
  maxRetryAfterMs?: number;
}

export interface HttpOptions {
  /** Time for one attempt, headers and body. Default 30 s; at most 2^31 - 1. */
  timeoutMs?: number;
  /**
   * Time for a whole call: every attempt and every wait between them. Default the larger of
   * 60 s and twice timeoutMs. A retry that could not finish in time is not started.
   */
  deadlineMs?: number;
  retry?: RetryOptions;
  /** Answers larger than this are refused. Default 5 MiB. */
  maxResponseBytes?: number;
  /** Trusted roots for https instead of Node's (a corporate CA), in PEM. */
  ca?: CertificateAuthority;
  /** Connections per origin; further calls queue. Default 10. Clients with the same `ca` and `maxSockets` share connections. */
  maxSockets?: number;
  /** Your own `http.Agent` or `https.Agent` (for the URL's protocol), used as it is instead of the package's. */
  agent?: Agent;
  /**
   * An undici Dispatcher, e.g. `new ProxyAgent(process.env.HTTPS_PROXY)` for a
   * corporate proxy: every request then goes through its `request()`.
   */
  dispatcher?: unknown;
}
