/** One entry of a sandbox's request log (`sandbox.requests`). */
export interface LoggedRequest {
  method: string;
  /** Path including the query string, as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
