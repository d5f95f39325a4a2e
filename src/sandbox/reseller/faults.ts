import { STATUS_CODES } from 'node:http';
import { apiError, type Reply } from './reply';
import type { Fault } from './types';

/** Queued faults; each is used for the next `times` matching requests, first queued first. */
export class FaultQueue {
  private queue: Array<{ fault: Fault; left: number }> = [];

  add(fault: Fault): void {
    validate(fault);
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  /** Takes one use of the first fault matching this path, if any. */
  take(pathname: string): Fault | undefined {
    const entry = this.queue.find(({ fault }) => matches(fault.path, pathname));
    if (!entry) return undefined;
    entry.left--;
    if (entry.left <= 0) this.queue = this.queue.filter((e) => e !== entry);
    return entry.fault;
  }

  clear(): void {
    this.queue = [];
  }
}

function matches(pattern: string | RegExp | undefined, pathname: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pathname.toLowerCase().includes(pattern.toLowerCase());
  pattern.lastIndex = 0; // a /g or /y pattern keeps state between test() calls
  return pattern.test(pathname);
}

/** Rejects faults that could not be sent, at injection time rather than mid-request. */
function validate(fault: Fault): void {
  const times = fault.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
    throw new RangeError(`Fault times must be a positive integer or Infinity, got ${times}`);
  }
  if ((fault.kind === 'status' || fault.kind === 'html') && !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
    throw new RangeError(`Fault status must be an integer from 200 to 599, got ${fault.status}`);
  }
  if (fault.kind === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new RangeError(`Fault delay must be a non-negative number of ms, got ${fault.ms}`);
  }
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

/** An error page as IIS (or a gateway in front of it) sends it: HTML, not JSON. */
export function htmlFaultReply(status: number): Reply {
  const reason = STATUS_CODES[status] ?? 'Error';
  const body = [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml">',
    '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>',
    `<title>${status} - ${reason}</title></head>`,
    '<body><div id="header"><h1>Server Error</h1></div>',
    `<div id="content"><div class="content-container"><fieldset><h2>${status} - ${reason}</h2>`,
    '<h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>',
    '</fieldset></div></div></body></html>',
  ].join('\r\n');
  return { status, headers: { 'content-type': 'text/html', server: 'Microsoft-IIS/10.0' }, body };
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
