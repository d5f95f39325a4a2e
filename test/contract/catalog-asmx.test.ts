// The generated codec beyond printIQ: Catalog.asmx, a service of our own on
// Mono's ASP.NET, with the richer types XmlSerializer writes, over SOAP 1.2
// and 1.1. Echo sends a value and returns what the service read: ASP.NET
// decides whether the codec wrote it right, and the codec must read it back.
import { IqSoapFaultError, IqValidationError, SoapServiceClient } from '../../src';
import { service, type Product } from '../asmx-service/generated/catalog/codec';
import { catalogAsmxUrl } from '../support/asmx';
import { startRecordingProxy } from '../support/recording-proxy';
import type { ScriptedServer } from '../support/scripted-server';
import { everything } from '../support/secret-checks';

let proxy: ScriptedServer;
let url: string;
beforeAll(async () => {
  proxy = await startRecordingProxy(catalogAsmxUrl());
  url = new URL(new URL(catalogAsmxUrl()).pathname, proxy.url).href;
});
afterAll(() => proxy.close());
beforeEach(() => proxy.requests.splice(0));

const PRODUCT: Product = {
  Id: 2147483647,
  Sku: 9223372036854775807n,
  Name: `Smith & Sons <Ltd> "quoted" 'single' ]]> <![CDATA[x]]> Zürich 東京 😀`,
  Price: '79228162514264337593543950335',
  Weight: 0.1,
  Active: true,
  Stock: -32768,
  Added: '2024-02-03T04:05:06.1234567Z',
  Key: '6f1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
  Availability: 'Discontinued',
  Size: { Width: '0.0000000001', Height: '-12.50', Unit: '' },
  Tags: ['a', null, '', '  spaced  '],
  Rating: null,
  Thumbnail: Buffer.from([0, 1, 2, 253, 254, 255]),
};

describe.each(['soap12', 'soap11'] as const)('Catalog.asmx over %s', (transport) => {
  const client = () => new SoapServiceClient({ url, service, transport });

  it('echoes every type exactly: long and decimal without loss, nil, empty and null items, base64, the enum', async () => {
    const { EchoResult } = await client().call('Echo', { product: PRODUCT });
    expect(EchoResult).toEqual({ ...PRODUCT, Thumbnail: expect.any(Uint8Array) });
    expect(Buffer.from(EchoResult!.Thumbnail!)).toEqual(PRODUCT.Thumbnail);
    const sent = proxy.requests[0];
    expect(sent.headers[transport === 'soap12' ? 'content-type' : 'soapaction']).toContain('urn:iq-integration:catalog/Echo');
    // Fields in schema order, as XmlSerializer expects them.
    const order = ['Id', 'Sku', 'Name', 'Price', 'Weight', 'Active', 'Stock', 'Added', 'Key', 'Availability', 'Size', 'Tags', 'Rating', 'Thumbnail'].map((f) =>
      sent.body.indexOf(`<${f}>`) >= 0 ? sent.body.indexOf(`<${f}>`) : sent.body.indexOf(`<${f} `),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(sent.body).toContain('<Rating xsi:nil="true" />');
  });

  it('leaves optional fields out, and reads what the service leaves out as absent', async () => {
    const minimal: Product = {
      Id: 1,
      Sku: -9223372036854775808n,
      Price: '0',
      Weight: -0,
      Active: false,
      Stock: 0,
      Added: '2024-01-01T00:00:00',
      Key: '00000000-0000-0000-0000-000000000000',
      Availability: 'InStock',
      Rating: 5,
    };
    const { EchoResult } = await client().call('Echo', { product: minimal });
    expect(EchoResult).toEqual({ ...minimal, Weight: 0 });
    expect(Object.keys(EchoResult!)).not.toContain('Size');
  });

  it('reads an array of complex values, with a nil optional member and empty arrays', async () => {
    const { FindResult } = await client().call('Find', { query: 'bolt', max: 3 });
    expect(FindResult).toHaveLength(3);
    const [first, second] = FindResult!;
    expect(first).toMatchObject({
      Id: 1,
      Sku: 9007199254740994n,
      Name: 'bolt 1',
      Price: '1.10',
      Tags: [],
      Rating: 1,
      Size: { Width: '2.5', Height: '1', Unit: 'cm' },
      Added: '2024-01-01T08:30:00Z',
    });
    expect(first).not.toHaveProperty('Thumbnail');
    expect(second).toMatchObject({ Rating: null, Tags: ['tag2', 'more'], Availability: 'Discontinued' });
    expect(second).not.toHaveProperty('Size');
    expect((await client().call('Find', { query: 'none', max: 0 })).FindResult).toEqual([]);
  });

  it('sums longs past 2^53 exactly, and the overflow the service checks is a fault', async () => {
    expect(await client().call('Sum', { values: [9007199254740993n, 9007199254740993n] })).toEqual({ SumResult: 18014398509481986n });
    const error = await client()
      .call('Sum', { values: [9223372036854775807n, 1n] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqSoapFaultError);
    expect((error as IqSoapFaultError).faultCode).toBe(transport === 'soap12' ? 'soap:Receiver' : 'soap:Server');
    expect((error as IqSoapFaultError).message).toContain('System.OverflowException: Arithmetic operation resulted in an overflow.');
  });

  it('a void operation resolves with its empty answer', async () => {
    await expect(client().call('Clear', {})).resolves.toEqual({});
  });

  it('a SoapException with detail is IqSoapFaultError carrying the detail, the code and HTTP 500', async () => {
    const error = (await client()
      .call('Fail', { code: 'E-42' })
      .catch((e: unknown) => e)) as IqSoapFaultError;
    expect(error).toBeInstanceOf(IqSoapFaultError);
    expect(error.status).toBe(500);
    expect(error.faultCode).toBe(transport === 'soap12' ? 'soap:Sender' : 'soap:Client');
    expect(error.message).toContain('Catalog refused the request: E-42');
    expect(error.detail).toEqual({ CatalogFault: { Code: 'E-42', Hint: 'Check the product & try again <later>' } });
  });

  it('a secret in the request that the fault echoes is redacted everywhere', async () => {
    const secret = 'catalog-secret-5f0e1d2c';
    const guarded = new SoapServiceClient({ url, service, transport, secrets: [secret] });
    const error = await guarded.call('Fail', { code: secret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqSoapFaultError);
    expect(everything(error)).not.toContain(secret);
  });

  it.each([
    ['a fraction where an int belongs', { ...PRODUCT, Id: 1.5 }, 'Echo.product.Id'],
    ['a long past its range', { ...PRODUCT, Sku: 2n ** 63n }, 'Echo.product.Sku'],
    ['a number where a long belongs, beyond 2^53', { ...PRODUCT, Sku: (2 ** 60) as unknown as bigint }, 'Echo.product.Sku'],
    ['a decimal in exponent form', { ...PRODUCT, Price: '1e5' }, 'Echo.product.Price'],
    ['a value outside the enum', { ...PRODUCT, Availability: 'Gone' as never }, 'Echo.product.Availability'],
    ['a malformed Guid', { ...PRODUCT, Key: 'not-a-guid' }, 'Echo.product.Key'],
    ['a character XML cannot carry', { ...PRODUCT, Name: 'bad \uFFFE' }, 'Echo.product.Name'],
    ['a lone surrogate', { ...PRODUCT, Name: 'half \uD83D' }, 'Echo.product.Name'],
    ['a missing required field', { ...PRODUCT, Active: undefined as never }, 'Echo.product.Active'],
    ['a string where an array belongs', { ...PRODUCT, Tags: 'a,b' as never }, 'Echo.product.Tags'],
    ['a nested object that is null where it is not nillable', { ...PRODUCT, Stock: null as never }, 'Echo.product.Stock'],
  ])('%s is IqValidationError naming the field, and nothing is sent', async (_label, product, field) => {
    const error = await client()
      .call('Echo', { product: product as Product })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqValidationError);
    expect((error as IqValidationError).field).toBe(field);
    expect(proxy.requests).toHaveLength(0);
  });
});

// How ASP.NET itself reads XML, where the codec and node-soap read it differently
// (test/contract/differential/run.ts): the service decides who is right.
describe('ASP.NET as the judge: what its XmlSerializer makes of odd XML', () => {
  const FIELDS =
    '<Sku>1</Sku><Price>1</Price><Weight>1</Weight><Active>true</Active><Stock>1</Stock><Added>2024-01-01T00:00:00</Added><Key>6f1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9</Key><Availability>InStock</Availability><Rating>1</Rating>';

  /** Posts a hand-written Echo request; resolves with the raw answer. */
  async function echo(product: string): Promise<{ status: number; body: string }> {
    const body =
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<soap:Body><Echo xmlns="urn:iq-integration:catalog"><product>${product}</product></Echo></soap:Body></soap:Envelope>`;
    const res = await fetch(catalogAsmxUrl(), {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"urn:iq-integration:catalog/Echo"' },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  it('an element in another namespace is not the field: it is skipped (the codec skips it too; node-soap reads it)', async () => {
    const { body } = await echo(`<Id xmlns="urn:evil">5</Id>${FIELDS}`);
    expect(body).toContain('<Id>0</Id>');
  });

  it('an element the schema does not name is skipped, as the codec skips it', async () => {
    const { body } = await echo(`<Id>5</Id><Unknown>x</Unknown><__proto__>y</__proto__><constructor>z</constructor>${FIELDS}`);
    expect(body).toContain('<Id>5</Id>');
  });

  it('whitespace around a number, a boolean, a decimal and a Guid is collapsed; around an enum value it is not', async () => {
    const collapsed = await echo(
      `<Id> 5 </Id>${FIELDS.replace('<Active>true', '<Active>\n true ').replace('<Price>1', '<Price> 1.50 ').replace('<Key>6f1b', '<Key> 6f1b').replace('e8f9</Key>', 'e8f9 </Key>')}`,
    );
    expect(collapsed.body).toMatch(/<Id>5<\/Id>.*<Price>1.50<\/Price>.*<Active>true<\/Active>.*<Key>6f1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9<\/Key>/);
    const spacedEnum = await echo(`<Id>5</Id>${FIELDS.replace('<Availability>InStock', '<Availability> InStock ')}`);
    expect(spacedEnum.status).toBe(500);
    expect(spacedEnum.body).toContain("' InStock ' is not a valid value for Availability");
  });

  it('a reference to an undeclared entity is refused, as the codec refuses it (node-soap reads &nbsp;)', async () => {
    // Mono's ASP.NET answers 400 with no body; IIS a 500 client fault. Either way the request is not read.
    const { status, body } = await echo(`<Id>5</Id><Name>a&nbsp;b</Name>${FIELDS}`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(body).not.toContain('EchoResult');
  });

  it('a CR sent as &#xD; (the codec) is read as CR; a raw CR (node-soap) is read as LF', async () => {
    const referenced = await echo(`<Id>5</Id><Name>a&#xD;b</Name>${FIELDS}`);
    expect(referenced.body).toContain('<Name>a\rb</Name>');
    const raw = await echo(`<Id>5</Id><Name>a\rb</Name>${FIELDS}`);
    expect(raw.body).toContain('<Name>a\nb</Name>');
  });
});
