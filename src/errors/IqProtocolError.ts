import { IqError } from './IqError';

/**
 * The answer is not what the contract says: an HTML page instead of SOAP, a
 * truncated or hostile XML document, JSON of the wrong shape, a wrong content type.
 */
export class IqProtocolError extends IqError {}
