// The oracle: wsdl-tsclient's node-soap client (generated/authentication/client.ts)
// configured as this package used it before the codec: SOAP version forced per
// client, a private WSDL cache, whitespace kept, booleans read strictly, fields
// in schema order, and a CDATA lookalike sent as real CDATA. Its HTTP goes
// through node-soap's httpClient seam to a function, so it runs without a network.
import { join } from 'node:path';
import { createClientAsync, type AuthenticationClient } from '../../../generated/authentication/client';
import type { SoapVersion } from '../../../src/soap/versions';

export interface Exchange {
  /** What node-soap sent. */
  request?: { body: string; headers: Record<string, string> };
}

export interface CannedAnswer {
  status: number;
  contentType: string;
  body: string;
}

const WSDL = join(__dirname, '../../../wsdl/Authentication.wsdl');
const CDATA_LOOKALIKE = /^<!\[CDATA\[[\s\S]*\]\]>$/;

/** The old package's guard: node-soap sends a CDATA lookalike raw, so it went as a real CDATA section. */
function soapText(value: string): string {
  return CDATA_LOOKALIKE.test(value) ? `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>` : value;
}

export interface Oracle {
  /** Sends one SSORequest; resolves with node-soap's result and what it sent, or rejects with node-soap's error. */
  call(input: Record<string, string | undefined>, answer: CannedAnswer): Promise<{ result: unknown; exchange: Exchange }>;
}

export async function nodeSoapOracle(version: SoapVersion): Promise<Oracle> {
  let pending: { exchange: Exchange; answer: CannedAnswer } | undefined;
  const httpClient = {
    request(_url: string, data: string, callback: (error: unknown, response?: unknown, body?: unknown) => void, headers: Record<string, string> = {}) {
      const { exchange, answer } = pending!;
      exchange.request = { body: data, headers };
      setImmediate(() => callback(null, { status: answer.status, headers: { 'content-type': answer.contentType }, data: answer.body }, answer.body));
    },
  };
  const client: AuthenticationClient = await createClientAsync(
    WSDL,
    {
      forceSoap12Headers: version === '1.2',
      wsdlCache: new Map() as never,
      httpClient: httpClient as never,
      preserveWhitespace: true,
      customDeserializer: { boolean: (text: string) => (text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text) },
    },
    'http://printiq.test/webservice/Authentication.asmx',
  );
  return {
    async call(input, answer) {
      const exchange: Exchange = {};
      pending = { exchange, answer };
      const wire = Object.fromEntries(
        ['CusCode', 'UserName', 'AppKey', 'OpportunityRef'].filter((f) => input[f] !== undefined).map((f) => [f, soapText(input[f]!)]),
      );
      try {
        const [result] = await client.SSORequestAsync({ input: wire });
        return { result, exchange };
      } catch (error) {
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { exchange });
      }
    },
  };
}
