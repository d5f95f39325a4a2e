export { startResellerSandbox } from './server';
export type { Fault, LoggedRequest, ResellerSandbox, ResellerSandboxOptions, ResellerSandboxStats } from './types';
export { MAX_PAGE_SIZE } from './paging';
