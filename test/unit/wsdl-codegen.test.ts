// The generator: WSDLs beyond printIQ's (several namespaces, nil, inheritance,
// arrays, bare elements, one-way operations), what it leaves out and why, and
// what a hostile WSDL cannot do to the generated source. Each codec is compiled
// and loaded, then run against the real reader and writer.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IqValidationError } from '../../src';
import type { SoapOperation, SoapService } from '../../src/soap/operation';
import { CodegenError } from '../../src/wsdl/codegen/plan';
import { generateCodec } from '../../src/wsdl/generate';
import { readXml, textOf, type XmlElement } from '../../src/xml/parse';
import { loadCodec, removeLoadedCodecs, type LoadedCodec } from '../support/load-codec';

const ROOT = resolve(__dirname, '../..');
afterAll(removeLoadedCodecs);

interface Operation {
  name: string;
  input: string;
  output?: string;
  style?: string;
  action?: string;
  header?: boolean;
}

/** A WSDL with SOAP 1.1 and 1.2 bindings for the operations, each message one element part. */
function wsdlOf(schemas: string, operations: Operation[], tns = 'urn:t'): string {
  const message = (name: string, element: string) => `<wsdl:message name="${name}"><wsdl:part name="parameters" element="${element}" /></wsdl:message>`;
  const binding = (name: string, soap: string) =>
    `<wsdl:binding name="${name}" type="tns:Port"><${soap}:binding transport="http://schemas.xmlsoap.org/soap/http" />` +
    operations
      .map(
        (o) =>
          `<wsdl:operation name="${o.name}"><${soap}:operation soapAction="${o.action ?? `urn:t/${o.name}`}" style="${o.style ?? 'document'}" />` +
          `<wsdl:input><${soap}:body use="literal" />${o.header ? `<${soap}:header message="tns:${o.name}In" part="parameters" use="literal" />` : ''}</wsdl:input>` +
          (o.output ? `<wsdl:output><${soap}:body use="literal" /></wsdl:output>` : '') +
          '</wsdl:operation>',
      )
      .join('') +
    '</wsdl:binding>';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="${tns}" xmlns:a="urn:a" xmlns:b="urn:b" targetNamespace="${tns}">` +
    `<wsdl:types>${schemas}</wsdl:types>` +
    operations.map((o) => message(`${o.name}In`, o.input) + (o.output ? message(`${o.name}Out`, o.output) : '')).join('') +
    `<wsdl:portType name="Port">${operations.map((o) => `<wsdl:operation name="${o.name}"><wsdl:input message="tns:${o.name}In" />${o.output ? `<wsdl:output message="tns:${o.name}Out" />` : ''}</wsdl:operation>`).join('')}</wsdl:portType>` +
    binding('PortSoap', 'soap') +
    binding('PortSoap12', 'soap12') +
    '<wsdl:service name="Test"><wsdl:port name="PortSoap" binding="tns:PortSoap"><soap:address location="http://x/" /></wsdl:port></wsdl:service>' +
    '</wsdl:definitions>'
  );
}

function load(wsdl: string): LoadedCodec {
  const loaded = loadCodec(wsdl);
  expect(loaded.problems).toEqual([]);
  return loaded;
}

const op = (service: SoapService, name: string) => service.operations[name] as SoapOperation<any, any>;
const child = (e: XmlElement, local: string) => e.children.find((c): c is XmlElement => typeof c !== 'string' && c.local === local)!;

describe('several schemas and element forms', () => {
  const schemas =
    '<s:schema elementFormDefault="qualified" targetNamespace="urn:t"><s:element name="Put"><s:complexType><s:sequence>' +
    '<s:element minOccurs="0" name="item" type="a:Item" /><s:element minOccurs="0" name="plain" type="b:Plain" />' +
    '</s:sequence></s:complexType></s:element>' +
    '<s:element name="PutResponse"><s:complexType><s:sequence><s:element minOccurs="0" name="PutResult" type="a:Item" /></s:sequence></s:complexType></s:element></s:schema>' +
    '<s:schema elementFormDefault="qualified" targetNamespace="urn:a"><s:complexType name="Item"><s:sequence><s:element name="Code" type="s:string" /><s:element minOccurs="0" name="Plain" type="b:Plain" /></s:sequence></s:complexType></s:schema>' +
    '<s:schema targetNamespace="urn:b"><s:complexType name="Plain"><s:sequence><s:element name="Value" type="s:int" /></s:sequence></s:complexType></s:schema>';
  const { service } = load(wsdlOf(schemas, [{ name: 'Put', input: 'tns:Put', output: 'tns:PutResponse' }]));

  it('writes each child in the namespace its schema gives it, unqualified ones in none', () => {
    const written = readXml(op(service, 'Put').write({ item: { Code: 'c', Plain: { Value: 1 } }, plain: { Value: 2 } }));
    expect([written.ns, written.local]).toEqual(['urn:t', 'Put']);
    const item = child(written, 'item');
    expect(item.ns).toBe('urn:t');
    expect(child(item, 'Code').ns).toBe('urn:a');
    const nestedPlain = child(item, 'Plain');
    expect(nestedPlain.ns).toBe('urn:a');
    expect([child(nestedPlain, 'Value').ns, textOf(child(nestedPlain, 'Value'))]).toEqual(['', '1']);
    expect(child(child(written, 'plain'), 'Value').ns).toBe('');
  });

  it('reads by namespace as well as name', () => {
    const read = op(service, 'Put').read;
    const answer = (codeNs: string) => readXml(`<PutResponse xmlns="urn:t"><PutResult><Code xmlns="${codeNs}">x</Code></PutResult></PutResponse>`);
    expect(read(answer('urn:a'))).toEqual({ PutResult: { Code: 'x' } });
    expect(() => read(answer('urn:t'))).toThrow(/PutResult.Code is missing/);
  });
});

describe('nil, occurrence, inheritance, arrays', () => {
  const schemas =
    '<s:schema elementFormDefault="qualified" targetNamespace="urn:t">' +
    '<s:complexType name="Base"><s:sequence><s:element name="Id" type="s:long" /></s:sequence></s:complexType>' +
    '<s:complexType name="Thing"><s:complexContent><s:extension base="tns:Base"><s:sequence>' +
    '<s:element minOccurs="1" name="Count" nillable="true" type="s:int" /><s:element minOccurs="0" name="Note" nillable="true" type="s:string" />' +
    '<s:element minOccurs="0" maxOccurs="unbounded" name="Part" type="s:string" /><s:element minOccurs="0" name="Codes" type="tns:ArrayOfInt" />' +
    '</s:sequence></s:extension></s:complexContent></s:complexType>' +
    '<s:complexType name="ArrayOfInt"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="int" type="s:int" /></s:sequence></s:complexType>' +
    '<s:element name="Echo"><s:complexType><s:sequence><s:element minOccurs="0" name="thing" type="tns:Thing" /></s:sequence></s:complexType></s:element>' +
    '<s:element name="EchoResponse"><s:complexType><s:sequence><s:element minOccurs="0" name="EchoResult" type="tns:Thing" /></s:sequence></s:complexType></s:element>' +
    '<s:element name="Ping" type="s:string" /><s:element name="Pong" nillable="true" type="s:int" /><s:element name="Notify" type="s:string" />' +
    '</s:schema>';
  const { service, source } = load(
    wsdlOf(schemas, [
      { name: 'Echo', input: 'tns:Echo', output: 'tns:EchoResponse' },
      { name: 'Ping', input: 'tns:Ping', output: 'tns:Pong' },
      { name: 'Notify', input: 'tns:Notify' },
    ]),
  );
  const echo = op(service, 'Echo');
  const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
  /** What the service would answer with the same value: Echo's write, renamed to EchoResponse. */
  const roundTrip = (thing: unknown) =>
    echo.read(
      readXml(
        echo
          .write({ thing })
          .replace(/<(\/?)Echo([ >])/g, '<$1EchoResponse$2')
          .replace(/<(\/?)thing>/g, '<$1EchoResult>')
          .replace('<EchoResponse ', `<EchoResponse ${XSI} `),
      ),
    );

  it("writes a base type's fields first, then the extension's, and reads them back", () => {
    const thing = { Id: 9007199254740993n, Count: 3, Note: 'n', Part: ['a', 'b'], Codes: [1, 2] };
    const written = echo.write({ thing });
    expect(written.indexOf('<Id>')).toBeLessThan(written.indexOf('<Count>'));
    expect(written).toContain('<Part>a</Part><Part>b</Part><Codes><int>1</int><int>2</int></Codes>');
    expect(roundTrip(thing)).toEqual({ EchoResult: thing });
    expect(source).toContain('export type ArrayOfInt = number[];');
  });

  it('null is xsi:nil where the schema allows it; a required nillable field left undefined is nil too; an optional one is left out', () => {
    const written = echo.write({ thing: { Id: 1n, Count: undefined, Note: null } });
    expect(written).toContain('<Count xsi:nil="true" />');
    expect(written).toContain('<Note xsi:nil="true" />');
    expect(echo.write({ thing: { Id: 1n, Count: 1 } })).not.toContain('Note');
    expect(roundTrip({ Id: 1n, Count: null, Note: null })).toEqual({ EchoResult: { Id: 1n, Count: null, Note: null } });
  });

  it('a missing required field is refused on the way out (IqValidationError naming it) and on the way in', () => {
    expect(() => echo.write({ thing: { Count: 1 } })).toThrow(IqValidationError);
    expect(() => echo.write({ thing: { Count: 1 } })).toThrow(/Echo\.thing\.Id is required/);
    expect(() => echo.read(readXml('<EchoResponse xmlns="urn:t"><EchoResult><Count>1</Count></EchoResult></EchoResponse>'))).toThrow(
      /EchoResult.Id is missing/,
    );
  });

  it('a bare element of a simple type is the value itself, nil included', () => {
    const ping = op(service, 'Ping');
    expect(ping.write('a<b')).toBe('<Ping xmlns="urn:t">a&lt;b</Ping>');
    expect(ping.read(readXml('<Pong xmlns="urn:t">42</Pong>'))).toBe(42);
    expect(ping.read(readXml('<Pong xmlns="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'))).toBeNull();
  });

  it('a one-way operation has no answer to read', () => {
    const notify = op(service, 'Notify');
    expect(notify.output).toBeUndefined();
    expect(notify.read(readXml('<x/>'))).toBeUndefined();
  });
});

describe('what is left out, and why', () => {
  const schema = (body: string) => `<s:schema elementFormDefault="qualified" targetNamespace="urn:t">${body}</s:schema>`;
  const simple =
    '<s:element name="Ok"><s:complexType><s:sequence><s:element minOccurs="0" name="v" type="s:string" /></s:sequence></s:complexType></s:element>';

  it.each([
    ['an rpc-style operation', { name: 'Rpc', input: 'tns:Ok', style: 'rpc' }, /Rpc \(SOAP 1.1\) left out: it is rpc style/],
    ['an operation with a SOAP header', { name: 'Head', input: 'tns:Ok', header: true }, /Head \(SOAP 1.1\) left out: it uses SOAP headers/],
    ['a soapAction with a quote', { name: 'Quote', input: 'tns:Ok', action: 'urn:a&quot;b' }, /Quote \(SOAP 1.1\) left out: its soapAction/],
  ])('%s', (_label, bad, warning) => {
    const { service, warnings } = load(wsdlOf(schema(simple), [{ name: 'Fine', input: 'tns:Ok' }, bad as Operation]));
    expect(Object.keys(service.operations)).toEqual(['Fine']);
    expect(warnings.join('\n')).toMatch(warning);
  });

  it.each([
    ['attributes', '<s:attribute name="a" type="s:string" />', /XML attributes/],
    ['a choice', '<s:choice><s:element name="x" type="s:string" /><s:element name="y" type="s:string" /></s:choice>', /xsd:choice/],
    ['a wildcard', '<s:sequence><s:any /></s:sequence>', /wildcard/],
  ])('a type with %s leaves its operations out', (_label, content, warning) => {
    const bad = `<s:element name="Bad"><s:complexType>${content}</s:complexType></s:element>`;
    const { service, warnings } = load(
      wsdlOf(schema(simple + bad), [
        { name: 'Fine', input: 'tns:Ok' },
        { name: 'Worse', input: 'tns:Bad' },
      ]),
    );
    expect(Object.keys(service.operations)).toEqual(['Fine']);
    expect(warnings.join('\n')).toMatch(warning);
  });

  it('with nothing left, generation fails with a CodegenError that says why', () => {
    expect(() =>
      generateCodec(wsdlOf(schema(simple), [{ name: 'Rpc', input: 'tns:Ok', style: 'rpc' }]), { wsdlFile: 'x', folder: tmpdir(), runtime: 'iq-integration' }),
    ).toThrow(CodegenError);
  });
});

describe('a hostile WSDL', () => {
  it('cannot inject code through a namespace, an enum value or a soapAction', () => {
    const evil = 'urn:x"; globalThis.injected = 1; //\n*/ globalThis.injected = 2; /*';
    const tns = evil.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
    const schemas =
      `<s:schema elementFormDefault="qualified" targetNamespace="${tns}"><s:simpleType name="E"><s:restriction base="s:string"><s:enumeration value="a&quot;);globalThis.injected=3;(&quot;" /></s:restriction></s:simpleType>` +
      '<s:element name="Go"><s:complexType><s:sequence><s:element minOccurs="0" name="e" type="tns:E" /></s:sequence></s:complexType></s:element></s:schema>';
    const { service } = load(wsdlOf(schemas, [{ name: 'Go', input: 'tns:Go', action: 'urn:go/*/' }], tns));
    expect((globalThis as { injected?: unknown }).injected).toBeUndefined();
    const written = readXml(op(service, 'Go').write({ e: 'a");globalThis.injected=3;("' }));
    expect(written.ns).toBe(evil);
    expect(op(service, 'Go').actions['1.2']).toBe('urn:go/*/');
  });

  it.each([
    ['an element name that is not an XML name', '<s:element name="a&quot;b"><s:complexType /></s:element>', 'a&quot;b'],
    [
      'a field named __proto__',
      '<s:element name="P"><s:complexType><s:sequence><s:element name="__proto__" type="s:string" /></s:sequence></s:complexType></s:element>',
      'P',
    ],
  ])('%s is refused with a CodegenError', (_label, element, name) => {
    const wsdl = wsdlOf(`<s:schema elementFormDefault="qualified" targetNamespace="urn:t">${element}</s:schema>`, [{ name: 'Op', input: `tns:${name}` }]);
    expect(() => generateCodec(wsdl, { wsdlFile: 'x', folder: tmpdir(), runtime: 'iq-integration' })).toThrow(CodegenError);
  });

  it('names that are not identifiers, or that JavaScript treats specially, become quoted properties that work', () => {
    const schemas =
      '<s:schema elementFormDefault="qualified" targetNamespace="urn:t"><s:element name="Odd"><s:complexType><s:sequence>' +
      '<s:element minOccurs="0" name="my-field" type="s:string" /><s:element minOccurs="0" name="constructor" type="s:string" /><s:element minOccurs="0" name="rt" type="s:string" />' +
      '</s:sequence></s:complexType></s:element></s:schema>';
    const { service } = load(
      wsdlOf(schemas, [
        { name: 'Odd', input: 'tns:Odd', output: 'tns:Odd' },
        { name: 'service', input: 'tns:Odd' },
      ]),
    );
    const odd = op(service, 'Odd');
    const value = { 'my-field': 'a', constructor: 'b', rt: 'c' };
    expect(odd.read(readXml(odd.write(value)))).toEqual(value);
    expect(Object.keys(service.operations)).toEqual(['Odd', 'service']);
  });
});

describe('names the emitter uses for itself', () => {
  // Types and operations named like the module's own constants (NS0), writers and readers
  // (write_X, read_X), enum value lists (X_VALUES) and the globals it types with (Record, Uint8Array).
  const schemas =
    '<s:schema elementFormDefault="qualified" targetNamespace="urn:t">' +
    '<s:simpleType name="Color"><s:restriction base="s:string"><s:enumeration value="red" /><s:enumeration value="blue" /></s:restriction></s:simpleType>' +
    '<s:complexType name="NS0"><s:sequence><s:element name="c" type="tns:Color" /></s:sequence></s:complexType>' +
    '<s:complexType name="Color_VALUES"><s:sequence><s:element name="v" type="s:string" /></s:sequence></s:complexType>' +
    '<s:complexType name="Uint8Array"><s:sequence><s:element name="v" type="s:string" /></s:sequence></s:complexType>' +
    '<s:complexType name="Record" />' +
    '<s:complexType name="write"><s:sequence><s:element name="v" type="s:int" /></s:sequence></s:complexType>' +
    '<s:complexType name="VALUES"><s:sequence><s:element name="v" type="s:int" /></s:sequence></s:complexType>' +
    '<s:element name="Put"><s:complexType><s:sequence>' +
    '<s:element name="ns" type="tns:NS0" /><s:element name="list" type="tns:Color_VALUES" /><s:element name="u" type="tns:Uint8Array" />' +
    '<s:element name="bytes" type="s:base64Binary" /><s:element name="empty" type="tns:Record" /><s:element name="w" type="tns:write" />' +
    '<s:element name="vs" type="tns:VALUES" />' +
    '</s:sequence></s:complexType></s:element>' +
    '<s:element name="PutResponse"><s:complexType><s:sequence><s:element name="PutResult" type="tns:NS0" /></s:sequence></s:complexType></s:element>' +
    '</s:schema>';
  const names = ['NS0', 'NS1', 'write_NS0', 'read_NS0', 'Color_VALUES', 'write_PutElement', 'read', 'Put'];
  const wsdl = wsdlOf(
    schemas,
    names.map((name) => ({ name, input: 'tns:Put', output: 'tns:PutResponse' })),
  );

  it('generate a module that compiles, each operation under its own name, writing and reading as the schema says', () => {
    const { service, source } = load(wsdl);
    expect(Object.keys(service.operations).sort()).toEqual([...names].sort());
    const value = { ns: { c: 'blue' }, list: { v: 'l' }, u: { v: 'u' }, bytes: Buffer.from('hi'), empty: {}, w: { v: 1 }, vs: { v: 2 } };
    for (const name of names) {
      const written = readXml(op(service, name).write(value));
      expect([written.ns, written.local, textOf(child(child(written, 'ns'), 'c'))]).toEqual(['urn:t', 'Put', 'blue']);
      expect(() => op(service, name).write({ ...value, ns: { c: 'green' } })).toThrow(/Put\.ns\.c must be one of blue, red/);
      expect(op(service, name).read(readXml('<PutResponse xmlns="urn:t"><PutResult><c>red</c></PutResult></PutResponse>'))).toEqual({
        PutResult: { c: 'red' },
      });
    }
    expect(source).toContain('const NS0 = "urn:t";');
  });

  it('the same way each time', () => {
    const options = { wsdlFile: 'x', folder: tmpdir(), runtime: 'iq-integration' as const };
    expect(generateCodec(wsdl, options).files['codec.ts']).toBe(generateCodec(wsdl, options).files['codec.ts']);
  });
});

describe('recursion in the schema', () => {
  const schema = (body: string) => `<s:schema elementFormDefault="qualified" targetNamespace="urn:t">${body}</s:schema>`;
  const generate = (wsdl: string) => () => generateCodec(wsdl, { wsdlFile: 'x', folder: tmpdir(), runtime: 'iq-integration' });

  it('a tree (an element referring to itself, of an anonymous type; a named type holding itself) is generated, and written and read at any depth', () => {
    const schemas = schema(
      '<s:element name="Node"><s:complexType><s:sequence><s:element name="Name" type="s:string" />' +
        '<s:element minOccurs="0" maxOccurs="unbounded" ref="tns:Node" /><s:element minOccurs="0" name="Tree" type="tns:Tree" /></s:sequence></s:complexType></s:element>' +
        '<s:complexType name="Tree"><s:sequence><s:element name="Leaf" type="s:int" /><s:element minOccurs="0" name="Next" type="tns:Tree" />' +
        '<s:element minOccurs="0" name="All" type="tns:ArrayOfTree" /></s:sequence></s:complexType>' +
        '<s:complexType name="ArrayOfTree"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="Tree" type="tns:Tree" /></s:sequence></s:complexType>',
    );
    const { service } = load(wsdlOf(schemas, [{ name: 'Grow', input: 'tns:Node', output: 'tns:Node' }]));
    const tree = { Leaf: 1, Next: { Leaf: 2, All: [{ Leaf: 3 }, { Leaf: 4, Next: { Leaf: 5 } }] } };
    const node = { Name: 'a', Node: [{ Name: 'b', Node: [{ Name: 'c', Tree: tree }] }, { Name: 'd' }] };
    const grow = op(service, 'Grow');
    expect(grow.read(readXml(grow.write(node)))).toEqual(node);

    // A value that holds itself, or nests deeper than any answer may, is refused before anything is written.
    const loop: Record<string, unknown> = { Name: 'loop' };
    loop.Node = [loop];
    expect(() => grow.write(loop)).toThrow(IqValidationError);
    expect(() => grow.write(loop)).toThrow(/nested more than 100 levels/);
    let deep: Record<string, unknown> = { Leaf: 0 };
    for (let i = 0; i < 150; i++) deep = { Leaf: i, Next: deep };
    expect(() => grow.write({ Name: 'deep', Tree: deep })).toThrow(IqValidationError);
  });

  it('depth is counted in levels: dotted names are not levels, and arrays that hold only arrays are bounded too', () => {
    const schemas = schema(
      '<s:element name="Go"><s:complexType><s:sequence><s:element minOccurs="0" name="a.b.c.d.e.f.g.h.i.j" type="tns:Dot" />' +
        '<s:element minOccurs="0" name="Arr" type="tns:ArrayOfArr" /></s:sequence></s:complexType></s:element>' +
        '<s:complexType name="Dot"><s:sequence><s:element minOccurs="0" name="a.b.c.d.e.f.g.h.i.j" type="tns:Dot" /></s:sequence></s:complexType>' +
        '<s:complexType name="ArrayOfArr"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="Arr" type="tns:ArrayOfArr" /></s:sequence></s:complexType>',
    );
    const go = op(load(wsdlOf(schemas, [{ name: 'Go', input: 'tns:Go' }])).service, 'Go');
    const key = 'a.b.c.d.e.f.g.h.i.j';
    let dotted: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) dotted = { [key]: dotted };
    expect(go.write({ [key]: dotted })).toContain(`<${key}>`);
    const arrays: unknown[] = [];
    arrays.push(arrays);
    expect(() => go.write({ Arr: arrays })).toThrow(/nested more than 100 levels/);
  });

  it.each([
    ['a simpleType restricting itself', '<s:simpleType name="Loop"><s:restriction base="tns:Loop" /></s:simpleType>', /tns:Loop -> tns:Loop/],
    [
      'two simpleTypes restricting each other',
      '<s:simpleType name="Loop"><s:restriction base="tns:Other" /></s:simpleType><s:simpleType name="Other"><s:restriction base="tns:Loop" /></s:simpleType>',
      /tns:Loop -> tns:Other -> tns:Loop/,
    ],
    [
      'complexType A extends B extends A',
      '<s:complexType name="Loop"><s:complexContent><s:extension base="tns:B"><s:sequence><s:element name="a" type="s:string" /></s:sequence></s:extension></s:complexContent></s:complexType>' +
        '<s:complexType name="B"><s:complexContent><s:extension base="tns:Loop"><s:sequence><s:element name="b" type="s:string" /></s:sequence></s:extension></s:complexContent></s:complexType>',
      /tns:Loop -> tns:B -> tns:Loop/,
    ],
  ])('%s is a CodegenError naming the cycle, not a stack overflow', (_label, types, cycle) => {
    const wsdl = wsdlOf(
      schema(`${types}<s:element name="Go"><s:complexType><s:sequence><s:element name="v" type="tns:Loop" /></s:sequence></s:complexType></s:element>`),
      [{ name: 'Go', input: 'tns:Go' }],
    );
    expect(generate(wsdl)).toThrow(CodegenError);
    expect(generate(wsdl)).toThrow(cycle);
  });
});

it('generates the same source from the same WSDL, whatever its formatting', () => {
  const printiq = readFileSync(join(ROOT, 'test/fixtures/wsdl/authentication.wsdl'), 'utf8');
  const reformatted = readFileSync(join(ROOT, 'test/fixtures/wsdl/authentication.reformatted.wsdl'), 'utf8');
  const options = { wsdlFile: 'a.wsdl', folder: tmpdir(), runtime: 'iq-integration' as const };
  const a = generateCodec(printiq, options).files;
  const b = generateCodec(reformatted, options).files;
  // The header names the WSDL's hash; everything else is the same.
  expect(a['codec.ts'].split('\n').slice(1)).toEqual(b['codec.ts'].split('\n').slice(1));
  expect(a['model.json']).toBe(b['model.json']);
});
