// Contract tests: the client against the real ASMX service and against the embedded
// sandbox (src/sandbox/printiq), over every transport: both must pass the same assertions.
import { IqFaultError, IqSsoError, PrintIqSsoClient, type SsoTransportName } from '../../src';
import { startPrintIqSandbox, type PrintIqSandbox } from '../../src/sandbox/printiq';
import { TEST_APP_KEY, asmxUrl } from '../support/asmx';

const TRANSPORTS: SsoTransportName[] = ['soap12', 'soap11', 'json'];
const TOKEN = /AuthToken=([0-9a-f]{32})$/;

let sandbox: PrintIqSandbox;
beforeAll(async () => {
  // The C# service's URLs name the site http://printiq.test; the sandbox's name itself unless told.
  sandbox = await startPrintIqSandbox({ appKey: TEST_APP_KEY, siteUrl: 'http://printiq.test' });
});
afterAll(() => sandbox?.close());

const SERVICES: Array<[string, () => string]> = [
  ['ASMX', () => asmxUrl()],
  ['sandbox', () => sandbox.url],
];
const CASES = SERVICES.flatMap(([service, url]) => TRANSPORTS.map((transport) => [transport, service, url] as const));

describe.each(CASES)('SSORequest over %s against the %s service', (transport, _service, serviceUrl) => {
  const client = () => new PrintIqSsoClient({ url: serviceUrl(), appKey: TEST_APP_KEY, transport });

  it('returns both URLs exactly as the service built them, with &quoteref1= decoded once', async () => {
    const result = await client().request({ userName: 'testuser', customerCode: 'CUST001', opportunityRef: 'website' });
    expect(result.simplifiedUrl).toMatch(/^http:\/\/printiq\.test\/Simplified\/CreateQuote\.aspx\?cusID=13926&quoteref1=website&AuthToken=[0-9a-f]{32}$/);
    const token = TOKEN.exec(result.simplifiedUrl)?.[1];
    expect(result.landPageUrl).toBe(`http://printiq.test/LandPage.aspx?AuthToken=${token}`);
    expect(Object.keys(result).sort()).toEqual(['landPageUrl', 'simplifiedUrl']);
  });

  it('leaves out optional fields that were not given', async () => {
    const result = await client().request({ userName: 'testuser' });
    expect(result.simplifiedUrl).toMatch(/CreateQuote\.aspx\?AuthToken=[0-9a-f]{32}$/);
  });

  it.each([
    ['XML specials', `a&b<c>"d'e`],
    ['entity lookalikes', '&amp;&lt;&#60;&quot;'],
    ['a CDATA lookalike', '<![CDATA[x]]><injected/><![CDATA[]]>'],
    ['a CDATA end inside', 'x]]>y<![CDATA[z]]>'],
    ['non-ASCII text', 'Zürich – 東京 😀'],
    ['inner spaces', 'a  b   c'],
  ])('round-trips %s exactly', async (_label, ref) => {
    const result = await client().request({ userName: 'testuser', opportunityRef: ref });
    expect(result.simplifiedUrl).toContain(`quoteref1=${ref}&AuthToken=`);
  });

  it('maps IsError to IqSsoError carrying the service message', async () => {
    const error = await client()
      .request({ userName: 'nobody-here' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqSsoError);
    expect((error as IqSsoError).vendorMessage).toBe('No user found with username nobody-here');
  });

  it('surfaces the service refusing Admin users', async () => {
    await expect(client().request({ userName: 'admin' })).rejects.toMatchObject({
      name: 'IqSsoError',
      vendorMessage: 'SSO is not available for Admin or Factory Admin users',
    });
  });

  it('reports a wrong AppKey without the key', async () => {
    const wrong = new PrintIqSsoClient({ url: serviceUrl(), appKey: 'WRONG-KEY-0001', transport });
    const error = (await wrong.request({ userName: 'testuser' }).catch((e: unknown) => e)) as IqSsoError;
    expect(error).toBeInstanceOf(IqSsoError);
    expect(error.vendorMessage).toBe('Invalid application key');
    expect(JSON.stringify(error) + error.message).not.toContain('WRONG-KEY-0001');
  });

  it('maps a server exception to IqFaultError with HTTP 500', async () => {
    const error = (await client()
      .request({ userName: 'raise-fault' })
      .catch((e: unknown) => e)) as IqFaultError;
    expect(error).toBeInstanceOf(IqFaultError);
    expect(error.status).toBe(500);
    expect(error.message).toContain('Simulated failure in SSORequest');
    expect(error.faultCode).toBe(transport === 'soap12' ? 'soap:Receiver' : transport === 'soap11' ? 'soap:Server' : 'System.InvalidOperationException');
  });

  it('serves concurrent calls with distinct tokens', async () => {
    const c = client();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.request({ userName: `user-${i}` })));
    const tokens = new Set(results.map((r) => TOKEN.exec(r.landPageUrl)?.[1]));
    expect(tokens.size).toBe(20);
  });
});
