// The printIQ SSO sandbox on its own: what the shared contract test (test/contract/sso-asmx.test.ts)
// cannot cover there: the WSDL it serves, exact wire bytes, injected faults, stats and shutdown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IqError, IqFaultError, IqHttpError, IqNetworkError, IqProtocolError, PrintIqSsoClient, type SsoTransportName } from '../../src';
import { startPrintIqSandbox, type PrintIqFault, type PrintIqSandbox, type PrintIqSandboxOptions } from '../../src/sandbox/printiq';
import { AuthTokens } from '../../src/sandbox/printiq/auth-tokens';
import { diffWsdl } from '../../src/wsdl/diff';
import { freePort } from '../support/free-port';

const APP_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';
const SHIPPED_WSDL = readFileSync(join(__dirname, '../../wsdl/Authentication.wsdl'), 'utf8');
const ACTION = 'http://printiq.co.nz/SSORequest';
const ENVELOPE_NS = { '1.1': 'http://schemas.xmlsoap.org/soap/envelope/', '1.2': 'http://www.w3.org/2003/05/soap-envelope' } as const;
const CONTENT_TYPE = { '1.1': 'text/xml; charset=utf-8', '1.2': 'application/soap+xml; charset=utf-8' } as const;
const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const XSI_XSD = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';
const SIMULATED_FAILURE =
  'System.Web.Services.Protocols.SoapException: Server was unable to process request. ---&gt; System.InvalidOperationException: Simulated failure in SSORequest';
const TRANSPORTS: SsoTransportName[] = ['soap12', 'soap11', 'json'];
type SoapVersion = keyof typeof ENVELOPE_NS;

const running: PrintIqSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: PrintIqSandboxOptions = {}): Promise<PrintIqSandbox> {
  const sandbox = await startPrintIqSandbox(options);
  running.push(sandbox);
  return sandbox;
}

function client(sandbox: PrintIqSandbox, transport: SsoTransportName): PrintIqSsoClient {
  return new PrintIqSsoClient({ url: sandbox.url, appKey: sandbox.appKey, transport, retry: { retries: 0 } });
}

function envelope(version: SoapVersion, input: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}"><soap:Body>` +
    `<SSORequest xmlns="http://printiq.co.nz/"><input>${input}</input></SSORequest></soap:Body></soap:Envelope>`
  );
}

function soapHeaders(version: SoapVersion): Record<string, string> {
  return version === '1.2'
    ? { 'content-type': `application/soap+xml; charset=utf-8; action="${ACTION}"` }
    : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION}"` };
}

function postSoap(sandbox: PrintIqSandbox, version: SoapVersion, body: string, headers = soapHeaders(version)): Promise<Response> {
  return fetch(sandbox.url, { method: 'POST', headers, body });
}

function postJson(sandbox: PrintIqSandbox, body: string): Promise<Response> {
  return fetch(`${sandbox.url}/SSORequest`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
}

const input = (user: string, extra = '') => `<UserName>${user}</UserName><AppKey>${APP_KEY}</AppKey>${extra}`;
const withoutTokens = (text: string) => text.replace(/AuthToken=[0-9a-f]{32}/g, 'AuthToken=TOKEN');
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms, failing after 5 s: waits for an event, asserts no timing. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= 5_000) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

/** A promise whose state can be read at any moment. */
function tracked<T>(promise: Promise<T>): { promise: Promise<T>; state: 'pending' | 'resolved' | 'rejected' } {
  const view = { promise, state: 'pending' as 'pending' | 'resolved' | 'rejected' };
  promise.then(
    () => (view.state = 'resolved'),
    () => (view.state = 'rejected'),
  );
  return view;
}

describe('WSDL', () => {
  test('GET ?wsdl serves the shipped WSDL as text/xml, semantically unchanged, every address pointing at the sandbox', async () => {
    const sandbox = await start();
    expect(sandbox.wsdlUrl).toBe(`${sandbox.url}?wsdl`);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webservice\/Authentication\.asmx$/);
    const res = await fetch(sandbox.wsdlUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const served = await res.text();
    expect(diffWsdl(SHIPPED_WSDL, served)).toEqual([]);
    const addresses = [...served.matchAll(/<(soap|soap12|http):address location="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    expect(addresses).toEqual([
      ['soap', sandbox.url],
      ['soap12', sandbox.url],
      ['http', sandbox.url],
      ['http', sandbox.url],
    ]);
    // Nothing but the addresses changed, byte for byte.
    expect(served).toBe(SHIPPED_WSDL.replace(/location="[^"]*"/g, `location="${sandbox.url}"`));
  });

  test('the query name and the path match ignoring case, as on IIS', async () => {
    const sandbox = await start();
    const res = await fetch(sandbox.url.replace('/webservice/Authentication.asmx', '/WebService/authentication.ASMX') + '?WSDL');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<wsdl:definitions');
  });
});

describe('the wire as ASMX writes it', () => {
  test('SOAP 1.2: the answer envelope byte for byte, XML specials escaped, null fields left out', async () => {
    const sandbox = await start();
    const res = await postSoap(
      sandbox,
      '1.2',
      envelope('1.2', `<CusCode>CUST001</CusCode>${input('testuser', '<OpportunityRef>a&amp;b&lt;c"</OpportunityRef>')}`),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE['1.2']);
    const body = await res.text();
    const token = /AuthToken=([0-9a-f]{32})</.exec(body)?.[1];
    expect(body).toBe(
      `${XML_HEAD}<soap:Envelope xmlns:soap="${ENVELOPE_NS['1.2']}" ${XSI_XSD}><soap:Body><SSORequestResponse xmlns="http://printiq.co.nz/">` +
        '<SSORequestResult><IsError>false</IsError>' +
        `<SimplifiedURL>${sandbox.siteUrl}/Simplified/CreateQuote.aspx?cusID=13926&amp;quoteref1=a&amp;b&lt;c"&amp;AuthToken=${token}</SimplifiedURL>` +
        `<LandPageURL>${sandbox.siteUrl}/LandPage.aspx?AuthToken=${token}</LandPageURL>` +
        '</SSORequestResult></SSORequestResponse></soap:Body></soap:Envelope>',
    );
  });

  test('SOAP 1.1: its own envelope namespace and content type; a refusal writes empty URLs as empty elements', async () => {
    const sandbox = await start();
    const res = await postSoap(sandbox, '1.1', envelope('1.1', input('admin')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE['1.1']);
    expect(await res.text()).toBe(
      `${XML_HEAD}<soap:Envelope xmlns:soap="${ENVELOPE_NS['1.1']}" ${XSI_XSD}><soap:Body><SSORequestResponse xmlns="http://printiq.co.nz/">` +
        '<SSORequestResult><IsError>true</IsError><ErrorMessage>SSO is not available for Admin or Factory Admin users</ErrorMessage>' +
        '<SimplifiedURL /><LandPageURL /></SSORequestResult></SSORequestResponse></soap:Body></soap:Envelope>',
    );
  });

  test('JSON: {"d":{...}} with the __type IIS adds, and JavaScriptSerializer escapes', async () => {
    const sandbox = await start({ siteUrl: 'https://acme.printiq.example/' });
    const res = await postJson(sandbox, JSON.stringify({ input: { UserName: 'user-7', AppKey: APP_KEY, CusCode: 'CUS42', OpportunityRef: `<a'b>&` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(withoutTokens(await res.text())).toBe(
      '{"d":{"__type":"PrintIQ.Authentication+SSORequestResponse","IsError":false,"ErrorMessage":null,' +
        '"SimplifiedURL":"https://acme.printiq.example/Simplified/CreateQuote.aspx?cusID=CUS42&quoteref1=\\u003ca\\u0027b\\u003e&&AuthToken=TOKEN",' +
        '"LandPageURL":"https://acme.printiq.example/LandPage.aspx?AuthToken=TOKEN"}}',
    );
  });

  test('JSON binds member names ignoring case, as JavaScriptSerializer does; input null is "No input supplied"', async () => {
    const sandbox = await start();
    const res = await postJson(sandbox, JSON.stringify({ input: { username: 'testuser', APPKEY: APP_KEY } }));
    expect(((await res.json()) as { d: { IsError: boolean } }).d.IsError).toBe(false);
    const none = await postJson(sandbox, '{"input":null}');
    expect(((await none.json()) as { d: { ErrorMessage: string } }).d.ErrorMessage).toBe('No input supplied');
  });

  test('the customer rules of the service: CUST001 is cusID 13926, other CUS codes pass through, anything else is refused', async () => {
    const sandbox = await start();
    const sso = client(sandbox, 'soap12');
    await expect(sso.request({ userName: 'user-1', customerCode: 'CUS77' })).resolves.toMatchObject({
      simplifiedUrl: expect.stringMatching(/\?cusID=CUS77&AuthToken=[0-9a-f]{32}$/),
    });
    await expect(sso.request({ userName: 'user-1', customerCode: 'ACME' })).rejects.toMatchObject({
      name: 'IqSsoError',
      vendorMessage: 'No customer found with code ACME',
    });
    await expect(sso.request({ userName: 'factoryadmin' })).rejects.toMatchObject({ vendorMessage: 'SSO is not available for Admin or Factory Admin users' });
  });

  test.each<[SoapVersion, string]>([
    ['1.1', `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>${SIMULATED_FAILURE}</faultstring><detail /></soap:Fault>`],
    [
      '1.2',
      '<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code>' +
        `<soap:Reason><soap:Text xml:lang="en">${SIMULATED_FAILURE}</soap:Text></soap:Reason><soap:Detail /></soap:Fault>`,
    ],
  ])('SOAP %s: a service exception is HTTP 500 with the fault ASMX writes', async (version, fault) => {
    const sandbox = await start();
    const res = await postSoap(sandbox, version, envelope(version, input('raise-fault')));
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE[version]);
    expect(await res.text()).toBe(`${XML_HEAD}<soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}" ${XSI_XSD}><soap:Body>${fault}</soap:Body></soap:Envelope>`);
  });

  test('JSON: a service exception is HTTP 500 {Message, StackTrace, ExceptionType} with jsonerror: true', async () => {
    const sandbox = await start();
    const res = await postJson(sandbox, JSON.stringify({ input: { UserName: 'raise-fault', AppKey: APP_KEY } }));
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('jsonerror')).toBe('true');
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['Message', 'StackTrace', 'ExceptionType']);
    expect(body).toMatchObject({ Message: 'Simulated failure in SSORequest', ExceptionType: 'System.InvalidOperationException' });
    expect(body.StackTrace).toMatch(/^ {2}at /);
  });
});

describe('reading requests', () => {
  test('entities and character references are decoded once; a CDATA section is taken literally; whitespace is kept', async () => {
    const sandbox = await start();
    const ref = '&#60;x&#x3e;&amp;amp;<![CDATA[a&amp;<b>]]>&quot;&apos;  z ';
    const res = await postSoap(sandbox, '1.2', envelope('1.2', input('testuser', `<OpportunityRef>${ref}</OpportunityRef>`)));
    // The reference read is `<x>&amp;a&amp;<b>"'  z `; the answer escapes &, < and > once more.
    expect(await res.text()).toContain('quoteref1=&lt;x&gt;&amp;amp;a&amp;amp;&lt;b&gt;"\'  z &amp;AuthToken=');
  });

  test('fields are read in any order, the first of a repeated field wins, other namespaces and unknown elements are skipped', async () => {
    const sandbox = await start();
    const body =
      `<soap12:Envelope xmlns:soap12="${ENVELOPE_NS['1.2']}"><soap12:Header/><soap12:Body><p:SSORequest xmlns:p="http://printiq.co.nz/"><p:input>` +
      `<p:AppKey>${APP_KEY}</p:AppKey><UserName>admin</UserName><p:Extra>x</p:Extra><p:UserName>user-1</p:UserName><p:UserName>admin</p:UserName>` +
      '</p:input></p:SSORequest></soap12:Body></soap12:Envelope>';
    const text = await (await postSoap(sandbox, '1.2', body)).text();
    expect(text).toContain('<IsError>false</IsError>');
  });

  test('a SOAP 1.2 envelope sent as text/xml is answered in SOAP 1.2; a 1.1 envelope sent as application/soap+xml is 415', async () => {
    const sandbox = await start();
    const upgraded = await postSoap(sandbox, '1.1', envelope('1.2', input('testuser')));
    expect(upgraded.headers.get('content-type')).toBe(CONTENT_TYPE['1.2']);
    expect(await upgraded.text()).toContain(`xmlns:soap="${ENVELOPE_NS['1.2']}"`);
    const refused = await postSoap(sandbox, '1.2', envelope('1.1', input('testuser')));
    expect(refused.status).toBe(415);
  });

  test.each<[SoapVersion, string]>([
    ['1.1', '<faultcode>soap:Client</faultcode>'],
    ['1.2', '<soap:Value>soap:Sender</soap:Value>'],
  ])('SOAP %s: a malformed envelope is an HTTP 500 client fault', async (version, code) => {
    const sandbox = await start();
    for (const body of ['not xml', '<soap:Envelope xmlns:soap="x"><a></b></soap:Envelope>', envelope(version, '<UserName>&nbsp;</UserName>'), '']) {
      const res = await postSoap(sandbox, version, body);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe(CONTENT_TYPE[version]);
      const text = await res.text();
      expect(text).toContain(code);
      expect(text).toContain('Server was unable to read request.');
    }
  });

  test('a DOCTYPE is refused before anything is parsed: no entity is ever expanded', async () => {
    const sandbox = await start();
    const body =
      '<?xml version="1.0"?><!DOCTYPE soap:Envelope [<!ENTITY boom "EXPANDED">]>' +
      envelope('1.2', input('testuser', '<OpportunityRef>&boom;</OpportunityRef>')).replace(/^<\?xml[^>]*>/, '');
    const res = await postSoap(sandbox, '1.2', body);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('<soap:Value>soap:Sender</soap:Value>');
    expect(text).toContain('DTD is prohibited');
    expect(text).not.toContain('EXPANDED');
    // A DOCTYPE inside a CDATA section is only text.
    const literal = await postSoap(sandbox, '1.2', envelope('1.2', input('testuser', '<OpportunityRef><![CDATA[<!DOCTYPE x>]]></OpportunityRef>')));
    expect(await literal.text()).toContain('quoteref1=&lt;!DOCTYPE x&gt;&amp;AuthToken=');
  });

  test('SOAP 1.1 routes by SOAPAction: an unknown action is a client fault', async () => {
    const sandbox = await start();
    const res = await postSoap(sandbox, '1.1', envelope('1.1', input('testuser')), { 'content-type': 'text/xml', soapaction: '"http://printiq.co.nz/Other"' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      '<faultcode>soap:Client</faultcode><faultstring>System.Web.Services.Protocols.SoapException: Server did not recognize the value of HTTP Header SOAPAction: http://printiq.co.nz/Other.</faultstring>',
    );
  });

  test('malformed JSON is HTTP 500 System.ArgumentException; a missing input parameter is System.InvalidOperationException', async () => {
    const sandbox = await start();
    const bad = await postJson(sandbox, '{"input": {"UserName": ');
    expect(bad.status).toBe(500);
    expect(bad.headers.get('jsonerror')).toBe('true');
    expect(await bad.json()).toMatchObject({ ExceptionType: 'System.ArgumentException', Message: expect.stringMatching(/^Invalid JSON primitive/) });
    const missing = await postJson(sandbox, '{}');
    expect(await missing.json()).toMatchObject({
      ExceptionType: 'System.InvalidOperationException',
      Message: "Invalid web service call, missing value for parameter: 'input'.",
    });
    const client_ = client(sandbox, 'json');
    const error = await failure(client_.request({ userName: 'raise-fault' }));
    expect(error).toBeInstanceOf(IqFaultError);
  });

  test('other paths are IIS 404 pages; GET on the service is its help page', async () => {
    const sandbox = await start();
    const missing = await fetch(sandbox.url.replace('Authentication.asmx', 'Other.asmx'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/html');
    const help = await fetch(sandbox.url);
    expect(help.status).toBe(200);
    expect(await help.text()).toContain(`${sandbox.url}?WSDL`);
  });
});

describe('injected faults, as the client sees them', () => {
  test.each(TRANSPORTS)('%s: an HTML error page is IqHttpError with its status', async (transport) => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'html', status: 502 });
    const error = await failure(client(sandbox, transport).request({ userName: 'testuser' }));
    expect(error).toBeInstanceOf(IqHttpError);
    expect((error as IqHttpError).status).toBe(502);
  });

  test.each(TRANSPORTS)('%s: a reset connection is IqNetworkError', async (transport) => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'reset' });
    expect(await failure(client(sandbox, transport).request({ userName: 'testuser' }))).toBeInstanceOf(IqNetworkError);
    expect(sandbox.stats.requests).toBe(1);
  });

  test.each(TRANSPORTS)('%s: a truncated answer is IqProtocolError', async (transport) => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'truncate' });
    expect(await failure(client(sandbox, transport).request({ userName: 'testuser' }))).toBeInstanceOf(IqProtocolError);
  });

  test.each(TRANSPORTS)('%s: an answer in the wrong envelope is IqProtocolError', async (transport) => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'wrong-envelope' });
    const error = await failure(client(sandbox, transport).request({ userName: 'testuser' }));
    expect(error).toBeInstanceOf(IqProtocolError);
  });

  test.each(TRANSPORTS)('%s: status 503 is IqHttpError carrying Retry-After', async (transport) => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'status', status: 503, body: 'busy', contentType: 'text/plain', headers: { 'Retry-After': '7' } });
    const error = await failure(client(sandbox, transport).request({ userName: 'testuser' }));
    expect(error).toBeInstanceOf(IqHttpError);
    expect(error).toMatchObject({ status: 503, retryAfterSeconds: 7 });
  });

  test('wrong-envelope swaps the SOAP version of the whole answer, content type included', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'wrong-envelope', times: 2 });
    const answered11 = await postSoap(sandbox, '1.2', envelope('1.2', input('testuser')));
    expect(answered11.headers.get('content-type')).toBe(CONTENT_TYPE['1.1']);
    expect(await answered11.text()).toContain(`<soap:Envelope xmlns:soap="${ENVELOPE_NS['1.1']}"`);
    const answered12 = await postSoap(sandbox, '1.1', envelope('1.1', input('testuser')));
    expect(answered12.headers.get('content-type')).toBe(CONTENT_TYPE['1.2']);
    expect(await answered12.text()).toContain(`<soap:Envelope xmlns:soap="${ENVELOPE_NS['1.2']}"`);
  });

  test('a status fault sends exactly the given body and headers; without a body it is empty', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'status', status: 200, body: '<x/>', contentType: 'text/xml', headers: { 'X-Test': 'yes' } });
    sandbox.injectFault({ kind: 'status', status: 500 });
    const first = await postSoap(sandbox, '1.1', envelope('1.1', input('testuser')));
    expect([first.status, first.headers.get('content-type'), first.headers.get('x-test'), await first.text()]).toEqual([200, 'text/xml', 'yes', '<x/>']);
    const second = await postSoap(sandbox, '1.1', envelope('1.1', input('testuser')));
    expect([second.status, await second.text()]).toEqual([500, '']);
  });

  test('a delay holds its answer while later requests are answered; closing abandons it', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'delay', ms: 60_000 });
    const held = tracked(client(sandbox, 'soap12').request({ userName: 'testuser' }));
    await until(() => sandbox.requests.length === 1, 'the delayed request to arrive');
    await expect(client(sandbox, 'json').request({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');
    expect(held.state).toBe('pending');
    await sandbox.close();
    expect(await failure(held.promise)).toBeInstanceOf(IqNetworkError);
  });

  test('a short delay then answers normally; faults are used once by default, first queued first', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'delay', ms: 1 });
    sandbox.injectFault({ kind: 'html', status: 500, times: 2 });
    const sso = client(sandbox, 'soap12');
    await expect(sso.request({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');
    expect(await failure(sso.request({ userName: 'testuser' }))).toBeInstanceOf(IqHttpError);
    expect(await failure(sso.request({ userName: 'testuser' }))).toBeInstanceOf(IqHttpError);
    await expect(sso.request({ userName: 'testuser' })).resolves.toHaveProperty('simplifiedUrl');
  });

  test('the client retries an idempotent SSORequest through a 503 when retries are on', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'status', status: 503, times: 2 });
    const sso = new PrintIqSsoClient({ url: sandbox.url, appKey: APP_KEY, retry: { retries: 2, initialDelayMs: 1 } });
    await expect(sso.request({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');
    expect(sandbox.stats.byFormat.soap12).toBe(3);
  });

  test('impossible faults are refused when injected', async () => {
    const sandbox = await start();
    const bad: PrintIqFault[] = [
      { kind: 'status', status: 99 },
      { kind: 'html', status: 700 },
      { kind: 'delay', ms: -1 },
      { kind: 'reset', times: 0 },
      { kind: 'nope' } as unknown as PrintIqFault,
    ];
    for (const fault of bad) expect(() => sandbox.injectFault(fault)).toThrow();
  });

  test('latencyMs holds every answer', async () => {
    const sandbox = await start({ latencyMs: 60_000 });
    const first = tracked(client(sandbox, 'json').request({ userName: 'testuser' }));
    const second = tracked(client(sandbox, 'soap12').request({ userName: 'testuser' }));
    await until(() => sandbox.requests.length === 2, 'both requests to arrive');
    expect([first.state, second.state]).toEqual(['pending', 'pending']);
    await sandbox.close();
    expect(await failure(first.promise)).toBeInstanceOf(IqNetworkError);
    expect(await failure(second.promise)).toBeInstanceOf(IqNetworkError);
  });
});

describe('the pages the URLs open', () => {
  /** The page at `url`, as a browser gets it: status, headers and what it shows. */
  async function open(url: string, init?: RequestInit) {
    const res = await fetch(url, { redirect: 'manual', ...init });
    const html = await res.text();
    const field = (id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
    return {
      status: res.status,
      headers: res.headers,
      html,
      user: field('user'),
      customer: field('customer'),
      cusId: field('cus-id'),
      ref1: field('ref1'),
      refusal: /data-refusal="(\w+)"/.exec(html)?.[1],
    };
  }

  test('SimplifiedURL keeps the vendor shape, on the sandbox itself: the quote page signs the user in once for the customer and Ref1', async () => {
    const sandbox = await start();
    expect(sandbox.siteUrl).toBe(new URL(sandbox.url).origin);
    const { simplifiedUrl, landPageUrl } = await client(sandbox, 'soap12').request({
      userName: 'testuser',
      customerCode: 'CUST001',
      opportunityRef: 'website',
    });
    expect(simplifiedUrl).toMatch(new RegExp(`^${sandbox.siteUrl}/Simplified/CreateQuote\\.aspx\\?cusID=13926&quoteref1=website&AuthToken=[0-9a-f]{32}$`));
    const token = /AuthToken=(\w+)$/.exec(simplifiedUrl)![1];
    expect(landPageUrl).toBe(`${sandbox.siteUrl}/LandPage.aspx?AuthToken=${token}`);

    const quote = await open(simplifiedUrl);
    expect(quote).toMatchObject({ status: 200, user: 'testuser', customer: 'CUST001', cusId: '13926', ref1: 'website' });
    expect(quote.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(quote.headers.get('cache-control')).toBe('no-store');
    expect(quote.headers.get('referrer-policy')).toBe('no-referrer');
    expect(quote.html).not.toContain(token);
    expect(quote.html.toLowerCase()).not.toContain(APP_KEY.toLowerCase());

    // One token for both URLs: once used, neither page signs in again.
    expect(await open(simplifiedUrl)).toMatchObject({ status: 410, refusal: 'used', user: undefined });
    expect(await open(landPageUrl)).toMatchObject({ status: 410, refusal: 'used' });
    expect(sandbox.stats.authTokens).toEqual({ issued: 1, redeemed: 1, refused: 2 });
  });

  test.each(TRANSPORTS)('%s: the landing page signs in once; the quote URL of the same token is then refused', async (transport) => {
    const sandbox = await start();
    const { simplifiedUrl, landPageUrl } = await client(sandbox, transport).request({ userName: 'user-7' });
    expect(await open(landPageUrl)).toMatchObject({ status: 200, user: 'user-7' });
    expect(await open(simplifiedUrl)).toMatchObject({ status: 410, refusal: 'used' });
  });

  test('the quote page reads cusID and quoteref1 from its URL as ASP.NET does: percent-escapes and + decoded, names ignoring case', async () => {
    const sandbox = await start();
    const { simplifiedUrl } = await client(sandbox, 'json').request({ userName: 'testuser', customerCode: 'CUS42', opportunityRef: 'Spring mailer – Zürich' });
    // The vendor puts the reference in as given; fetch, like a browser, percent-encodes what a URL cannot hold.
    expect(simplifiedUrl).toContain('quoteref1=Spring mailer – Zürich&AuthToken=');
    expect(await open(simplifiedUrl)).toMatchObject({ status: 200, customer: 'CUS42', cusId: 'CUS42', ref1: 'Spring mailer – Zürich' });

    const other = await client(sandbox, 'json').request({ userName: 'testuser' });
    const token = /AuthToken=(\w+)$/.exec(other.simplifiedUrl)![1];
    const edited = `${sandbox.siteUrl}/simplified/CREATEQUOTE.aspx?CUSID=NOPE&QuoteRef1=a+b%26c&authtoken=${token.toUpperCase()}`;
    expect(await open(edited)).toMatchObject({ status: 200, customer: 'no customer has cusID NOPE', cusId: 'NOPE', ref1: 'a b&amp;c' });
  });

  test('what the page shows is HTML-escaped', async () => {
    const sandbox = await start();
    const { simplifiedUrl } = await client(sandbox, 'soap11').request({ userName: 'user-<img src=x>', opportunityRef: '<script>alert(1)</script>' });
    const page = await open(simplifiedUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('user-&lt;img src=x&gt;');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.html).not.toMatch(/<img|<script/);
  });

  test('an expired token is refused with 410, by its lifetime or by expireAuthTokens()', async () => {
    const sandbox = await start({ authTokenTtlMs: 1 });
    const short = await client(sandbox, 'soap12').request({ userName: 'testuser' });
    const answeredAt = Date.now();
    // Waits for the clock to pass the token's end, which is at most answeredAt + 1 ms.
    await until(() => Date.now() > answeredAt + 1, 'the token lifetime to pass');
    expect(await open(short.landPageUrl)).toMatchObject({ status: 410, refusal: 'expired' });

    const long = await start();
    const [first, second] = await Promise.all([1, 2].map(() => client(long, 'soap12').request({ userName: 'testuser' })));
    long.expireAuthTokens();
    expect(await open(first.simplifiedUrl)).toMatchObject({ status: 410, refusal: 'expired' });
    expect(await open(second.landPageUrl)).toMatchObject({ status: 410, refusal: 'expired' });
    const later = await client(long, 'soap12').request({ userName: 'testuser' });
    expect(await open(later.landPageUrl)).toMatchObject({ status: 200, user: 'testuser' });
  });

  test('an unknown, missing or forgotten token is refused with 404; pages take GET only; other paths are IIS 404 pages', async () => {
    const sandbox = await start();
    expect(await open(`${sandbox.siteUrl}/LandPage.aspx?AuthToken=${'0'.repeat(32)}`)).toMatchObject({ status: 404, refusal: 'unknown' });
    expect(await open(`${sandbox.siteUrl}/Simplified/CreateQuote.aspx?cusID=13926`)).toMatchObject({ status: 404, refusal: 'unknown' });
    const { landPageUrl } = await client(sandbox, 'soap12').request({ userName: 'testuser' });
    expect((await open(landPageUrl, { method: 'POST' })).status).toBe(405);
    sandbox.reset();
    expect(await open(landPageUrl)).toMatchObject({ status: 404, refusal: 'unknown' });
    const missing = await open(`${sandbox.siteUrl}/Other.aspx`);
    expect([missing.status, missing.headers.get('server')]).toEqual([404, 'Microsoft-IIS/10.0']);
    expect(missing.html).toContain('404 - Not Found');
  });

  test('faults are for the service: a page request neither takes nor gets one', async () => {
    const sandbox = await start();
    const { landPageUrl } = await client(sandbox, 'soap12').request({ userName: 'testuser' });
    sandbox.injectFault({ kind: 'html', status: 503 });
    expect(await open(landPageUrl)).toMatchObject({ status: 200, user: 'testuser' });
    expect(await failure(client(sandbox, 'soap12').request({ userName: 'testuser' }))).toMatchObject({ status: 503 });
  });

  test('a siteUrl option points the URLs elsewhere; the sandbox still serves the pages on its own origin', async () => {
    const sandbox = await start({ siteUrl: 'https://printiq.example.com/' });
    expect(sandbox.siteUrl).toBe('https://printiq.example.com');
    const { landPageUrl } = await client(sandbox, 'soap12').request({ userName: 'testuser' });
    expect(landPageUrl).toMatch(/^https:\/\/printiq\.example\.com\/LandPage\.aspx\?AuthToken=/);
    const own = new URL(sandbox.url).origin + new URL(landPageUrl).pathname + new URL(landPageUrl).search;
    expect(await open(own)).toMatchObject({ status: 200, user: 'testuser' });
  });

  test('at most maxTokens tokens are remembered: the oldest is forgotten first', () => {
    const counters = { issued: 0, redeemed: 0, refused: 0 };
    const tokens = new AuthTokens(60_000, counters, 3);
    const issued = ['a', 'b', 'c', 'd'].map((userName) => tokens.issue({ userName }));
    expect(new Set(issued).size).toBe(4);
    expect(tokens.redeem(issued[0])).toEqual({ ok: false, refusal: 'unknown' });
    expect(tokens.redeem(issued[3])).toEqual({ ok: true, grant: { userName: 'd' } });
    expect(tokens.redeem(issued[1])).toEqual({ ok: true, grant: { userName: 'b' } });
    // A used token is remembered as used, and counts toward the bound.
    tokens.issue({ userName: 'e' });
    expect(tokens.redeem(issued[3])).toEqual({ ok: false, refusal: 'used' });
    expect(tokens.redeem(issued[1])).toEqual({ ok: false, refusal: 'unknown' });
    expect(counters).toEqual({ issued: 5, redeemed: 2, refused: 3 });
  });
});

describe('stats, request log and reset', () => {
  test('counts requests per wire format, faulted ones included, and connections', async () => {
    const sandbox = await start();
    const stats = sandbox.stats;
    await client(sandbox, 'soap12').request({ userName: 'testuser' });
    await client(sandbox, 'soap11').request({ userName: 'testuser' });
    await client(sandbox, 'soap11').request({ userName: 'user-2' });
    sandbox.injectFault({ kind: 'html', status: 500 });
    await failure(client(sandbox, 'json').request({ userName: 'testuser' }));
    await client(sandbox, 'json').request({ userName: 'testuser' });
    await (await fetch(sandbox.wsdlUrl)).text();
    await (await fetch(sandbox.url)).text();
    expect(stats).toEqual({
      requests: 7,
      connections: expect.any(Number),
      byFormat: { soap12: 1, soap11: 2, json: 2, wsdl: 1 },
      authTokens: { issued: 4, redeemed: 0, refused: 0 },
    });
    expect(stats.connections).toBeGreaterThanOrEqual(1);
    expect(stats.connections).toBeLessThanOrEqual(7);
  });

  test('logs each request with method, path, headers and body; reset() clears stats, log and faults in place', async () => {
    const sandbox = await start();
    const { stats, requests } = sandbox;
    await client(sandbox, 'json').request({ userName: 'testuser', customerCode: 'CUST001' });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/webservice/Authentication.asmx/SSORequest' });
    expect(requests[0].headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(requests[0].body)).toEqual({ input: { CusCode: 'CUST001', UserName: 'testuser', AppKey: APP_KEY } });

    sandbox.injectFault({ kind: 'html', status: 500 });
    sandbox.reset();
    expect(sandbox.stats).toBe(stats);
    expect(sandbox.requests).toBe(requests);
    expect(stats).toEqual({
      requests: 0,
      connections: 0,
      byFormat: { soap11: 0, soap12: 0, json: 0, wsdl: 0 },
      authTokens: { issued: 0, redeemed: 0, refused: 0 },
    });
    expect(requests).toHaveLength(0);
    await expect(client(sandbox, 'json').request({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');
  });

  test('uses the configured AppKey and refuses any other', async () => {
    const sandbox = await start({ appKey: 'my-sandbox-key' });
    expect(sandbox.appKey).toBe('my-sandbox-key');
    await expect(client(sandbox, 'soap12').request({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');
    const other = new PrintIqSsoClient({ url: sandbox.url, appKey: APP_KEY, retry: { retries: 0 } });
    await expect(other.request({ userName: 'testuser' })).rejects.toMatchObject({ vendorMessage: 'Invalid application key' });
  });

  test('bad options fail at start', async () => {
    await expect(startPrintIqSandbox({ latencyMs: -1 })).rejects.toMatchObject({ name: 'IqValidationError', field: 'latencyMs' });
    for (const bad of [0, -1, NaN, Infinity, '60000' as unknown as number]) {
      await expect(startPrintIqSandbox({ authTokenTtlMs: bad })).rejects.toMatchObject({ name: 'IqValidationError', field: 'authTokenTtlMs' });
    }
    await expect(startPrintIqSandbox({ siteUrl: 'ftp://x' })).rejects.toThrow(/siteUrl/);
    await expect(startPrintIqSandbox({ appKey: '' })).rejects.toThrow(/appKey/);
  });
});

describe('port option', () => {
  test('listens on the given port, and refuses a port in use or out of range', async () => {
    const port = await freePort();
    const sandbox = await start({ port });
    expect(sandbox.url).toBe(`http://127.0.0.1:${port}/webservice/Authentication.asmx`);
    await expect(client(sandbox, 'soap12').request({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');

    await expect(startPrintIqSandbox({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    for (const bad of [-1, 65536, 1.5, NaN]) await expect(startPrintIqSandbox({ port: bad })).rejects.toThrow(RangeError);
  });
});

describe('close()', () => {
  /** Handles that would keep the process (or a jest worker) alive. */
  const liveHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap' || r === 'Timeout');

  async function settledHandles(expected: number): Promise<number> {
    for (let i = 0; i < 100 && liveHandles().length > expected; i++) await sleep(10);
    return liveHandles().length;
  }

  test('leaves no open handle behind, even with a delayed request and keep-alive sockets pending', async () => {
    const before = liveHandles().length;
    const sandbox = await startPrintIqSandbox();
    await client(sandbox, 'soap12').request({ userName: 'testuser' });
    sandbox.injectFault({ kind: 'delay', ms: 60_000 });
    const pending = failure(client(sandbox, 'json').request({ userName: 'testuser' }));
    await until(() => sandbox.requests.length === 2, 'the delayed request to arrive');
    // A close() that waited for the delayed answer would outlast the test's timeout.
    await sandbox.close();
    expect(await pending).toBeInstanceOf(IqError);
    expect(await settledHandles(before)).toBeLessThanOrEqual(before);
    await expect(sandbox.close()).resolves.toBeUndefined();
    const refused = await failure(client(sandbox, 'json').request({ userName: 'testuser' }));
    expect(refused).toBeInstanceOf(IqNetworkError);
  });
});
