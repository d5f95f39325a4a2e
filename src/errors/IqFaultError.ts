import { IqError, type IqErrorDetails } from './IqError';

export interface IqFaultDetails extends IqErrorDetails {
  /** `soap:Server`, `soap:Receiver`, or for the ASMX JSON form the .NET exception type. */
  faultCode?: string;
  /** The fault's full text (SOAP faultstring / Reason, or the JSON `Message`). */
  faultString: string;
}

/** The service raised a fault: a SOAP Fault, or the ASMX JSON exception object. */
export class IqFaultError extends IqError {
  faultCode?: string;
  faultString: string;

  constructor(message: string, details: IqFaultDetails) {
    super(message, details);
    if (details.faultCode !== undefined) this.faultCode = details.faultCode;
    this.faultString = details.faultString;
  }
}
