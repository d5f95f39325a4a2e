// The baselines: the same requests the package sends, written by hand.
// The floor is the fastest hand-written call: node:http's request() on a
// keep-alive agent, an envelope from a string template, the answer parsed
// with fast-xml-parser (JSON.parse for JSON), a status check and nothing more.
// fetch (Node's undici) and node-soap used as its README shows are further rows.
import http from 'node:http';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SESSION_TOKEN, SSO_ACTION, WIRE_INPUT } from './canned';

export type SoapVersion = '1.2' | '1.1';
type WireInput = { CusCode: string; UserName: string; AppKey: string; OpportunityRef: string };

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NS = { '1.2': 'http://www.w3.org/2003/05/soap-envelope', '1.1': 'http://schemas.xmlsoap.org/soap/envelope/' } as const;

/** An SSORequest envelope from a template, as a hand-written client builds it. */
export function ssoEnvelope(version: SoapVersion, input: WireInput = WIRE_INPUT): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${NS[version]}"><soap:Body><SSORequest xmlns="http://printiq.co.nz/"><input>` +
    `<CusCode>${escapeText(input.CusCode)}</CusCode><UserName>${escapeText(input.UserName)}</UserName>` +
    `<AppKey>${escapeText(input.AppKey)}</AppKey><OpportunityRef>${escapeText(input.OpportunityRef)}</OpportunityRef>` +
    '</input></SSORequest></soap:Body></soap:Envelope>'
  );
}

export function ssoHeaders(version: SoapVersion): Record<string, string> {
  return version === '1.2'
    ? { 'content-type': `application/soap+xml; charset=utf-8; action="${SSO_ACTION}"` }
    : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${SSO_ACTION}"` };
}

const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, removeNSPrefix: true, parseTagValue: false });

export interface Urls {
  simplifiedUrl: string;
  landPageUrl: string;
}

function ssoResult(xml: string): Urls {
  const result = parser.parse(xml)?.Envelope?.Body?.SSORequestResponse?.SSORequestResult;
  if (result?.IsError !== 'false') throw new Error('no successful SSORequestResult');
  return { simplifiedUrl: result.SimplifiedURL, landPageUrl: result.LandPageURL };
}

// ---------------------------------------------------------------- node:http, the floor

const agent = new http.Agent({ keepAlive: true });

/** One exchange on the keep-alive agent: the status and the body as text. */
export function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function floorSoap(url: string, version: SoapVersion, input?: WireInput): Promise<Urls> {
  const { status, text } = await post(url, ssoHeaders(version), ssoEnvelope(version, input));
  if (status !== 200) throw new Error(`hand-written SOAP ${version}: HTTP ${status}`);
  return ssoResult(text);
}

export async function floorJsonSso(url: string): Promise<Urls> {
  const { status, text } = await post(
    `${url}/SSORequest`,
    { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
    JSON.stringify({ input: WIRE_INPUT }),
  );
  const d = (JSON.parse(text) as { d?: { IsError?: boolean; SimplifiedURL: string; LandPageURL: string } }).d;
  if (status !== 200 || d?.IsError !== false) throw new Error(`hand-written JSON SSO: HTTP ${status}`);
  return { simplifiedUrl: d.SimplifiedURL, landPageUrl: d.LandPageURL };
}

const CV_HEADERS = { accept: 'application/json', 'content-type': 'application/json', 'content-encoding': 'UTF8' };

export async function floorGetCVs(apiUrl: string, token: string = SESSION_TOKEN): Promise<unknown[]> {
  const { status, text } = await post(`${apiUrl}/webapi.svc/CV/JSON/GetCVs`, { ...CV_HEADERS, 'iqr-session-token': token }, '{}');
  const json = JSON.parse(text) as unknown;
  if (status !== 200 || !Array.isArray(json)) throw new Error(`hand-written GetCVs: HTTP ${status}`);
  return json;
}

export async function floorSession(signinUrl: string, apiKey: string): Promise<string> {
  const { status, text } = await post(
    `${signinUrl}/api/IntegrationAPI/Session`,
    { 'content-type': 'application/json', accept: 'application/json', 'content-encoding': 'UTF8' },
    JSON.stringify({ APIToken: apiKey }),
  );
  const data = (JSON.parse(text) as { Data?: string }).Data;
  if (status !== 200 || typeof data !== 'string') throw new Error(`hand-written session: HTTP ${status}`);
  return data;
}

// ---------------------------------------------------------------- fetch, a further row

type Dispatcher = unknown;
const init = (dispatcher: Dispatcher | undefined, value: RequestInit): RequestInit =>
  dispatcher === undefined ? value : ({ ...value, dispatcher } as RequestInit);

export async function fetchSoap(url: string, version: SoapVersion, dispatcher?: Dispatcher): Promise<Urls> {
  const response = await fetch(url, init(dispatcher, { method: 'POST', headers: ssoHeaders(version), body: ssoEnvelope(version) }));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`fetch SOAP ${version}: HTTP ${response.status}`);
  return ssoResult(text);
}

export async function fetchJsonSso(url: string, dispatcher?: Dispatcher): Promise<Urls> {
  const response = await fetch(
    `${url}/SSORequest`,
    init(dispatcher, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify({ input: WIRE_INPUT }),
    }),
  );
  const json = (await response.json()) as { d?: { IsError?: boolean; SimplifiedURL: string; LandPageURL: string } };
  if (response.status !== 200 || json.d?.IsError !== false) throw new Error(`fetch JSON SSO: HTTP ${response.status}`);
  return { simplifiedUrl: json.d.SimplifiedURL, landPageUrl: json.d.LandPageURL };
}

export async function fetchSession(signinUrl: string, apiKey: string, dispatcher?: Dispatcher): Promise<string> {
  const response = await fetch(
    `${signinUrl}/api/IntegrationAPI/Session`,
    init(dispatcher, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-encoding': 'UTF8' },
      body: JSON.stringify({ APIToken: apiKey }),
    }),
  );
  const json = (await response.json()) as { Data?: string };
  if (response.status !== 200 || typeof json.Data !== 'string') throw new Error(`fetch session: HTTP ${response.status}`);
  return json.Data;
}

export async function fetchGetCVs(apiUrl: string, token: string = SESSION_TOKEN, dispatcher?: Dispatcher): Promise<unknown[]> {
  const response = await fetch(
    `${apiUrl}/webapi.svc/CV/JSON/GetCVs`,
    init(dispatcher, { method: 'POST', headers: { ...CV_HEADERS, 'iqr-session-token': token }, body: '{}' }),
  );
  const json = (await response.json()) as unknown;
  if (response.status !== 200 || !Array.isArray(json)) throw new Error(`fetch GetCVs: HTTP ${response.status}`);
  return json;
}

// ---------------------------------------------------------------- node-soap, a further row

export const WSDL_PATH = join(__dirname, '..', '..', 'wsdl', 'Authentication.wsdl');

/** node-soap as its README shows: createClientAsync(wsdl, { forceSoap12Headers }, endpoint), then SSORequestAsync. */
export async function nodeSoapClient(endpoint: string, version: SoapVersion): Promise<() => Promise<Urls>> {
  const soap = await import('soap');
  const client = (await soap.createClientAsync(WSDL_PATH, { forceSoap12Headers: version === '1.2', disableCache: true }, endpoint)) as unknown as {
    SSORequestAsync(args: unknown): Promise<[{ SSORequestResult: { IsError: boolean; SimplifiedURL: string; LandPageURL: string } }]>;
  };
  return async () => {
    const [result] = await client.SSORequestAsync({ input: { ...WIRE_INPUT } });
    const r = result.SSORequestResult;
    if (r.IsError !== false) throw new Error('node-soap: no successful SSORequestResult');
    return { simplifiedUrl: r.SimplifiedURL, landPageUrl: r.LandPageURL };
  };
}
