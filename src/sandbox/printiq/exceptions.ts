/**
 * A .NET exception as the ASMX framework reports it: thrown by the service (or by the
 * framework while reading a request) and written as a SOAP fault or a JSON error object.
 */
export class ServiceException extends Error {
  constructor(
    /** The .NET type name, e.g. `System.InvalidOperationException`. */
    readonly exceptionType: string,
    message: string,
    /** A .NET-style stack trace, as sent in the JSON error's `StackTrace`. */
    readonly stackTrace: string,
  ) {
    super(message);
    this.name = 'ServiceException';
  }
}
