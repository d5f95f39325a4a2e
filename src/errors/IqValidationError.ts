import { IqError } from './IqError';

/** Bad input or configuration, found before anything was sent. */
export class IqValidationError extends IqError {
  /** The option or field at fault, e.g. `userName`. */
  field?: string;

  constructor(message: string, field?: string) {
    super(message);
    if (field !== undefined) this.field = field;
  }
}
