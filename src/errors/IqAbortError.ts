import { IqError } from './IqError';

/** The caller's AbortSignal ended the call. */
export class IqAbortError extends IqError {}
