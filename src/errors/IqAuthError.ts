import { IqHttpError } from './IqHttpError';

/** 401: the credentials or the session were refused. */
export class IqAuthError extends IqHttpError {}
