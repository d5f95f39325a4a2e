// Makes node-soap clients from the shipped WSDL through the generated stubs.
// node-soap keeps per-WSDL options (SOAP version among them) on a parsed WSDL
// that its default cache shares process-wide, so a SOAP 1.1 client made after
// a SOAP 1.2 one would silently turn it into 1.1. Each version gets its own
// cache here: parsing stays once per version, and versions never mix.
import type { AuthenticationClient } from '../../generated/authentication/client';
import type { HttpPipeline } from '../http/pipeline';
import { WSDL_FILE } from '../wsdl/snapshot';
import { SoapHttpClient } from './http-client';
import { packageFile } from './package-files';
import type { SoapVersion } from './versions';

const wsdlCaches: Record<SoapVersion, Map<string, unknown>> = { '1.1': new Map(), '1.2': new Map() };

export async function createAuthenticationClient(version: SoapVersion, endpoint: string, pipeline: HttpPipeline): Promise<AuthenticationClient> {
  // Loaded on first SOAP use: node-soap costs ~100 ms to require, and JSON users never need it.
  const { createClientAsync } = await import('../../generated/authentication/client');
  return createClientAsync(
    packageFile(`wsdl/${WSDL_FILE}`),
    {
      forceSoap12Headers: version === '1.2',
      wsdlCache: wsdlCaches[version] as never,
      httpClient: new SoapHttpClient(pipeline, version) as never,
      // Answers keep their text exactly; node-soap must not trim field values.
      preserveWhitespace: true,
      // xsd:boolean is exactly true/false/1/0: anything else stays text, so IsError 'maybe' is refused, not read as false.
      customDeserializer: { boolean: (text: string) => (text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text) },
    },
    endpoint,
  );
}
