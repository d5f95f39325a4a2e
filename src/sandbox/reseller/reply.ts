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

const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'application/xml; charset=utf-8';

export function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) };
}

export function xmlReply(status: number, xml: string): Reply {
  return { status, headers: { 'content-type': XML_TYPE }, body: xml };
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: '' };
}

/** Error shape of the webapi.svc host: `{code, message}`. */
export function apiError(status: number, message: string): Reply {
  return jsonReply(status, { code: status, message });
}

/** Error shape of the ASP.NET Web API sign-in host: `{Message}`. */
export function signinError(status: number, message: string): Reply {
  return jsonReply(status, { Message: message });
}

/** The vendor's answer to oversized pages and pages past the end: a .NET null reference. */
export function objectReferenceError(): Reply {
  return apiError(500, 'Object reference not set to an instance of an object.');
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

/**
 * Sends the status and headers but only half of the body, with chunked framing so the
 * message itself ends cleanly: the client gets a well-formed HTTP answer holding broken JSON.
 */
export function writeTruncatedReply(res: ServerResponse, reply: Reply): void {
  const bytes = Buffer.from(reply.body);
  res.writeHead(reply.status, reply.headers);
  res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
}
