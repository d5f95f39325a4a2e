import { IqError, type IqErrorDetails } from './IqError';

/** The connection failed: refused, reset, DNS, TLS. `code` is Node's, e.g. `ECONNRESET`. */
export class IqNetworkError extends IqError {
  code?: string;

  constructor(message: string, details: IqErrorDetails & { code?: string }) {
    super(message, details);
    if (details.code !== undefined) this.code = details.code;
  }
}
