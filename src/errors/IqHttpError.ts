import { IqError, type IqErrorDetails } from './IqError';

export interface IqHttpErrorDetails extends IqErrorDetails {
  status: number;
  /** What the vendor said, when the answer carried a readable message. */
  vendorMessage?: string;
  /** Seconds the server asked to wait (Retry-After), when it said. */
  retryAfterSeconds?: number;
}

/** The server answered with an HTTP status the call cannot succeed with. */
export class IqHttpError extends IqError {
  declare status: number;
  vendorMessage?: string;
  retryAfterSeconds?: number;

  constructor(message: string, details: IqHttpErrorDetails) {
    super(message, details);
    if (details.vendorMessage !== undefined) this.vendorMessage = details.vendorMessage;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}
