import { readFileSync } from 'fs';
import { join } from 'path';
import { diffWsdl, formatWsdlChanges, WsdlParseError, type WsdlChange } from '../../src/wsdl/diff';
import { readServiceModel } from '../../src/wsdl/model';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'wsdl', name), 'utf8');

const BASE = fixture('authentication.wsdl');
const REFORMATTED = fixture('authentication.reformatted.wsdl');
const V2 = fixture('authentication.v2.wsdl');

/** Replaces exactly one occurrence, so a stale anchor fails loudly instead of yielding a vacuous diff. */
function mutate(xml: string, from: string, to: string): string {
  const count = xml.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one occurrence of ${JSON.stringify(from)}, found ${count}`);
  return xml.replace(from, to);
}

const change = (kind: WsdlChange['kind'], area: WsdlChange['area'], path: string, detail = ''): WsdlChange => ({ kind, area, path, detail });

describe('diffWsdl: no semantic change', () => {
  it('returns [] for identical documents', () => {
    expect(diffWsdl(BASE, BASE)).toEqual([]);
  });

  it('ignores whitespace, attribute order, prefixes, declaration order, documentation and addresses', () => {
    expect(diffWsdl(BASE, REFORMATTED)).toEqual([]);
    expect(diffWsdl(REFORMATTED, BASE)).toEqual([]);
  });

  it('actually parses the reformatted fixture (the [] above is not vacuous)', () => {
    const m = readServiceModel(REFORMATTED);
    expect(Object.keys(m.portTypes.AuthenticationSoap)).toEqual(['SSORequest']);
    expect(m.types['{http://printiq.co.nz/}SSORequestInput'].fields.map((f) => f.name)).toEqual(['CusCode', 'UserName', 'AppKey', 'OpportunityRef']);
    expect(m.elements['{http://printiq.co.nz/}SSORequest'].anonymous!.fields[0]).toMatchObject({
      name: 'input',
      namespace: 'http://printiq.co.nz/',
      type: '{http://printiq.co.nz/}SSORequestInput',
    });
    expect(m.bindings.AuthenticationSoap12.protocol).toBe('soap12');
    expect(m.bindings.AuthenticationHttpGet.protocol).toBe('http');
    expect(Object.keys(m.services.Authentication)).toHaveLength(4);
    // The model is plain JSON, and the same for both serializations.
    expect(JSON.parse(JSON.stringify(m))).toEqual(readServiceModel(BASE));
    // Same diff against v2 whichever serialization is the baseline.
    expect(diffWsdl(REFORMATTED, V2)).toEqual(diffWsdl(BASE, V2));
  });
});

describe('diffWsdl: fields', () => {
  it('reports an added field with its type', () => {
    const next = mutate(
      BASE,
      '<s:element minOccurs="0" maxOccurs="1" name="OpportunityRef" type="s:string" />',
      '<s:element minOccurs="0" maxOccurs="1" name="OpportunityRef" type="s:string" />\n<s:element minOccurs="0" maxOccurs="1" name="Email" type="s:string" />',
    );
    expect(diffWsdl(BASE, next)).toEqual([change('added', 'field', 'SSORequestInput.Email', 'type s:string, minOccurs 0, maxOccurs 1, nillable false')]);
  });

  it('reports a removed field of the complexType, not of the same-named element', () => {
    const next = mutate(BASE, '<s:element minOccurs="0" maxOccurs="1" name="LandPageURL" type="s:string" />', '');
    expect(diffWsdl(BASE, next)).toEqual([change('removed', 'field', 'SSORequestResponse.LandPageURL')]);
  });

  it('reports a retyped field', () => {
    const next = mutate(BASE, 'name="UserName" type="s:string"', 'name="UserName" type="s:int"');
    expect(diffWsdl(BASE, next)).toEqual([change('changed', 'field', 'SSORequestInput.UserName', 'type s:string -> s:int')]);
  });

  it('reports a retyped field of an anonymous complexType inside an element', () => {
    const next = mutate(BASE, 'name="SSORequestResult" type="tns:SSORequestResponse"', 'name="SSORequestResult" type="s:string"');
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'field', 'element SSORequestResponse.SSORequestResult', 'type tns:SSORequestResponse -> s:string'),
    ]);
  });

  it('reports minOccurs and nillable changes as changed', () => {
    let next = mutate(BASE, 'minOccurs="1" maxOccurs="1" name="IsError"', 'minOccurs="0" maxOccurs="1" name="IsError"');
    next = mutate(next, 'name="CusCode" type="s:string" />', 'name="CusCode" type="s:string" nillable="true" />');
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'field', 'SSORequestInput.CusCode', 'nillable false -> true'),
      change('changed', 'field', 'SSORequestResponse.IsError', 'minOccurs 1 -> 0'),
    ]);
  });

  it('reports a reordered sequence', () => {
    const cus = '<s:element minOccurs="0" maxOccurs="1" name="CusCode" type="s:string" />';
    const next = mutate(
      mutate(BASE, `${cus}\n`, ''),
      '<s:element minOccurs="0" maxOccurs="1" name="OpportunityRef"',
      `${cus}<s:element minOccurs="0" maxOccurs="1" name="OpportunityRef"`,
    );
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'type', 'type SSORequestInput', 'field order CusCode, UserName, AppKey, OpportunityRef -> UserName, AppKey, CusCode, OpportunityRef'),
    ]);
  });
});

describe('diffWsdl: operations, types, bindings, ports', () => {
  it('reports an added operation with its messages, elements and binding operations', () => {
    expect(diffWsdl(BASE, V2)).toEqual([
      change('added', 'operation', 'AuthenticationSoap.SSOLogout'),
      change('added', 'message', 'SSOLogoutSoapIn'),
      change('added', 'message', 'SSOLogoutSoapOut'),
      change('added', 'type', 'element SSOLogout'),
      change('added', 'type', 'element SSOLogoutResponse'),
      change('added', 'binding', 'AuthenticationSoap.SSOLogout'),
      change('added', 'binding', 'AuthenticationSoap12.SSOLogout'),
    ]);
    expect(diffWsdl(V2, BASE).map((c) => c.kind)).toEqual(Array(7).fill('removed'));
  });

  it('reports a removed complexType without touching the same-named element', () => {
    const start = BASE.indexOf('<s:complexType name="SSORequestResponse">');
    const end = BASE.indexOf('</s:complexType>', start) + '</s:complexType>'.length;
    expect(start).toBeGreaterThan(0);
    const next = BASE.slice(0, start) + BASE.slice(end);
    expect(diffWsdl(BASE, next)).toEqual([change('removed', 'type', 'type SSORequestResponse')]);
  });

  it('reports a changed soapAction on one binding only', () => {
    const next = mutate(
      BASE,
      '<soap12:operation soapAction="http://printiq.co.nz/SSORequest"',
      '<soap12:operation soapAction="http://printiq.co.nz/v2/SSORequest"',
    );
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'binding', 'AuthenticationSoap12.SSORequest', 'soapAction http://printiq.co.nz/SSORequest -> http://printiq.co.nz/v2/SSORequest'),
    ]);
  });

  it('reports a binding that switched SOAP version and a removed port', () => {
    let next = mutate(BASE, '<soap12:binding transport=', '<soap:binding transport=');
    const httpGetPort = /\s*<wsdl:port name="AuthenticationHttpGet"[\s\S]*?<\/wsdl:port>/;
    expect(next).toMatch(httpGetPort);
    next = next.replace(httpGetPort, '');
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'binding', 'AuthenticationSoap12', 'protocol soap12 -> soap'),
      change('removed', 'port', 'Authentication.AuthenticationHttpGet'),
    ]);
  });

  it('reports a message part pointing at another element', () => {
    const next = mutate(BASE, '<wsdl:part name="parameters" element="tns:SSORequest" />', '<wsdl:part name="parameters" element="tns:SSOLogin" />');
    expect(diffWsdl(BASE, next)).toEqual([change('changed', 'message', 'SSORequestSoapIn', 'part parameters: element tns:SSORequest -> tns:SSOLogin')]);
  });
});

describe('diffWsdl: namespaces', () => {
  const SCHEMA = '<s:schema elementFormDefault="qualified" targetNamespace="http://printiq.co.nz/">';
  const V2_NS = 'http://printiq.co.nz/v2/';

  it('reports a schema whose targetNamespace changed behind the unchanged tns prefix', () => {
    const next = mutate(mutate(BASE, SCHEMA, SCHEMA.replace('http://printiq.co.nz/', V2_NS)), 'xmlns:tns="http://printiq.co.nz/"', `xmlns:tns="${V2_NS}"`);
    const lines = formatWsdlChanges(diffWsdl(BASE, next)).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `+ namespace schema ${V2_NS}: targetNamespace ${V2_NS}, elementFormDefault qualified, attributeFormDefault unqualified`,
      '- namespace schema tns',
    ]);
    expect(lines).toContain(`~ message SSORequestSoapIn: part parameters: element tns:SSORequest -> {${V2_NS}}SSORequest`);
  });

  it('reads a service moved whole to a new namespace as that one change', () => {
    const next = BASE.split('"http://printiq.co.nz/"').join(`"${V2_NS}"`);
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'namespace', 'schema tns', `targetNamespace http://printiq.co.nz/ -> ${V2_NS}`),
      change('changed', 'namespace', 'targetNamespace', `uri http://printiq.co.nz/ -> ${V2_NS}`),
    ]);
  });

  it('reports elementFormDefault: the children go on the wire without a namespace', () => {
    const next = mutate(BASE, SCHEMA, SCHEMA.replace('"qualified"', '"unqualified"'));
    expect(diffWsdl(BASE, next)).toEqual([change('changed', 'namespace', 'schema tns', 'elementFormDefault qualified -> unqualified')]);
  });

  it('reports one field whose form= departs from the schema default', () => {
    const next = mutate(BASE, 'name="UserName" type="s:string"', 'name="UserName" form="unqualified" type="s:string"');
    expect(diffWsdl(BASE, next)).toEqual([change('changed', 'field', 'SSORequestInput.UserName', 'form (schema default) -> unqualified')]);
  });
});

describe('diffWsdl: untrusted input', () => {
  const xxe = mutate(
    BASE,
    '<?xml version="1.0" encoding="utf-8"?>',
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE wsdl:definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  );

  it('refuses a DOCTYPE on either side', () => {
    expect(() => diffWsdl(xxe, BASE)).toThrow(WsdlParseError);
    expect(() => diffWsdl(BASE, xxe)).toThrow(/DOCTYPE/);
    expect(() => diffWsdl(BASE, '<!doctype html><html></html>')).toThrow(WsdlParseError);
  });

  it.each([
    ['empty', ''],
    ['plain text', 'Service Unavailable'],
    ['JSON', '{"Message":"An error has occurred."}'],
    ['HTML error page', '<html><head><title>Runtime Error</title></head><body><h1>Server Error</h1><br></body></html>'],
    ['well-formed XHTML', '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Not found</p></body></html>'],
    ['XSD instead of WSDL', '<s:schema xmlns:s="http://www.w3.org/2001/XMLSchema"/>'],
  ])('refuses %s with WsdlParseError', (_label, input) => {
    expect(() => diffWsdl(BASE, input)).toThrow(WsdlParseError);
    expect(() => readServiceModel(input)).toThrow(WsdlParseError);
  });

  it('reads a WSDL with more namespaces on its root than an answer may declare (tools number them ns1..ns99)', () => {
    const many = Array.from({ length: 120 }, (_, i) => ` xmlns:ns${i + 1}="urn:tool:ns${i + 1}"`).join('');
    const crowded = BASE.replace('<wsdl:definitions ', `<wsdl:definitions${many} `);
    expect(crowded).not.toBe(BASE);
    expect(diffWsdl(BASE, crowded)).toEqual([]);
    const beyond = BASE.replace('<wsdl:definitions ', `<wsdl:definitions${many.repeat(40).replace(/ns(\d+)=/g, (_m, n, at) => `n${at}x${n}=`)} `);
    expect(() => readServiceModel(beyond)).toThrow(/past a limit of the XML reader/);
  });

  it('refuses a truncated WSDL instead of reporting everything after the cut as removed', () => {
    const truncated = BASE.slice(0, BASE.indexOf('<wsdl:binding name="AuthenticationSoap12"'));
    expect(() => diffWsdl(BASE, truncated)).toThrow(/Not well-formed XML/);
  });

  it('decodes only predefined and numeric character references; any other entity is refused', () => {
    const action = '<soap:operation soapAction="http://printiq.co.nz/SSORequest"';
    const next = mutate(BASE, action, `${action.slice(0, -1)}?a=1&amp;b=&#50;"`);
    expect(diffWsdl(BASE, next)).toEqual([
      change('changed', 'binding', 'AuthenticationSoap.SSORequest', 'soapAction http://printiq.co.nz/SSORequest -> http://printiq.co.nz/SSORequest?a=1&b=2'),
    ]);
    expect(() => diffWsdl(BASE, mutate(BASE, action, `${action.slice(0, -1)}?a=&foo;"`))).toThrow(/undeclared entity 'foo'/);
  });

  it('refuses a QName with an undeclared prefix rather than guessing', () => {
    expect(() => diffWsdl(BASE, mutate(BASE, 'name="UserName" type="s:string"', 'name="UserName" type="q:string"'))).toThrow(/undeclared prefix q/);
  });
});

describe('formatWsdlChanges', () => {
  it('prints one readable line per change', () => {
    let next = mutate(V2, 'name="UserName" type="s:string"', 'name="UserName" type="s:int"');
    next = mutate(next, '<s:element minOccurs="0" maxOccurs="1" name="LandPageURL" type="s:string" />', '');
    const lines = formatWsdlChanges(diffWsdl(BASE, next)).split('\n');
    expect(lines).toContain('+ operation AuthenticationSoap.SSOLogout');
    expect(lines).toContain('+ element SSOLogout');
    expect(lines).toContain('~ field SSORequestInput.UserName: type s:string -> s:int');
    expect(lines).toContain('- field SSORequestResponse.LandPageURL');
    expect(lines).toHaveLength(9);
  });

  it('says so when nothing changed', () => {
    expect(formatWsdlChanges([])).toBe('No semantic WSDL changes.');
  });
});
