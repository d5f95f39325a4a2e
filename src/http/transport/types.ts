import type { HttpRequest } from '../types';

/** Header values as Node and undici hand them over: lower-case names. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** An answer whose body has not been read yet. */
export interface RawResponse {
  status: number;
  headers: RawHeaders;
  /** Node's Readable in both transports: chunks as Buffers; destroy() drops the connection. */
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void };
}

/** One way of putting a request on the wire. Neither follows redirects. */
export interface Transport {
  send(request: HttpRequest, signal: AbortSignal): Promise<RawResponse>;
}
