import type { Reply } from '../shared/reply';
import type { PrintIqFault } from './types';

const KINDS = new Set(['status', 'html', 'reset', 'delay', 'truncate', 'wrong-envelope']);

/** Refuses an unknown fault kind when it is injected; the shared fault queue then checks the fields. */
export function checkFaultKind(fault: PrintIqFault): void {
  if (fault === null || typeof fault !== 'object' || !KINDS.has(fault.kind)) {
    throw new TypeError(`Unknown fault kind ${String((fault as { kind?: unknown } | null)?.kind)}`);
  }
}

/** The answer of a `status` fault: exactly the given body (default empty), content type and headers. */
export function statusFaultReply(fault: Extract<PrintIqFault, { kind: 'status' }>): Reply {
  const headers: Record<string, string> = {};
  if (fault.contentType !== undefined) headers['content-type'] = fault.contentType;
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: fault.status, headers, body: fault.body ?? '' };
}
