export { startPrintIqSandbox } from './server';
export type { LoggedRequest, PrintIqFault, PrintIqSandbox, PrintIqSandboxOptions, PrintIqSandboxStats } from './types';
export { DEFAULT_APP_KEY } from './options';
