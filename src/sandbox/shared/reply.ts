import type { ServerResponse } from 'node:http';

/**
 * An answer computed before anything is written, so that faults (e.g. truncation)
 * can be applied to it in one place.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

/**
 * Sends the status and headers but only half of the body, with chunked framing so the
 * message itself ends cleanly: the client gets a well-formed HTTP answer holding a broken document.
 */
export function writeTruncatedReply(res: ServerResponse, reply: Reply): void {
  const bytes = Buffer.from(reply.body);
  res.writeHead(reply.status, reply.headers);
  res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
}
