import type { PrintIqSandboxStats } from './types';

export type WireFormat = keyof PrintIqSandboxStats['byFormat'];

export function createStats(): PrintIqSandboxStats {
  return { requests: 0, connections: 0, byFormat: { soap11: 0, soap12: 0, json: 0, wsdl: 0 } };
}

/** Counts a request in `byFormat`; the shared server counts `requests` and `connections`. */
export function countFormat(stats: PrintIqSandboxStats, format: WireFormat | undefined): void {
  if (format) stats.byFormat[format]++;
}

/** Zeroes the counters in place, so references held by tests stay live. */
export function resetStats(stats: PrintIqSandboxStats): void {
  stats.requests = 0;
  stats.connections = 0;
  for (const format of Object.keys(stats.byFormat) as WireFormat[]) stats.byFormat[format] = 0;
}
