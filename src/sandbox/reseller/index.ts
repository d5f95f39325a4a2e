export { startResellerSandbox } from './server';
export type { Fault, LoggedRequest, PagingEnd, ResellerPagingOptions, ResellerSandbox, ResellerSandboxOptions, ResellerSandboxStats } from './types';
export { MAX_PAGE_SIZE } from './paging';
