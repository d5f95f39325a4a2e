import { iisErrorPage } from './pages';
import type { Reply } from './reply';
import type { PrintIqFault } from './types';

/** Queued faults; each is used for the next `times` requests, first queued first. */
export class FaultQueue {
  private queue: Array<{ fault: PrintIqFault; left: number }> = [];

  add(fault: PrintIqFault): void {
    validate(fault);
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  /** Takes one use of the first queued fault, if any. */
  take(): PrintIqFault | undefined {
    const entry = this.queue[0];
    if (!entry) return undefined;
    entry.left--;
    if (entry.left <= 0) this.queue.shift();
    return entry.fault;
  }

  clear(): void {
    this.queue = [];
  }
}

const KINDS = new Set(['status', 'html', 'reset', 'delay', 'truncate', 'wrong-envelope']);

/** Rejects faults that could not be sent, at injection time rather than mid-request. */
function validate(fault: PrintIqFault): void {
  if (fault === null || typeof fault !== 'object' || !KINDS.has(fault.kind)) {
    throw new TypeError(`Unknown fault kind ${String((fault as { kind?: unknown } | null)?.kind)}`);
  }
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

/** The answer of a `status` fault: exactly the given body (default empty), content type and headers. */
export function statusFaultReply(fault: Extract<PrintIqFault, { kind: 'status' }>): Reply {
  const headers: Record<string, string> = {};
  if (fault.contentType !== undefined) headers['content-type'] = fault.contentType;
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: fault.status, headers, body: fault.body ?? '' };
}

export function htmlFaultReply(status: number): Reply {
  return iisErrorPage(status);
}
