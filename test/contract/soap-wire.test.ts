// What goes over the wire, recorded by a proxy in front of the real service.
import { PrintIqSsoClient, type SsoTransportName } from '../../src';
import { TEST_APP_KEY, asmxUrl } from '../support/asmx';
import { startRecordingProxy } from '../support/recording-proxy';
import type { ScriptedServer } from '../support/scripted-server';

let proxy: ScriptedServer;
beforeAll(async () => {
  proxy = await startRecordingProxy(asmxUrl());
});
afterAll(() => proxy.close());
beforeEach(() => proxy.requests.splice(0));

const ACTION = 'http://printiq.co.nz/SSORequest';

function client(transport: SsoTransportName) {
  return new PrintIqSsoClient({ url: proxy.url, appKey: TEST_APP_KEY, transport });
}

function expectSoap12(index: number) {
  const sent = proxy.requests[index];
  expect(sent.headers['content-type']).toBe(`application/soap+xml; charset=utf-8; action="${ACTION}"`);
  expect(sent.headers.soapaction).toBeUndefined();
  expect(sent.body).toMatch(/<soap:Envelope xmlns:soap="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"/);
}

function expectSoap11(index: number) {
  const sent = proxy.requests[index];
  expect(sent.headers['content-type']).toMatch(/^text\/xml; charset=utf-8$/);
  expect(sent.headers.soapaction).toBe(`"${ACTION}"`);
  expect(sent.body).toMatch(/<soap:Envelope xmlns:soap="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"/);
}

it('sends SOAP 1.2 by default: content type with action, 1.2 envelope, fields in schema order', async () => {
  await client('soap12').request({ opportunityRef: 'r', userName: 'testuser', customerCode: 'CUST001' } as never);
  expectSoap12(0);
  const body = proxy.requests[0].body;
  const order = ['CusCode', 'UserName', 'AppKey', 'OpportunityRef'].map((f) => body.indexOf(`<${f}>`));
  expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  expect(body).toContain('xmlns="http://printiq.co.nz/"');
});

it('sends SOAP 1.1 with the SOAPAction header', async () => {
  await client('soap11').request({ userName: 'testuser' });
  expectSoap11(0);
});

it('keeps each client on its own SOAP version when several live in one process', async () => {
  const v12 = client('soap12');
  await v12.request({ userName: 'testuser' });
  const v11 = client('soap11');
  await v11.request({ userName: 'testuser' });
  await v12.request({ userName: 'testuser' });
  await Promise.all([v11.request({ userName: 'testuser' }), v12.request({ userName: 'testuser' })]);
  expectSoap12(0);
  expectSoap11(1);
  expectSoap12(2);
  const versions = proxy.requests.slice(3).map((r) => (r.headers['content-type']?.startsWith('application/soap+xml') ? '1.2' : '1.1'));
  expect(versions.sort()).toEqual(['1.1', '1.2']);
});

it('escapes XML specials once, a CDATA lookalike included, and the service reads back exactly what was given', async () => {
  const echoed = await client('soap12').request({ userName: 'testuser', opportunityRef: `a&b<c>"'` });
  expect(proxy.requests[0].body).toContain(`<OpportunityRef>a&amp;b&lt;c&gt;"'</OpportunityRef>`);
  expect(echoed.simplifiedUrl).toContain(`quoteref1=a&b<c>"'&AuthToken=`);
  // node-soap sent this one raw, letting <y/> into the envelope as markup; the codec escapes it like any text.
  const lookalike = '<![CDATA[x]]><y/><![CDATA[]]>';
  const result = await client('soap12').request({ userName: 'testuser', opportunityRef: lookalike });
  expect(proxy.requests[1].body).toContain('<OpportunityRef>&lt;![CDATA[x]]&gt;&lt;y/&gt;&lt;![CDATA[]]&gt;</OpportunityRef>');
  expect(result.simplifiedUrl).toContain(`quoteref1=${lookalike}&AuthToken=`);
});

it('sends the envelope ASP.NET clients send: the operation element in the service namespace, no stray declarations', async () => {
  await client('soap12').request({ userName: 'testuser', customerCode: 'CUST001' });
  expect(proxy.requests[0].body).toBe(
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
      `<soap:Body><SSORequest xmlns="http://printiq.co.nz/"><input><CusCode>CUST001</CusCode><UserName>testuser</UserName><AppKey>${TEST_APP_KEY}</AppKey></input></SSORequest></soap:Body></soap:Envelope>`,
  );
});

it('sends the documented JSON form', async () => {
  await client('json').request({ userName: 'testuser', customerCode: 'CUST001' });
  const sent = proxy.requests[0];
  expect(sent.url).toBe('/webservice/Authentication.asmx/SSORequest');
  expect(sent.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(JSON.parse(sent.body)).toEqual({ input: { CusCode: 'CUST001', UserName: 'testuser', AppKey: TEST_APP_KEY } });
});
