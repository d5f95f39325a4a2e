// SoapServiceClient (any generated codec) and PrintIqSsoClient with an app's
// own codec, against local servers: options checked before anything is sent,
// retries only where the caller said an operation is safe to repeat, secrets
// kept out of errors, and a codec for a newer printIQ WSDL accepted.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IqHttpError, IqProtocolError, IqSoapFaultError, IqValidationError, PrintIqSsoClient, SoapServiceClient } from '../../src';
import { service as catalog } from '../asmx-service/generated/catalog/codec';
import { loadCodec, removeLoadedCodecs } from '../support/load-codec';
import { answer, startScriptedServer, type ScriptedServer } from '../support/scripted-server';
import { everything } from '../support/secret-checks';

const ROOT = resolve(__dirname, '../..');
const SOAP12 = 'application/soap+xml; charset=utf-8';
const env = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>${body}</soap:Body></soap:Envelope>`;
const SUM_OK = env('<SumResponse xmlns="urn:iq-integration:catalog"><SumResult>18014398509481986</SumResult></SumResponse>');

let servers: ScriptedServer[] = [];
async function serve(handler: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const server = await startScriptedServer(handler);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
afterAll(removeLoadedCodecs);

describe('SoapServiceClient', () => {
  it('calls a generated operation and resolves with its typed answer', async () => {
    const s = await serve((_req, res) => answer(res, 200, SOAP12, SUM_OK));
    const client = new SoapServiceClient({ url: s.url, service: catalog });
    await expect(client.call('Sum', { values: [9007199254740993n, 9007199254740993n] })).resolves.toEqual({ SumResult: 18014398509481986n });
    expect(s.requests[0].body).toContain(
      '<Sum xmlns="urn:iq-integration:catalog"><values><long>9007199254740993</long><long>9007199254740993</long></values></Sum>',
    );
    expect(s.requests[0].headers['content-type']).toBe('application/soap+xml; charset=utf-8; action="urn:iq-integration:catalog/Sum"');
  });

  it.each([
    ['no service', { url: 'http://127.0.0.1:1/' }, 'service'],
    ['a service that is not a codec', { url: 'http://127.0.0.1:1/', service: {} }, 'service'],
    ['an unknown transport', { url: 'http://127.0.0.1:1/', service: catalog, transport: 'json' }, 'transport'],
    ['plain http to another host', { url: 'http://catalog.example/Catalog.asmx', service: catalog }, 'url'],
    ['an idempotent operation the service lacks', { url: 'http://127.0.0.1:1/', service: catalog, idempotent: ['Nope'] }, 'idempotent'],
    ['a secret too short to redact safely', { url: 'http://127.0.0.1:1/', service: catalog, secrets: ['abc'] }, 'secrets'],
  ])('%s -> IqValidationError naming the option', (_label, options, field) => {
    let error: unknown;
    try {
      new SoapServiceClient(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IqValidationError);
    expect((error as IqValidationError).field).toBe(field);
  });

  it('an operation the service does not have is refused before anything is sent', async () => {
    const s = await serve((_req, res) => answer(res, 200, SOAP12, SUM_OK));
    const error = await new SoapServiceClient({ url: s.url, service: catalog }).call('Drop' as never, {} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqValidationError);
    expect(s.requests).toHaveLength(0);
  });

  it.each([
    ['Sum', { values: [1n], valuez: [2n] }, 'Sum.valuez'],
    ['Echo', { product: { Idd: 'Secret-Value-0123456789' } }, 'Echo.product.Idd'],
  ])('an unknown (misspelt) field of %s is an IqValidationError naming it, not its value, before anything is sent', async (operation, input, field) => {
    const s = await serve((_req, res) => answer(res, 200, SOAP12, SUM_OK));
    const error = await new SoapServiceClient({ url: s.url, service: catalog }).call(operation as never, input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toContain(field);
    expect(everything(error)).not.toContain('Secret-Value');
    expect(s.requests).toHaveLength(0);
  });

  it('retries a 503 only for the operations the caller named idempotent', async () => {
    const flaky = () => serve((_req, res, index) => (index === 0 ? answer(res, 503, 'text/html', '<title>busy</title>') : answer(res, 200, SOAP12, SUM_OK)));
    const once = await flaky();
    const strict = new SoapServiceClient({ url: once.url, service: catalog, retry: { initialDelayMs: 1 } });
    expect(await strict.call('Sum', { values: [] }).catch((e: unknown) => e)).toBeInstanceOf(IqHttpError);
    expect(once.requests).toHaveLength(1);
    const twice = await flaky();
    const safe = new SoapServiceClient({ url: twice.url, service: catalog, idempotent: ['Sum'], retry: { initialDelayMs: 1 } });
    await expect(safe.call('Sum', { values: [] })).resolves.toEqual({ SumResult: 18014398509481986n });
    expect(twice.requests).toHaveLength(2);
  });

  it('keeps the secrets it was given out of every error, in the spellings a server echoes', async () => {
    const secret = 'Catalog-Token-0123456789';
    const s = await serve((_req, res) => answer(res, 500, 'text/html', `<html><head><title>Token ${secret.toLowerCase()} refused</title></head></html>`));
    const error = await new SoapServiceClient({ url: s.url, service: catalog, secrets: [secret] }).call('Fail', { code: secret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqHttpError);
    expect(everything(error)).not.toContain(secret);
  });
});

describe('what a SOAP answer must be', () => {
  const FAULT =
    '<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">boom</soap:Text></soap:Reason></soap:Fault>';
  const call = async (status: number, body: string) => {
    const s = await serve((_req, res) => answer(res, status, SOAP12, body));
    return new SoapServiceClient({ url: s.url, service: catalog }).call('Sum', { values: [] });
  };
  // More than the first 4 KB: where the envelope's version once had to be found.
  const prolog = (body: string) => body.replace('?>', `?>\n<!-- ${'x'.repeat(5_000)} -->\n${' '.repeat(5_000)}`);

  it('is read whatever the length of the prolog before the Envelope: the answer, and a fault', async () => {
    await expect(call(200, prolog(SUM_OK))).resolves.toEqual({ SumResult: 18014398509481986n });
    const error = await call(500, prolog(env(FAULT))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqSoapFaultError);
    expect((error as IqSoapFaultError).faultString).toBe('boom');
  });

  const SUM = '<SumResponse xmlns="urn:iq-integration:catalog"><SumResult>1</SumResult></SumResponse>';
  it.each([
    ['the answer, then a fault', env(SUM + FAULT), /Body holds 2 elements/],
    ['a fault, then the answer', env(FAULT + SUM), /Body holds 2 elements/],
    ['the answer twice', env(SUM + SUM), /Body holds 2 elements/],
    ['text beside the answer', env(`not the answer${SUM}`), /Body holds text/],
  ])('a Body holding more than one thing (%s) is IqProtocolError, not a success', async (_label, body, message) => {
    const error = await call(200, body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqProtocolError);
    expect((error as IqProtocolError).message).toMatch(message);
  });
});

describe("PrintIqSsoClient with a codec generated from a tenant's WSDL", () => {
  const V2 = readFileSync(join(ROOT, 'test/fixtures/wsdl/authentication.v2.wsdl'), 'utf8');
  const SSO_OK = env(
    '<SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult><IsError>false</IsError><ErrorMessage>0</ErrorMessage><SimplifiedURL>https://t/s</SimplifiedURL><LandPageURL>https://t/l</LandPageURL></SSORequestResult></SSORequestResponse>',
  );

  it("speaks SOAP through it: the newer WSDL's codec reads its answer, the four fields go out in its order", async () => {
    const { service, problems } = loadCodec(V2);
    expect(problems).toEqual([]);
    const s = await serve((_req, res) => answer(res, 200, SOAP12, SSO_OK));
    const client = new PrintIqSsoClient({ url: s.url, appKey: 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226', service });
    await expect(client.request({ userName: 'testuser', customerCode: 'C1', opportunityRef: 'r' })).resolves.toEqual({
      simplifiedUrl: 'https://t/s',
      landPageUrl: 'https://t/l',
    });
    expect(s.requests[0].body).toContain(
      '<input><CusCode>C1</CusCode><UserName>testuser</UserName><AppKey>F0F4F147-3C2E-4B57-A6B7-66165A6C4226</AppKey><OpportunityRef>r</OpportunityRef></input>',
    );
  });

  it('refuses a codec whose SSORequest would not carry the AppKey, before anything is sent', () => {
    const { service } = loadCodec(V2.replace('name="AppKey"', 'name="ApplicationKey"'));
    expect(() => new PrintIqSsoClient({ url: 'http://127.0.0.1:1/', appKey: 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226', service })).toThrow(
      /does not write AppKey as/,
    );
    expect(() => new PrintIqSsoClient({ url: 'http://127.0.0.1:1/', appKey: 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226', service: catalog as never })).toThrow(
      IqValidationError,
    );
  });
});
