// SSORequest over SOAP 1.2 or 1.1, through the codec generated from the WSDL
// (generated/authentication/codec.ts, or an app's own for its tenant).
import type { HttpPipeline } from '../../http/pipeline';
import { callOperation } from '../../soap/call';
import type { SoapVersion } from '../../soap/versions';
import type { SsoOperation } from './sso-operation';
import type { SsoTransport, WireSsoInput } from './transport';

export class SoapSsoTransport implements SsoTransport {
  constructor(
    private readonly version: SoapVersion,
    private readonly endpoint: string,
    private readonly pipeline: HttpPipeline,
    private readonly operation: SsoOperation,
  ) {}

  async send(input: WireSsoInput, signal?: AbortSignal): Promise<unknown> {
    const answer = await callOperation(this.pipeline, this.endpoint, this.version, this.operation, { input }, { signal, idempotent: true });
    return answer?.SSORequestResult;
  }
}
