import { IqError, type IqErrorDetails } from './IqError';

/** No complete answer within the time allowed for one attempt. */
export class IqTimeoutError extends IqError {
  timeoutMs: number;

  constructor(message: string, details: IqErrorDetails & { timeoutMs: number }) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
  }
}
