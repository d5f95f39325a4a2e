export { IqResellerClient, DEFAULT_API_URL, DEFAULT_SIGNIN_URL } from './IqResellerClient';
export type { IqResellerOptions, CallRequest, Cv, PaginateOptions, Query } from './types';
export { IqStoreError, type SessionStore, type StoredSession } from './session/store';
