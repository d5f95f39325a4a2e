export { IqResellerClient, DEFAULT_API_URL, DEFAULT_SIGNIN_URL } from './IqResellerClient';
export type { IqResellerOptions, AnswerFormat, CallRequest, OperationCall, PathCall, Cv, PaginateOptions, PageCursor, PageGap, Query } from './types';
export { isoDate, normalize } from './normalize';
export { IqStoreError, type SessionStore, type StoredSession } from './session/store';
