import type { ResponseHeaders } from './response-headers';
import type { CertificateAuthority } from './transport/node-http';

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

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: string;
  url: string;
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
  /** Time for one attempt, headers and body. Default 30 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Answers larger than this are refused. Default 5 MiB. */
  maxResponseBytes?: number;
  /** Trusted roots for https instead of Node's (a corporate CA), in PEM. */
  ca?: CertificateAuthority;
  /**
   * An undici Dispatcher, e.g. `new ProxyAgent(process.env.HTTPS_PROXY)` for a
   * corporate proxy: every request then goes through its `request()`.
   */
  dispatcher?: unknown;
}
