import { IqHttpError } from './IqHttpError';

/** 404: no such endpoint, or (IQ Reseller) a session that was ended. */
export class IqNotFoundError extends IqHttpError {}
