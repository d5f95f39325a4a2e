import { STATUS_CODES } from 'node:http';
import type { Reply } from '../shared/reply';
import { apiError } from './reply';
import type { Fault } from './types';

/** Whether a queued fault serves a request to this path (a fault without `path` serves every request). */
export function faultMatchesPath(fault: Fault, pathname: string): boolean {
  const pattern = fault.path;
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pathname.toLowerCase().includes(pattern.toLowerCase());
  pattern.lastIndex = 0; // a /g or /y pattern keeps state between test() calls
  return pattern.test(pathname);
}

/** The answer of a `status` fault: the given body, or the vendor's `{code, message}` shape. */
export function statusFaultReply(fault: Extract<Fault, { kind: 'status' }>): Reply {
  if (fault.body === undefined && fault.contentType === undefined) {
    const reply = apiError(fault.status, STATUS_CODES[fault.status] ?? 'Error');
    return { ...reply, headers: { ...reply.headers, ...lowerCaseKeys(fault.headers) } };
  }
  return {
    status: fault.status,
    headers: { 'content-type': fault.contentType ?? 'application/json; charset=utf-8', ...lowerCaseKeys(fault.headers) },
    body: fault.body ?? '',
  };
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
