// SSORequest over SOAP 1.2 or 1.1, through the stubs generated from the WSDL.
import type { AuthenticationClient } from '../../../generated/authentication/client';
import { IqError } from '../../errors/IqError';
import { IqProtocolError } from '../../errors/IqProtocolError';
import type { HttpPipeline } from '../../http/pipeline';
import { createAuthenticationClient } from '../../soap/client-factory';
import { CALL_CONTEXT, type SoapCallContext } from '../../soap/http-client';
import type { SoapVersion } from '../../soap/versions';
import { soapText } from '../../soap/xml-text';
import { SSO_OPERATION, type SsoTransport, type WireSsoInput } from './transport';

export class SoapSsoTransport implements SsoTransport {
  private client?: Promise<AuthenticationClient>;

  constructor(
    private readonly version: SoapVersion,
    private readonly endpoint: string,
    private readonly pipeline: HttpPipeline,
  ) {}

  async send(input: WireSsoInput, signal?: AbortSignal): Promise<unknown> {
    const client = await this.soapClient();
    // Fields in schema order: node-soap writes them in object key order.
    const wire = {
      ...(input.CusCode !== undefined && { CusCode: soapText(input.CusCode) }),
      UserName: soapText(input.UserName),
      AppKey: soapText(input.AppKey),
      ...(input.OpportunityRef !== undefined && { OpportunityRef: soapText(input.OpportunityRef) }),
    };
    const context: SoapCallContext = { operation: SSO_OPERATION, idempotent: true, signal };
    try {
      const [result] = await client.SSORequestAsync({ input: wire }, { [CALL_CONTEXT]: context } as never);
      return result?.SSORequestResult;
    } catch (error) {
      if (error instanceof IqError) throw error;
      // node-soap's own rejections carry the request and response: keep only what went wrong.
      const reason = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unreadable answer';
      throw new IqProtocolError(`${SSO_OPERATION} failed: the SOAP answer could not be read (${reason})`, {
        operation: SSO_OPERATION,
        request: { method: 'POST', url: this.endpoint },
      });
    }
  }

  /** Made once, on first use; a failure is not cached, so the next call tries again. */
  private soapClient(): Promise<AuthenticationClient> {
    this.client ??= createAuthenticationClient(this.version, this.endpoint, this.pipeline).catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }
}
