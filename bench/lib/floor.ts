// The baselines: the same requests as the package sends, done by hand with
// Node's fetch (keep-alive through its default dispatcher, or the one given),
// and node-soap used directly as its README shows.
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { APP_KEY, SESSION_TOKEN, WIRE_INPUT } from './canned';

type Dispatcher = unknown;
const init = (dispatcher: Dispatcher | undefined, value: RequestInit): RequestInit => (dispatcher === undefined ? value : ({ ...value, dispatcher } as RequestInit));

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A SOAP 1.2 SSORequest envelope, built by hand. */
export function soap12Envelope(input: { CusCode: string; UserName: string; AppKey: string; OpportunityRef: string }): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">' +
    '<soap12:Body><SSORequest xmlns="http://printiq.co.nz/"><input>' +
    `<CusCode>${escapeText(input.CusCode)}</CusCode><UserName>${escapeText(input.UserName)}</UserName>` +
    `<AppKey>${escapeText(input.AppKey)}</AppKey><OpportunityRef>${escapeText(input.OpportunityRef)}</OpportunityRef>` +
    '</input></SSORequest></soap12:Body></soap12:Envelope>'
  );
}

const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, removeNSPrefix: true, parseTagValue: false });

export interface Urls {
  simplifiedUrl: string;
  landPageUrl: string;
}

/** The floor for SOAP 1.2: hand-built envelope, fetch, fast-xml-parser. */
export async function rawSoap12(url: string, dispatcher?: Dispatcher, input: Parameters<typeof soap12Envelope>[0] = WIRE_INPUT): Promise<Urls> {
  const response = await fetch(
    url,
    init(dispatcher, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="http://printiq.co.nz/SSORequest"' },
      body: soap12Envelope(input),
    }),
  );
  const text = await response.text();
  if (response.status !== 200) throw new Error(`raw SOAP 1.2: HTTP ${response.status}`);
  const result = parser.parse(text)?.Envelope?.Body?.SSORequestResponse?.SSORequestResult;
  if (result?.IsError !== 'false') throw new Error('raw SOAP 1.2: no successful SSORequestResult');
  return { simplifiedUrl: result.SimplifiedURL, landPageUrl: result.LandPageURL };
}

/** The same SSORequest in the ASMX JSON form, with fetch. */
export async function rawJsonSso(url: string, dispatcher?: Dispatcher): Promise<Urls> {
  const response = await fetch(
    `${url}/SSORequest`,
    init(dispatcher, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify({ input: WIRE_INPUT }),
    }),
  );
  const json = (await response.json()) as { d?: { IsError?: boolean; SimplifiedURL: string; LandPageURL: string } };
  if (response.status !== 200 || json.d?.IsError !== false) throw new Error(`raw JSON SSO: HTTP ${response.status}`);
  return { simplifiedUrl: json.d.SimplifiedURL, landPageUrl: json.d.LandPageURL };
}

/** `POST /api/IntegrationAPI/Session` with fetch: the token. */
export async function rawSession(signinUrl: string, apiKey: string, dispatcher?: Dispatcher): Promise<string> {
  const response = await fetch(
    `${signinUrl}/api/IntegrationAPI/Session`,
    init(dispatcher, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-encoding': 'UTF8' },
      body: JSON.stringify({ APIToken: apiKey }),
    }),
  );
  const json = (await response.json()) as { Data?: string };
  if (response.status !== 200 || typeof json.Data !== 'string') throw new Error(`raw session: HTTP ${response.status}`);
  return json.Data;
}

/** `POST CV/json/GetCVs` with the session header, with fetch. */
export async function rawGetCVs(apiUrl: string, token: string = SESSION_TOKEN, dispatcher?: Dispatcher): Promise<unknown[]> {
  const response = await fetch(
    `${apiUrl}/webapi.svc/CV/JSON/GetCVs`,
    init(dispatcher, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'content-encoding': 'UTF8', 'iqr-session-token': token },
      body: '{}',
    }),
  );
  const json = (await response.json()) as unknown;
  if (response.status !== 200 || !Array.isArray(json)) throw new Error(`raw GetCVs: HTTP ${response.status}`);
  return json;
}

export const WSDL_PATH = join(__dirname, '..', '..', 'wsdl', 'Authentication.wsdl');

/** node-soap as its README shows: createClientAsync(wsdl, { forceSoap12Headers: true }, endpoint). */
export async function nodeSoapClient(endpoint: string): Promise<() => Promise<Urls>> {
  const soap = await import('soap');
  const client = (await soap.createClientAsync(WSDL_PATH, { forceSoap12Headers: true }, endpoint)) as unknown as {
    SSORequestAsync(args: unknown): Promise<[{ SSORequestResult: { IsError: boolean; SimplifiedURL: string; LandPageURL: string } }]>;
  };
  return async () => {
    const [result] = await client.SSORequestAsync({ input: { ...WIRE_INPUT } });
    const r = result.SSORequestResult;
    if (r.IsError !== false) throw new Error('node-soap: no successful SSORequestResult');
    return { simplifiedUrl: r.SimplifiedURL, landPageUrl: r.LandPageURL };
  };
}

export { APP_KEY };
