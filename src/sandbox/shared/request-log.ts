/** One entry of a sandbox's request log (`sandbox.requests`). */
export interface LoggedRequest {
  method: string;
  /** Path including the query string, as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A long-running sandbox keeps only the newest requests: the log must not grow without end. */
export const MAX_LOGGED_REQUESTS = 10_000;

/** Adds an entry, dropping the oldest beyond `limit`. */
export function logRequest(log: LoggedRequest[], entry: LoggedRequest, limit = MAX_LOGGED_REQUESTS): void {
  log.push(entry);
  if (log.length > limit) log.splice(0, log.length - limit);
}
