import type { ResellerSandboxStats } from './types';

export function createStats(): ResellerSandboxStats {
  return { sessionsCreated: 0, sessionsEnded: 0, requests: 0, unauthorized: 0, byPath: {}, connections: 0 };
}

/** Zeroes the counters in place, so references held by tests stay live. */
export function resetStats(stats: ResellerSandboxStats): void {
  stats.sessionsCreated = 0;
  stats.sessionsEnded = 0;
  stats.requests = 0;
  stats.unauthorized = 0;
  stats.connections = 0;
  for (const key of Object.keys(stats.byPath)) delete stats.byPath[key];
}
