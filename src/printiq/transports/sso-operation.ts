// The SSORequest operation of a generated Authentication codec: the package's
// own (generated/authentication), or one an app generated from its tenant's
// WSDL, which is checked once to carry the four fields as printIQ's does.
import { service as shipped } from '../../../generated/authentication/codec';
import { IqValidationError } from '../../errors/IqValidationError';
import type { SoapOperation, SoapService } from '../../soap/operation';
import { childElement, elementsOf, readXml, textOf } from '../../xml/parse';
import type { WireSsoInput } from './transport';
import { SSO_OPERATION } from './transport';

export type SsoOperation = SoapOperation<{ input?: Partial<WireSsoInput> }, { SSORequestResult?: unknown } | undefined>;

const PROBE: WireSsoInput = { CusCode: 'probe-customer', UserName: 'probe-user', AppKey: 'probe-app-key', OpportunityRef: 'probe-reference' };

export function ssoOperation(service: SoapService | undefined): SsoOperation {
  if (service === undefined) return shipped.operations.SSORequest;
  const operation = (
    service && typeof service === 'object' && service.operations && Object.hasOwn(service.operations, SSO_OPERATION)
      ? service.operations[SSO_OPERATION]
      : undefined
  ) as SsoOperation | undefined;
  if (!operation || typeof operation.write !== 'function' || typeof operation.read !== 'function') {
    throw new IqValidationError('service must be the service export of a codec generated from a printIQ Authentication WSDL (it has no SSORequest)', 'service');
  }
  // The request it writes must carry each field, in the element printIQ reads it from.
  const missing = probe(operation);
  if (missing.length > 0)
    throw new IqValidationError(`service: this codec's SSORequest does not write ${missing.join(', ')} as printIQ's input does`, 'service');
  return operation;
}

/** The fields of PROBE the operation does not write as given. A codec refuses a field its schema lacks, by name: that one is left out and the rest tried again. */
function probe(operation: SsoOperation): string[] {
  const input: Partial<WireSsoInput> = { ...PROBE };
  let written: Record<string, string> = {};
  for (let tries = 0; tries <= Object.keys(PROBE).length; tries++) {
    try {
      const root = readXml(operation.write({ input }));
      const element = childElement(root, root.ns, 'input');
      written = Object.fromEntries((element ? elementsOf(element) : []).map((e) => [e.local, textOf(e)]));
      break;
    } catch (error) {
      const unknown = error instanceof IqValidationError ? /\.input\.([^.]+)$/.exec(error.field ?? '')?.[1] : undefined;
      if (unknown === undefined || !Object.hasOwn(input, unknown)) break;
      delete input[unknown as keyof WireSsoInput];
    }
  }
  return Object.entries(PROBE)
    .filter(([field, value]) => written[field] !== value)
    .map(([field]) => field);
}
