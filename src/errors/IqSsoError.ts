import { IqError, type IqErrorDetails } from './IqError';

/** printIQ answered `IsError: true`: the request was understood and refused. */
export class IqSsoError extends IqError {
  /** The service's `ErrorMessage`, as sent. */
  vendorMessage: string;

  constructor(vendorMessage: string, details: IqErrorDetails = {}) {
    super(`printIQ refused the SSO request: ${vendorMessage || '(no message)'}`, details);
    this.vendorMessage = vendorMessage;
  }
}
