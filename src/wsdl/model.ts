/**
 * Parses a WSDL 1.1 document into a normalized, order- and prefix-independent model,
 * so two WSDLs can be compared semantically (see ./diff.ts).
 *
 * QName references (types, elements, messages, bindings) are resolved against the
 * in-scope xmlns declarations and stored in Clark notation `{namespaceUri}local`,
 * which makes the prefix a document happens to use irrelevant.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

/** Comparable attributes of one model entry; absent attributes are simply missing. */
export type Props = Map<string, string>;

export interface XsdDecl {
  /** e.g. type/nillable of an element, base/enumeration of a type. */
  props: Props;
  /** Child elements/attributes; nested anonymous types are flattened as `outer.inner`. */
  fields: Map<string, Props>;
  /** Field names in document order (sequence order is meaningful in XSD). */
  order: string[];
}

export interface WsdlBinding {
  props: Props; // portType, protocol (soap | soap12 | http), style, transport, verb
  operations: Map<string, Props>; // soapAction, style, location, inputUse, outputUse
}

export interface WsdlModel {
  targetNamespace: string;
  /** `PortType.Operation` -> input/output/fault message QNames. */
  operations: Map<string, Props>;
  /** message name -> part name -> element/type QName. */
  messages: Map<string, Map<string, Props>>;
  /** XSD top-level elements and named types are kept apart: both may share a name. */
  elements: Map<string, XsdDecl>;
  types: Map<string, XsdDecl>;
  bindings: Map<string, WsdlBinding>;
  /** `Service.Port` -> binding QName. The address is deliberately not recorded. */
  ports: Map<string, Props>;
}

interface XNode {
  ns: string;
  local: string;
  attrs: Map<string, string>;
  scope: ReadonlyMap<string, string>; // prefix ('' = default) -> namespace URI
  children: XNode[];
}

const ATTR = '@_';
// Untrusted input: no entity expansion at all; we decode the predefined entities ourselves.
const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: ATTR, removeNSPrefix: false,
  processEntities: false, htmlEntities: false, ignoreDeclaration: true, ignorePiTags: true,
  parseTagValue: false, parseAttributeValue: false,
});
const PREDEFINED = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return PREDEFINED.get(e) ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

function toNodes(items: unknown[], parent: ReadonlyMap<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const item of items) {
    const rec = item as Record<string, unknown>;
    const tag = Object.keys(rec).find((k) => k !== ':@' && k !== '#text');
    if (tag === undefined) continue; // text node: irrelevant for WSDL structure
    const attrs = new Map<string, string>();
    let scope = parent;
    for (const [k, v] of Object.entries((rec[':@'] ?? {}) as Record<string, unknown>)) {
      const name = k.slice(ATTR.length);
      const value = decode(String(v));
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parent) scope = new Map(parent);
        (scope as Map<string, string>).set(name.slice(6), value);
      } else attrs.set(name, value);
    }
    const i = tag.indexOf(':');
    const ns = scope.get(i < 0 ? '' : tag.slice(0, i)) ?? '';
    const children = toNodes(Array.isArray(rec[tag]) ? (rec[tag] as unknown[]) : [], scope);
    out.push({ ns, local: tag.slice(i + 1), attrs, scope, children });
  }
  return out;
}

function parseRoot(xml: string): XNode {
  if (typeof xml !== 'string' || xml.trim() === '') throw new WsdlParseError('Empty input: expected a WSDL document');
  // Refuse DTDs outright (entity expansion / XXE) before any parser sees the input.
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) throw new WsdlParseError('DOCTYPE/ENTITY declarations are not allowed in WSDL input');
  const text = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new WsdlParseError(`Not well-formed XML (line ${valid.err.line}): ${valid.err.msg}`);
  let parsed: unknown[];
  try {
    parsed = parser.parse(text) as unknown[];
  } catch (err) {
    // e.g. nesting deeper than fast-xml-parser's maxNestedTags (100)
    throw new WsdlParseError(`Unparsable XML: ${(err as Error).message}`);
  }
  const roots = toNodes(parsed, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  const root = roots[0];
  if (roots.length !== 1 || root.ns !== NS.wsdl || root.local !== 'definitions') {
    throw new WsdlParseError(`Not a WSDL 1.1 document: root element is ${root ? `{${root.ns}}${root.local}` : 'missing'}`);
  }
  return root;
}

/** Resolves a QName attribute value to `{uri}local`; an unknown prefix is kept verbatim. */
function qname(node: XNode, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const i = value.indexOf(':');
  const uri = node.scope.get(i < 0 ? '' : value.slice(0, i));
  return uri === undefined ? value : `{${uri}}${value.slice(i + 1)}`;
}

function props(entries: Record<string, string | undefined>): Props {
  return new Map(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Resolved QName of attribute `attr` on `n`. */
const ref = (n: XNode, attr: string): string | undefined => qname(n, n.attrs.get(attr));
const kids = (n: XNode, ns: string, local: string): XNode[] =>
  n.children.filter((c) => c.ns === ns && c.local === local);
/** The extensibility element (soap:/soap12:/http:) named `local` inside a WSDL element. */
const ext = (n: XNode | undefined, local: string): XNode | undefined =>
  n?.children.find((c) => c.ns !== NS.wsdl && c.local === local);
const nameOf = (n: XNode): string => n.attrs.get('name') ?? n.attrs.get('ref')?.split(':').pop() ?? '?';

const PROTOCOLS = new Map<string, string>([[NS.soap, 'soap'], [NS.soap12, 'soap12'], [NS.http, 'http']]);
const FACETS = new Set(['enumeration', 'pattern', 'length', 'minLength', 'maxLength', 'minInclusive',
  'maxInclusive', 'minExclusive', 'maxExclusive', 'totalDigits', 'fractionDigits', 'whiteSpace']);

/** Walks XSD content, collecting fields (elements, attributes, wildcards), derivation and facets. */
function walk(n: XNode, prefix: string, decl: XsdDecl, facets: Map<string, string[]>): void {
  if (n.ns !== NS.xsd || n.local === 'annotation') return;
  const a = (k: string) => n.attrs.get(k);
  const addField = (name: string, p: Props) => {
    decl.fields.set(prefix + name, p);
    decl.order.push(prefix + name);
  };
  if (n.local === 'element') {
    const inline = n.children.find((c) => c.ns === NS.xsd && /^(complex|simple)Type$/.test(c.local));
    const type = ref(n, 'type') ?? (a('ref') ? `ref ${ref(n, 'ref')}` : inline ? '(anonymous)' : `{${NS.xsd}}anyType`);
    // Explicit defaults (minOccurs="1", nillable="false") must equal omitted ones.
    addField(nameOf(n), props({ type, minOccurs: a('minOccurs') ?? '1', maxOccurs: a('maxOccurs') ?? '1', nillable: a('nillable') ?? 'false' }));
    if (inline) walk(inline, `${prefix}${nameOf(n)}.`, decl, facets);
  } else if (n.local === 'attribute') {
    addField(`@${nameOf(n)}`, props({ type: ref(n, 'type') ?? `{${NS.xsd}}anySimpleType`, use: a('use') ?? 'optional' }));
  } else if (n.local === 'any' || n.local === 'anyAttribute') {
    addField(`*${n.local}`, props({ namespace: a('namespace') ?? '##any', minOccurs: a('minOccurs'), maxOccurs: a('maxOccurs') }));
  } else if (FACETS.has(n.local)) {
    facets.set(prefix + n.local, [...(facets.get(prefix + n.local) ?? []), a('value') ?? '']);
  } else {
    if (n.local === 'extension' || n.local === 'restriction') {
      decl.props.set(prefix + n.local, ref(n, 'base') ?? '(anonymous)');
    }
    for (const c of n.children) walk(c, prefix, decl, facets); // sequence, choice, all, complexContent, ...
  }
}

function parseDecl(n: XNode, own: Record<string, string | undefined>): XsdDecl {
  const decl: XsdDecl = { props: props(own), fields: new Map(), order: [] };
  const facets = new Map<string, string[]>();
  for (const c of n.children) walk(c, '', decl, facets);
  // Facet values (e.g. enumeration members) are unordered sets.
  for (const [k, v] of facets) decl.props.set(k, [...v].sort().join('|'));
  return decl;
}

function parseSchemas(root: XNode, m: WsdlModel): void {
  for (const schema of kids(root, NS.wsdl, 'types').flatMap((t) => kids(t, NS.xsd, 'schema'))) {
    const stns = schema.attrs.get('targetNamespace') ?? '';
    const key = (n: XNode) => (stns === m.targetNamespace ? nameOf(n) : `{${stns}}${nameOf(n)}`);
    for (const d of schema.children.filter((c) => c.ns === NS.xsd && c.attrs.has('name'))) {
      const a = (k: string) => d.attrs.get(k);
      if (d.local === 'element') {
        m.elements.set(key(d), parseDecl(d, { type: ref(d, 'type'), nillable: a('nillable') ?? 'false', abstract: a('abstract') }));
      } else if (d.local === 'complexType' || d.local === 'simpleType') {
        m.types.set(key(d), parseDecl(d, { kind: d.local, abstract: a('abstract'), mixed: a('mixed') }));
      }
    }
  }
}

function parseBinding(b: XNode): WsdlBinding {
  const be = ext(b, 'binding');
  const operations = new Map<string, Props>();
  for (const op of kids(b, NS.wsdl, 'operation')) {
    const oe = ext(op, 'operation');
    const use = (dir: string) => ext(kids(op, NS.wsdl, dir)[0], 'body')?.attrs.get('use');
    operations.set(nameOf(op), props({
      soapAction: oe?.attrs.get('soapAction'), style: oe?.attrs.get('style'), location: oe?.attrs.get('location'),
      inputUse: use('input'), outputUse: use('output'),
    }));
  }
  const protocol = be && (PROTOCOLS.get(be.ns) ?? `{${be.ns}}`);
  const style = be?.attrs.get('style');
  return { props: props({ portType: ref(b, 'type'), protocol, style, transport: be?.attrs.get('transport'), verb: be?.attrs.get('verb') }), operations };
}

export function parseWsdl(xml: string): WsdlModel {
  const root = parseRoot(xml);
  const m: WsdlModel = {
    targetNamespace: root.attrs.get('targetNamespace') ?? '',
    operations: new Map(), messages: new Map(), elements: new Map(), types: new Map(), bindings: new Map(), ports: new Map(),
  };
  parseSchemas(root, m);
  for (const msg of kids(root, NS.wsdl, 'message')) {
    const parts = kids(msg, NS.wsdl, 'part').map((p) => [nameOf(p), props({ element: ref(p, 'element'), type: ref(p, 'type') })] as const);
    m.messages.set(nameOf(msg), new Map(parts));
  }
  for (const pt of kids(root, NS.wsdl, 'portType')) {
    for (const op of kids(pt, NS.wsdl, 'operation')) {
      const io = (dir: string) => kids(op, NS.wsdl, dir).map((x) => ref(x, 'message'))[0];
      const faults = Object.fromEntries(kids(op, NS.wsdl, 'fault').map((f) => [`fault ${nameOf(f)}`, ref(f, 'message')]));
      m.operations.set(`${nameOf(pt)}.${nameOf(op)}`, props({ input: io('input'), output: io('output'), ...faults }));
    }
  }
  for (const b of kids(root, NS.wsdl, 'binding')) m.bindings.set(nameOf(b), parseBinding(b));
  for (const svc of kids(root, NS.wsdl, 'service')) {
    for (const p of kids(svc, NS.wsdl, 'port')) m.ports.set(`${nameOf(svc)}.${nameOf(p)}`, props({ binding: ref(p, 'binding') }));
  }
  return m;
}
