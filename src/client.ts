// IqClient: one object for both vendor APIs. Each half is built on first use,
// so an application that only needs one of them configures only that one.
import { IqValidationError } from './errors/IqValidationError';
import { IqResellerClient } from './iqreseller/IqResellerClient';
import type { IqResellerOptions } from './iqreseller/types';
import { PrintIqSsoClient } from './printiq/PrintIqSsoClient';
import type { PrintIqSsoOptions, SsoCallOptions, SsoRequestInput, SsoResult } from './printiq/types';

export interface IqClientOptions {
  printiq?: PrintIqSsoOptions;
  reseller?: IqResellerOptions;
}

/** The environment variables `IqClient.fromEnv()` reads. */
export const ENV = {
  printiqUrl: 'PRINTIQ_SSO_URL',
  printiqAppKey: 'PRINTIQ_SSO_APP_KEY',
  resellerApiKey: 'IQR_API_KEY',
  resellerSigninUrl: 'IQR_SIGNIN_URL',
  resellerApiUrl: 'IQR_API_URL',
} as const;

function missing(what: string, settings: string): IqValidationError {
  return new IqValidationError(`${what} is not configured: set ${settings}`, what === 'printIQ SSO' ? 'printiq' : 'reseller');
}

export class IqClient {
  readonly #options: IqClientOptions;
  #printiq?: PrintIqSsoClient;
  #reseller?: IqResellerClient;

  constructor(options: IqClientOptions = {}) {
    if (options === null || typeof options !== 'object') throw new IqValidationError('IqClient options must be an object');
    this.#options = options;
  }

  /** Reads PRINTIQ_SSO_URL, PRINTIQ_SSO_APP_KEY, IQR_API_KEY, IQR_SIGNIN_URL, IQR_API_URL. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, extra: { printiq?: Partial<PrintIqSsoOptions>; reseller?: Partial<IqResellerOptions> } = {}): IqClient {
    const options: IqClientOptions = {};
    if (env[ENV.printiqUrl] || env[ENV.printiqAppKey]) {
      options.printiq = { ...extra.printiq, url: env[ENV.printiqUrl] ?? '', appKey: env[ENV.printiqAppKey] ?? '' };
    }
    if (env[ENV.resellerApiKey]) {
      options.reseller = {
        ...extra.reseller,
        apiKey: env[ENV.resellerApiKey] ?? '',
        ...(env[ENV.resellerSigninUrl] && { signinUrl: env[ENV.resellerSigninUrl] }),
        ...(env[ENV.resellerApiUrl] && { apiUrl: env[ENV.resellerApiUrl] }),
      };
    }
    return new IqClient(options);
  }

  /** Whether each half has settings (it may still reject them when first used). */
  get configured(): { printiq: boolean; reseller: boolean } {
    return { printiq: this.#options.printiq !== undefined, reseller: this.#options.reseller !== undefined };
  }

  get printiq(): PrintIqSsoClient {
    if (!this.#printiq) {
      const options = this.#options.printiq;
      if (!options) throw missing('printIQ SSO', `printiq.url and printiq.appKey (or ${ENV.printiqUrl} and ${ENV.printiqAppKey})`);
      if (!options.url) throw new IqValidationError(`printIQ SSO needs its URL: set printiq.url (or ${ENV.printiqUrl})`, 'url');
      if (!options.appKey) throw new IqValidationError(`printIQ SSO needs its AppKey: set printiq.appKey (or ${ENV.printiqAppKey})`, 'appKey');
      this.#printiq = new PrintIqSsoClient(options);
    }
    return this.#printiq;
  }

  get reseller(): IqResellerClient {
    if (!this.#reseller) {
      const options = this.#options.reseller;
      if (!options) throw missing('IQ Reseller', `reseller.apiKey (or ${ENV.resellerApiKey})`);
      this.#reseller = new IqResellerClient(options);
    }
    return this.#reseller;
  }

  /** printIQ SSO in one call: the pre-authenticated URLs for a user. */
  sso(input: SsoRequestInput, options?: SsoCallOptions): Promise<SsoResult> {
    try {
      return this.printiq.request(input, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Ends what is open (the IQ Reseller session). Safe to call twice. */
  async close(): Promise<void> {
    await this.#reseller?.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
