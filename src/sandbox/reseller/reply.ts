import type { Reply } from '../shared/reply';

/** The answers of the vendor's two hosts; written by ../shared/reply. */

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
