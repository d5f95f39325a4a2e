import { IqValidationError } from '../errors/IqValidationError';
import { Redactor } from '../errors/redact';
import { checkUrl } from '../http/endpoint';
import { HttpPipeline } from '../http/pipeline';
import { operationChannel, traced, type OperationContext } from '../diagnostics/channels';
import { toSsoResult } from './result';
import { JsonSsoTransport } from './transports/json-transport';
import { SoapSsoTransport } from './transports/soap-transport';
import { ssoOperation, type SsoOperation } from './transports/sso-operation';
import { SSO_OPERATION, type SsoTransport } from './transports/transport';
import type { PrintIqSsoOptions, SsoCallOptions, SsoRequestInput, SsoResult, SsoTransportName } from './types';
import { checkAppKey, checkSsoInput, checkTransport } from './validate';

/**
 * printIQ single sign-on: asks the tenant's Authentication.asmx for a
 * pre-authenticated URL that logs a user in and starts a quote.
 */
export class PrintIqSsoClient {
  readonly url: string;
  readonly transport: SsoTransportName;
  // Private fields stay out of util.inspect and JSON.stringify of the client.
  readonly #appKey: string;
  readonly #wire: SsoTransport;
  readonly #redactor: Redactor;

  constructor(options: PrintIqSsoOptions) {
    const redactor = new Redactor(() => [options?.appKey]);
    let operation: SsoOperation;
    try {
      if (options === null || typeof options !== 'object')
        throw new IqValidationError('PrintIqSsoClient needs an options object with url and appKey', 'options');
      this.#appKey = checkAppKey(options.appKey);
      this.transport = checkTransport(options.transport);
      this.url = checkUrl(options.url, 'url', options.allowInsecureHttp === true).href;
      operation = ssoOperation(options.service);
    } catch (error) {
      throw redactor.error(error);
    }
    this.#redactor = new Redactor(() => [this.#appKey]);
    const pipeline = new HttpPipeline(options, this.#redactor);
    this.#wire =
      this.transport === 'json'
        ? new JsonSsoTransport(this.url, pipeline)
        : new SoapSsoTransport(this.transport === 'soap12' ? '1.2' : '1.1', this.url, pipeline, operation);
  }

  /** Resolves to the pre-authenticated URLs; rejects with an IqError subclass, never with a secret in it. */
  request(input: SsoRequestInput, options: SsoCallOptions = {}): Promise<SsoResult> {
    const context = (): OperationContext => ({ operation: SSO_OPERATION, api: 'printiq', transport: this.transport });
    return traced(operationChannel, context, () => this.#request(input, options));
  }

  async #request(input: SsoRequestInput, options: SsoCallOptions): Promise<SsoResult> {
    try {
      const checked = checkSsoInput(input);
      // One shape for every call (an optional field left undefined is left out of the wire by JSON and
      // the codec alike): conditional spreads would make a slower, dictionary-mode object each time.
      const raw = await this.#wire.send(
        { CusCode: checked.customerCode, UserName: checked.userName, AppKey: this.#appKey, OpportunityRef: checked.opportunityRef },
        options.signal,
      );
      return toSsoResult(raw, { operation: SSO_OPERATION, request: { method: 'POST', url: this.url } });
    } catch (error) {
      throw this.#redactor.error(error);
    }
  }
}
