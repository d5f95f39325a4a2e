// The embedded sandbox: local emulators of both vendor APIs, for the demo and
// for users' own integration tests (`iq-integration/sandbox`).
import { startPrintIqSandbox, type PrintIqSandbox, type PrintIqSandboxOptions } from './printiq';
import { startResellerSandbox, type ResellerSandbox, type ResellerSandboxOptions } from './reseller';

export {
  startPrintIqSandbox,
  DEFAULT_APP_KEY,
  DEFAULT_AUTH_TOKEN_TTL_MS,
  type PrintIqFault,
  type PrintIqSandbox,
  type PrintIqSandboxOptions,
  type PrintIqSandboxStats,
} from './printiq';
export {
  startResellerSandbox,
  MAX_PAGE_SIZE,
  type Fault as ResellerFault,
  type PagingEnd,
  type ResellerPagingOptions,
  type ResellerSandbox,
  type ResellerSandboxOptions,
  type ResellerSandboxStats,
} from './reseller';
export type { LoggedRequest } from './printiq';

export const SANDBOX_API_KEY = 'sandbox-api-key';

export interface Sandbox {
  printiq: PrintIqSandbox;
  reseller: ResellerSandbox;
  /** Settings for IqClient.fromEnv(): point the facade at this sandbox. */
  env: Record<'PRINTIQ_SSO_URL' | 'PRINTIQ_SSO_APP_KEY' | 'IQR_API_KEY' | 'IQR_SIGNIN_URL' | 'IQR_API_URL', string>;
  close(): Promise<void>;
}

export async function startSandbox(options: { printiq?: PrintIqSandboxOptions; reseller?: ResellerSandboxOptions } = {}): Promise<Sandbox> {
  const printiq = await startPrintIqSandbox(options.printiq);
  const reseller = await startResellerSandbox({ apiKeys: [SANDBOX_API_KEY], ...options.reseller }).catch(async (error: unknown) => {
    await printiq.close();
    throw error;
  });
  return {
    printiq,
    reseller,
    env: {
      PRINTIQ_SSO_URL: printiq.url,
      PRINTIQ_SSO_APP_KEY: printiq.appKey,
      IQR_API_KEY: (options.reseller?.apiKeys ?? [SANDBOX_API_KEY])[0],
      IQR_SIGNIN_URL: reseller.signinUrl,
      IQR_API_URL: reseller.apiUrl,
    },
    close: async () => {
      await Promise.all([printiq.close(), reseller.close()]);
    },
  };
}
