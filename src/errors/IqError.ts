/** What a person needs to find the failed call again; never headers or bodies. */
export interface IqRequestInfo {
  method: string;
  url: string;
}

export interface IqErrorDetails {
  /** The vendor operation, e.g. `SSORequest` or `CV/GetCVs`. */
  operation?: string;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  request?: IqRequestInfo;
  cause?: unknown;
}

/**
 * The base of every error this package throws. Instances carry no secret:
 * messages and properties are scrubbed where they leave a client (see redact.ts).
 */
export class IqError extends Error {
  operation?: string;
  status?: number;
  request?: IqRequestInfo;

  constructor(message: string, details: IqErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    if (details.operation !== undefined) this.operation = details.operation;
    if (details.status !== undefined) this.status = details.status;
    if (details.request !== undefined) this.request = details.request;
  }
}
