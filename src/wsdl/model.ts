/**
 * The one WSDL reader: a WSDL 1.1 document into the normalized service model
 * that `generate` compiles into a codec and `wsdl check` compares. The model
 * is plain JSON, committed beside the snapshot (generated/<service>/model.json).
 *
 * QNames are resolved against the namespaces in scope and kept in Clark
 * notation `{uri}local`, so the prefixes a document happens to use, its
 * formatting, attribute and declaration order and its service addresses never
 * show in the model; what goes on the wire (namespaces, element forms, field
 * order, occurrence, types, actions) always does.
 */
import { elementsOf, readXml, XmlRefusedError, type XmlElement } from '../xml/parse';

export class WsdlParseError extends Error {
  override readonly name = 'WsdlParseError';
}

export const NS = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  xsd: 'http://www.w3.org/2001/XMLSchema',
  soap: 'http://schemas.xmlsoap.org/wsdl/soap/',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  http: 'http://schemas.xmlsoap.org/wsdl/http/',
} as const;

/** `{namespace}local`. */
export type QName = string;
export type Occurs = number | 'unbounded';
export type Compositor = 'sequence' | 'choice' | 'all';

export interface SchemaInfo {
  targetNamespace: string;
  elementFormDefault: 'qualified' | 'unqualified';
  attributeFormDefault: 'qualified' | 'unqualified';
}

/** An element or wildcard inside a complex type, in document order. */
export interface Field {
  kind: 'element' | 'any';
  /** The element's local name; for a wildcard `*`. */
  name: string;
  /** The namespace the element is in on the wire ('' when unqualified); for a wildcard, its namespace constraint. */
  namespace: string;
  type?: QName;
  /** A reference to a global element (its name and namespace are the element's). */
  ref?: QName;
  anonymous?: TypeDecl;
  minOccurs: number;
  maxOccurs: Occurs;
  nillable: boolean;
  /** The group the field sits in directly. */
  compositor: Compositor;
}

export interface AttributeDecl {
  name: string;
  namespace: string;
  type: QName;
  use: 'optional' | 'required' | 'prohibited';
}

export interface TypeDecl {
  kind: 'complex' | 'simple';
  /** complexContent/simpleContent extension or restriction, or a simpleType restriction. */
  base?: QName;
  derivation?: 'extension' | 'restriction';
  fields: Field[];
  attributes: AttributeDecl[];
  /** Facets of a simple type, values sorted (enumeration members are a set). */
  facets: Record<string, string[]>;
  /** xsd:list item type. */
  list?: QName;
  mixed: boolean;
  abstract: boolean;
}

export interface ElementDecl {
  name: string;
  namespace: string;
  type?: QName;
  anonymous?: TypeDecl;
  nillable: boolean;
  abstract: boolean;
}

export interface MessagePart {
  name: string;
  element?: QName;
  type?: QName;
}

export interface OperationDecl {
  input?: QName;
  output?: QName;
  faults: Record<string, QName>;
}

export type Protocol = 'soap' | 'soap12' | 'http' | string;

export interface BindingOperation {
  soapAction?: string;
  style?: string;
  location?: string;
  inputUse?: string;
  outputUse?: string;
  /** SOAP headers the input or output declares (message QName + part), which the codec does not write. */
  headers: string[];
}

export interface BindingDecl {
  portType: QName;
  protocol: Protocol;
  style?: string;
  transport?: string;
  verb?: string;
  operations: Record<string, BindingOperation>;
}

export interface ServiceModel {
  format: 1;
  targetNamespace: string;
  schemas: SchemaInfo[];
  /** Global elements and named types by QName (XSD keeps the two apart: both may share a name). */
  elements: Record<QName, ElementDecl>;
  types: Record<QName, TypeDecl>;
  messages: Record<string, MessagePart[]>;
  portTypes: Record<string, Record<string, OperationDecl>>;
  bindings: Record<string, BindingDecl>;
  /** Service -> port -> binding QName. Addresses are deliberately not recorded. */
  services: Record<string, Record<string, QName>>;
}

const FACETS = new Set([
  'enumeration',
  'pattern',
  'length',
  'minLength',
  'maxLength',
  'minInclusive',
  'maxInclusive',
  'minExclusive',
  'maxExclusive',
  'totalDigits',
  'fractionDigits',
  'whiteSpace',
]);
const PROTOCOLS = new Map<string, string>([
  [NS.soap, 'soap'],
  [NS.soap12, 'soap12'],
  [NS.http, 'http'],
]);

const isXsd = (n: XmlElement, local?: string) => n.ns === NS.xsd && (local === undefined || n.local === local);
const kids = (n: XmlElement, ns: string, local: string) => elementsOf(n).filter((c) => c.ns === ns && c.local === local);
const attr = (n: XmlElement, name: string) => n.attributes.get(name);
const nameOf = (n: XmlElement) => attr(n, 'name') ?? '';

/** Resolves a QName-valued attribute against the element's namespaces; an unknown prefix is an error. */
function qname(n: XmlElement, value: string | undefined): QName | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const colon = trimmed.indexOf(':');
  const prefix = colon < 0 ? '' : trimmed.slice(0, colon);
  const uri = n.scope.get(prefix);
  if (uri === undefined && prefix !== '')
    throw new WsdlParseError(`the QName ${trimmed} on <${n.name} name="${nameOf(n)}"> uses the undeclared prefix ${prefix}`);
  return `{${uri ?? ''}}${trimmed.slice(colon + 1)}`;
}

function occurs(value: string | undefined, fallback: number): Occurs {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return 'unbounded';
  return count(value, fallback);
}

function count(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new WsdlParseError(`occurrence ${JSON.stringify(value)} is not a whole number or unbounded`);
  return n;
}

const bool = (value: string | undefined) => value === 'true' || value === '1';

class SchemaReader {
  constructor(private readonly schema: SchemaInfo) {}

  /** A named or anonymous complexType/simpleType. */
  type(n: XmlElement): TypeDecl {
    const decl: TypeDecl = {
      kind: n.local === 'simpleType' ? 'simple' : 'complex',
      fields: [],
      attributes: [],
      facets: {},
      mixed: bool(attr(n, 'mixed')),
      abstract: bool(attr(n, 'abstract')),
    };
    for (const c of elementsOf(n)) this.content(c, decl, 'sequence');
    for (const values of Object.values(decl.facets)) values.sort();
    return decl;
  }

  private content(n: XmlElement, decl: TypeDecl, compositor: Compositor): void {
    if (!isXsd(n) || n.local === 'annotation') return;
    switch (n.local) {
      case 'sequence':
      case 'choice':
      case 'all':
        for (const c of elementsOf(n)) this.content(c, decl, n.local);
        return;
      case 'element':
        decl.fields.push(this.field(n, compositor));
        return;
      case 'any':
        decl.fields.push({
          kind: 'any',
          name: '*',
          namespace: attr(n, 'namespace') ?? '##any',
          minOccurs: count(attr(n, 'minOccurs'), 1),
          maxOccurs: occurs(attr(n, 'maxOccurs'), 1),
          nillable: false,
          compositor,
        });
        return;
      case 'attribute': {
        const form = attr(n, 'form') ?? this.schema.attributeFormDefault;
        const ref = qname(n, attr(n, 'ref'));
        decl.attributes.push({
          name: ref ? ref.slice(ref.indexOf('}') + 1) : nameOf(n),
          namespace: ref ? ref.slice(1, ref.indexOf('}')) : form === 'qualified' ? this.schema.targetNamespace : '',
          type: qname(n, attr(n, 'type')) ?? `{${NS.xsd}}anySimpleType`,
          use: (attr(n, 'use') as AttributeDecl['use'] | undefined) ?? 'optional',
        });
        return;
      }
      case 'extension':
      case 'restriction':
        decl.base = qname(n, attr(n, 'base'));
        decl.derivation = n.local;
        for (const c of elementsOf(n)) this.content(c, decl, compositor);
        return;
      case 'list':
        decl.list = qname(n, attr(n, 'itemType'));
        return;
      default:
        if (FACETS.has(n.local)) {
          (decl.facets[n.local] ??= []).push(attr(n, 'value') ?? '');
          return;
        }
        // complexContent, simpleContent, group wrappers: their content counts.
        for (const c of elementsOf(n)) this.content(c, decl, compositor);
    }
  }

  private field(n: XmlElement, compositor: Compositor): Field {
    const ref = qname(n, attr(n, 'ref'));
    const inline = elementsOf(n).find((c) => isXsd(c) && (c.local === 'complexType' || c.local === 'simpleType'));
    const form = attr(n, 'form') ?? this.schema.elementFormDefault;
    const field: Field = {
      kind: 'element',
      name: ref ? ref.slice(ref.indexOf('}') + 1) : nameOf(n),
      namespace: ref ? ref.slice(1, ref.indexOf('}')) : form === 'qualified' ? this.schema.targetNamespace : '',
      minOccurs: count(attr(n, 'minOccurs'), 1),
      maxOccurs: occurs(attr(n, 'maxOccurs'), 1),
      nillable: bool(attr(n, 'nillable')),
      compositor,
    };
    if (ref) field.ref = ref;
    else if (inline) field.anonymous = this.type(inline);
    else field.type = qname(n, attr(n, 'type')) ?? `{${NS.xsd}}anyType`;
    return field;
  }
}

function readSchemas(root: XmlElement, model: ServiceModel): void {
  for (const schema of kids(root, NS.wsdl, 'types').flatMap((t) => kids(t, NS.xsd, 'schema'))) {
    const info: SchemaInfo = {
      targetNamespace: attr(schema, 'targetNamespace') ?? '',
      elementFormDefault: attr(schema, 'elementFormDefault') === 'qualified' ? 'qualified' : 'unqualified',
      attributeFormDefault: attr(schema, 'attributeFormDefault') === 'qualified' ? 'qualified' : 'unqualified',
    };
    model.schemas.push(info);
    const reader = new SchemaReader(info);
    for (const d of elementsOf(schema)) {
      if (!isXsd(d) || attr(d, 'name') === undefined) continue;
      const key = `{${info.targetNamespace}}${nameOf(d)}`;
      if (d.local === 'element') {
        const inline = elementsOf(d).find((c) => isXsd(c) && (c.local === 'complexType' || c.local === 'simpleType'));
        const element: ElementDecl = {
          name: nameOf(d),
          namespace: info.targetNamespace,
          nillable: bool(attr(d, 'nillable')),
          abstract: bool(attr(d, 'abstract')),
        };
        if (inline) element.anonymous = reader.type(inline);
        else element.type = qname(d, attr(d, 'type')) ?? `{${NS.xsd}}anyType`;
        model.elements[key] = element;
      } else if (d.local === 'complexType' || d.local === 'simpleType') {
        model.types[key] = reader.type(d);
      }
    }
  }
}

/** The extensibility element (soap:, soap12:, http:) named `local` inside a WSDL element. */
const extension = (n: XmlElement | undefined, local: string) => (n ? elementsOf(n).find((c) => c.ns !== NS.wsdl && c.local === local) : undefined);

function readBinding(b: XmlElement): BindingDecl {
  const be = extension(b, 'binding');
  const binding: BindingDecl = {
    portType: qname(b, attr(b, 'type')) ?? '',
    protocol: be ? (PROTOCOLS.get(be.ns) ?? `{${be.ns}}`) : 'none',
    operations: {},
  };
  const style = be && attr(be, 'style');
  if (style) binding.style = style;
  const transport = be && attr(be, 'transport');
  if (transport) binding.transport = transport;
  const verb = be && attr(be, 'verb');
  if (verb) binding.verb = verb;
  for (const op of kids(b, NS.wsdl, 'operation')) {
    const oe = extension(op, 'operation');
    const io = (dir: string) => kids(op, NS.wsdl, dir)[0];
    const operation: BindingOperation = { headers: [] };
    const set = (key: 'soapAction' | 'style' | 'location' | 'inputUse' | 'outputUse', value: string | undefined) => {
      if (value !== undefined) operation[key] = value;
    };
    set('soapAction', oe && attr(oe, 'soapAction'));
    set('style', oe && attr(oe, 'style'));
    set('location', oe && attr(oe, 'location'));
    set('inputUse', extension(io('input'), 'body')?.attributes.get('use'));
    set('outputUse', extension(io('output'), 'body')?.attributes.get('use'));
    for (const dir of ['input', 'output']) {
      const node = io(dir);
      for (const h of node ? elementsOf(node).filter((c) => c.ns !== NS.wsdl && c.local === 'header') : []) {
        operation.headers.push(`${dir} ${qname(h, attr(h, 'message'))}#${attr(h, 'part') ?? ''}`);
      }
    }
    binding.operations[nameOf(op)] = operation;
  }
  return binding;
}

/**
 * A WSDL is a file its operator chose, not an answer: tools that write WSDLs declare many
 * namespaces on the root (Oracle's numbered ns1..ns99), so its limits are wider than an answer's.
 */
const WSDL_LIMITS = { maxAttributes: 4096, maxNamespaceDeclarations: 4096 };

const REFUSED: Record<XmlRefusedError['reason'], (message: string) => string> = {
  dtd: () => 'DOCTYPE/ENTITY declarations are not allowed in WSDL input',
  malformed: (message) => `Not well-formed XML: ${message}`,
  limit: (message) => `The WSDL is past a limit of the XML reader: ${message}`,
};

function readRoot(xml: string): XmlElement {
  if (typeof xml !== 'string' || xml.trim() === '') throw new WsdlParseError('Empty input: expected a WSDL document');
  let root: XmlElement;
  try {
    root = readXml(xml, WSDL_LIMITS);
  } catch (error) {
    if (error instanceof XmlRefusedError) throw new WsdlParseError(REFUSED[error.reason](error.message));
    throw error;
  }
  if (root.ns !== NS.wsdl || root.local !== 'definitions') throw new WsdlParseError(`Not a WSDL 1.1 document: root element is {${root.ns}}${root.local}`);
  return root;
}

/** Reads a WSDL 1.1 document into its service model; throws WsdlParseError when it is not one. */
export function readServiceModel(xml: string): ServiceModel {
  const root = readRoot(xml);
  const model: ServiceModel = {
    format: 1,
    targetNamespace: attr(root, 'targetNamespace') ?? '',
    schemas: [],
    elements: {},
    types: {},
    messages: {},
    portTypes: {},
    bindings: {},
    services: {},
  };
  readSchemas(root, model);
  for (const msg of kids(root, NS.wsdl, 'message')) {
    model.messages[nameOf(msg)] = kids(msg, NS.wsdl, 'part').map((p) => {
      const part: MessagePart = { name: nameOf(p) };
      const element = qname(p, attr(p, 'element'));
      const type = qname(p, attr(p, 'type'));
      if (element) part.element = element;
      if (type) part.type = type;
      return part;
    });
  }
  for (const pt of kids(root, NS.wsdl, 'portType')) {
    const operations: Record<string, OperationDecl> = {};
    for (const op of kids(pt, NS.wsdl, 'operation')) {
      const decl: OperationDecl = { faults: {} };
      const input = kids(op, NS.wsdl, 'input')[0];
      const output = kids(op, NS.wsdl, 'output')[0];
      if (input) decl.input = qname(input, attr(input, 'message'));
      if (output) decl.output = qname(output, attr(output, 'message'));
      for (const f of kids(op, NS.wsdl, 'fault')) decl.faults[nameOf(f)] = qname(f, attr(f, 'message')) ?? '';
      operations[nameOf(op)] = decl;
    }
    model.portTypes[nameOf(pt)] = operations;
  }
  for (const b of kids(root, NS.wsdl, 'binding')) model.bindings[nameOf(b)] = readBinding(b);
  for (const svc of kids(root, NS.wsdl, 'service')) {
    const ports: Record<string, QName> = {};
    for (const p of kids(svc, NS.wsdl, 'port')) ports[nameOf(p)] = qname(p, attr(p, 'binding')) ?? '';
    model.services[nameOf(svc)] = ports;
  }
  return canonical(model);
}

const byKey = <T>(record: Record<string, T>, each: (value: T) => T = (v) => v): Record<string, T> =>
  Object.fromEntries(
    Object.keys(record)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => [k, each(record[k])]),
  );

/** Declarations in name order, so the model (and the codec) are the same whatever order a WSDL declares things in; field order stays, it is meaningful. */
function canonical(m: ServiceModel): ServiceModel {
  return {
    ...m,
    schemas: [...m.schemas].sort((a, b) => (a.targetNamespace < b.targetNamespace ? -1 : a.targetNamespace > b.targetNamespace ? 1 : 0)),
    elements: byKey(m.elements),
    types: byKey(m.types),
    messages: byKey(m.messages),
    portTypes: byKey(m.portTypes, (ops) => byKey(ops)),
    bindings: byKey(m.bindings, (b) => ({ ...b, operations: byKey(b.operations) })),
    services: byKey(m.services, (ports) => byKey(ports)),
  };
}

/** The service's name: the WSDL's (first) wsdl:service, else the first port type. */
export function serviceName(model: ServiceModel): string {
  return Object.keys(model.services)[0] ?? Object.keys(model.portTypes)[0] ?? 'Service';
}
