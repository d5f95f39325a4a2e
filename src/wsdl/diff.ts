/**
 * Semantic diff of two service models (./model.ts): what `wsdl check` reports.
 * Each side's QNames are shown relative to its own target namespace (`tns:`),
 * so a service that moved to a new namespace reads as one namespace change,
 * while every change of a name, type, occurrence, order, form or action shows.
 */
import { NS, readServiceModel, type Field, type ServiceModel, type TypeDecl } from './model';

export { WsdlParseError } from './model';

export type WsdlChangeKind = 'added' | 'removed' | 'changed';
export type WsdlChangeArea = 'namespace' | 'operation' | 'message' | 'type' | 'field' | 'binding' | 'port';

export interface WsdlChange {
  kind: WsdlChangeKind;
  area: WsdlChangeArea;
  /** e.g. `AuthenticationSoap.SSORequest`, `type SSORequestInput`, `SSORequestInput.UserName`. */
  path: string;
  /** Human-readable specifics; '' when the kind and path say it all. */
  detail: string;
}

/** Comparable attributes of one entry, in display order; absent ones are missing. */
type Props = Map<string, string>;

interface Decl {
  props: Props;
  /** Fields by name (nested anonymous types as `outer.inner`, attributes as `@name`). */
  fields: Map<string, Props>;
  order: string[];
}

interface Flat {
  namespace: Map<string, Props>;
  operations: Map<string, Props>;
  messages: Map<string, Map<string, Props>>;
  elements: Map<string, Decl>;
  types: Map<string, Decl>;
  bindings: Map<string, { props: Props; operations: Map<string, Props> }>;
  ports: Map<string, Props>;
}

const AREA_ORDER: readonly WsdlChangeArea[] = ['namespace', 'operation', 'message', 'type', 'field', 'binding', 'port'];
const SYMBOL: Record<WsdlChangeKind, string> = { added: '+', removed: '-', changed: '~' };

function props(entries: Record<string, string | number | boolean | undefined>): Props {
  return new Map(
    Object.entries(entries)
      .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}

/** Shows `{uri}local` with conventional prefixes (`s:` is what .NET uses for XSD), `tns:` for this model's own namespace. */
function prettifier(tns: string): (value: string | undefined) => string | undefined {
  const prefixes = new Map<string, string>([
    [NS.xsd, 's'],
    [NS.wsdl, 'wsdl'],
    [NS.soap, 'soap'],
    [NS.soap12, 'soap12'],
    [NS.http, 'http'],
    [tns, 'tns'],
  ]);
  return (value) => value?.replace(/\{([^{}]*)\}/g, (m, uri: string) => (prefixes.has(uri) ? `${prefixes.get(uri)}:` : m));
}

function flatten(m: ServiceModel): Flat {
  const pretty = prettifier(m.targetNamespace);
  const key = (qname: string) => pretty(qname)!.replace(/^tns:/, '');
  const namespace = new Map<string, Props>([['targetNamespace', props({ uri: m.targetNamespace })]]);
  for (const s of m.schemas) {
    namespace.set(
      `schema ${s.targetNamespace === m.targetNamespace ? 'tns' : s.targetNamespace}`,
      props({ targetNamespace: s.targetNamespace, elementFormDefault: s.elementFormDefault, attributeFormDefault: s.attributeFormDefault }),
    );
  }

  const forms = new Map(m.schemas.map((s) => [s.targetNamespace, s.elementFormDefault]));
  const decl = (qname: string, own: Record<string, string | boolean | undefined>, type: TypeDecl | undefined): Decl => {
    const d: Decl = { props: props(own), fields: new Map(), order: [] };
    const schema = qname.slice(1, qname.indexOf('}'));
    if (type) addType(d, type, '', forms.get(schema) === 'qualified' ? schema : '');
    return d;
  };
  const addType = (d: Decl, t: TypeDecl, prefix: string, defaultNs: string): void => {
    if (t.base) d.props.set(prefix + (t.derivation ?? 'restriction'), pretty(t.base)!);
    if (t.list) d.props.set(`${prefix}list`, pretty(t.list)!);
    for (const [facet, values] of Object.entries(t.facets)) d.props.set(prefix + facet, values.join('|'));
    for (const f of t.fields) addField(d, f, prefix, defaultNs);
    for (const a of t.attributes) {
      d.fields.set(`${prefix}@${a.name}`, props({ type: pretty(a.type), use: a.use }));
      d.order.push(`${prefix}@${a.name}`);
    }
  };
  const addField = (d: Decl, f: Field, prefix: string, defaultNs: string): void => {
    const name = prefix + (f.kind === 'any' ? '*any' : f.name);
    const p =
      f.kind === 'any'
        ? props({ namespace: f.namespace, minOccurs: f.minOccurs, maxOccurs: f.maxOccurs })
        : props({
            type: f.ref ? `ref ${pretty(f.ref)}` : f.anonymous ? '(anonymous)' : pretty(f.type),
            minOccurs: f.minOccurs,
            maxOccurs: f.maxOccurs,
            nillable: f.nillable,
            // A form= that departs from the schema's elementFormDefault (which the namespace area reports).
            form: f.ref || f.namespace === defaultNs ? undefined : f.namespace ? `qualified ${pretty(`{${f.namespace}}`)}` : 'unqualified',
            compositor: f.compositor === 'sequence' ? undefined : f.compositor,
          });
    d.fields.set(name, p);
    d.order.push(name);
    if (f.anonymous) addType(d, f.anonymous, `${name}.`, defaultNs);
  };

  const operations = new Map<string, Props>();
  for (const [pt, ops] of Object.entries(m.portTypes)) {
    for (const [name, op] of Object.entries(ops)) {
      const faults = Object.fromEntries(Object.entries(op.faults).map(([f, msg]) => [`fault ${f}`, pretty(msg)]));
      operations.set(`${pt}.${name}`, props({ input: pretty(op.input), output: pretty(op.output), ...faults }));
    }
  }
  const messages = new Map(
    Object.entries(m.messages).map(([name, parts]) => [name, new Map(parts.map((p) => [p.name, props({ element: pretty(p.element), type: pretty(p.type) })]))]),
  );
  const elements = new Map(
    Object.entries(m.elements).map(([q, e]) => [
      key(q),
      decl(q, { type: pretty(e.type), nillable: e.nillable, abstract: e.abstract || undefined }, e.anonymous),
    ]),
  );
  const types = new Map(
    Object.entries(m.types).map(([q, t]) => [
      key(q),
      decl(q, { kind: t.kind === 'simple' ? 'simpleType' : 'complexType', abstract: t.abstract || undefined, mixed: t.mixed || undefined }, t),
    ]),
  );
  const bindings = new Map(
    Object.entries(m.bindings).map(([name, b]) => [
      name,
      {
        props: props({ portType: pretty(b.portType), protocol: b.protocol, style: b.style, transport: b.transport, verb: b.verb }),
        operations: new Map(
          Object.entries(b.operations).map(([op, o]) => [
            op,
            props({
              soapAction: o.soapAction,
              style: o.style,
              location: o.location,
              inputUse: o.inputUse,
              outputUse: o.outputUse,
              headers: o.headers.length ? pretty(o.headers.join(', ')) : undefined,
            }),
          ]),
        ),
      },
    ]),
  );
  const ports = new Map(
    Object.entries(m.services).flatMap(([svc, p]) =>
      Object.entries(p).map(([port, binding]) => [`${svc}.${port}`, props({ binding: pretty(binding) })] as const),
    ),
  );
  return { namespace, operations, messages, elements, types, bindings, ports };
}

/** Visits every key of either map with its old and new value (undefined when absent). */
function eachKey<T>(a: Map<string, T>, b: Map<string, T>, visit: (key: string, oldV: T | undefined, newV: T | undefined) => void): void {
  for (const key of new Set([...a.keys(), ...b.keys()])) visit(key, a.get(key), b.get(key));
}

const byCodeUnit = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const show = (key: string, v: string | undefined) => (v !== undefined ? v : key === 'form' ? '(schema default)' : '(none)');

/** The changes from service model `a` to `b`. */
export function diffModels(a: ServiceModel, b: ServiceModel): WsdlChange[] {
  const x = flatten(a);
  const y = flatten(b);
  const out: WsdlChange[] = [];
  const push = (kind: WsdlChangeKind, area: WsdlChangeArea, path: string, detail = '') => out.push({ kind, area, path, detail });
  const describe = (p: Props) => [...p].map(([k, v]) => `${k} ${v}`).join(', ');
  const propDiffs = (o: Props, n: Props) =>
    [...new Set([...o.keys(), ...n.keys()])]
      .sort(byCodeUnit)
      .filter((k) => o.get(k) !== n.get(k))
      .map((k) => `${k} ${show(k, o.get(k))} -> ${show(k, n.get(k))}`);
  const diffFlat = (area: WsdlChangeArea, o: Map<string, Props>, n: Map<string, Props>, prefix = '', addedDetail = false) =>
    eachKey(o, n, (key, ov, nv) => {
      if (!ov) push('added', area, prefix + key, addedDetail && nv ? describe(nv) : '');
      else if (!nv) push('removed', area, prefix + key);
      else for (const d of propDiffs(ov, nv)) push('changed', area, prefix + key, d);
    });

  diffFlat('namespace', x.namespace, y.namespace, '', true);
  diffFlat('operation', x.operations, y.operations);
  eachKey(x.messages, y.messages, (name, o, n) => {
    if (!o) return push('added', 'message', name);
    if (!n) return push('removed', 'message', name);
    eachKey(o, n, (part, op, np) => {
      if (!op) push('changed', 'message', name, `part ${part} added (${describe(np!)})`);
      else if (!np) push('changed', 'message', name, `part ${part} removed`);
      else for (const d of propDiffs(op, np)) push('changed', 'message', name, `part ${part}: ${d}`);
    });
  });
  const diffDecls = (kind: 'element' | 'type', o: Map<string, Decl>, n: Map<string, Decl>) =>
    eachKey(o, n, (name, od, nd) => {
      const path = `${kind} ${name}`;
      if (!od) return push('added', 'type', path);
      if (!nd) return push('removed', 'type', path);
      for (const d of propDiffs(od.props, nd.props)) push('changed', 'type', path, d);
      // Type fields read as `Type.field`; element fields get an `element ` prefix to keep them apart.
      diffFlat('field', od.fields, nd.fields, kind === 'element' ? `element ${name}.` : `${name}.`, true);
      const common = (order: string[], other: Map<string, Props>) => order.filter((f) => other.has(f)).join(', ');
      const before = common(od.order, nd.fields);
      const after = common(nd.order, od.fields);
      if (before !== after) push('changed', 'type', path, `field order ${before} -> ${after}`);
    });
  diffDecls('element', x.elements, y.elements);
  diffDecls('type', x.types, y.types);
  eachKey(x.bindings, y.bindings, (name, o, n) => {
    if (!o) return push('added', 'binding', name);
    if (!n) return push('removed', 'binding', name);
    for (const d of propDiffs(o.props, n.props)) push('changed', 'binding', name, d);
    diffFlat('binding', o.operations, n.operations, `${name}.`);
  });
  diffFlat('port', x.ports, y.ports);

  const rank = (c: WsdlChange) => AREA_ORDER.indexOf(c.area);
  return out.sort((p, q) => rank(p) - rank(q) || byCodeUnit(p.path, q.path) || byCodeUnit(p.kind, q.kind) || byCodeUnit(p.detail, q.detail));
}

/** The changes from one WSDL document to another. */
export function diffWsdl(oldXml: string, newXml: string): WsdlChange[] {
  return diffModels(readServiceModel(oldXml), readServiceModel(newXml));
}

/** One line per change: `+ operation X`, `- type Y`, `~ field T.f: type s:string -> s:int`. */
export function formatWsdlChanges(changes: WsdlChange[]): string {
  if (changes.length === 0) return 'No semantic WSDL changes.';
  return changes
    .map((c) => {
      // Type paths already start with `element`/`type`, so the area word would only repeat it.
      const subject = c.area === 'type' ? c.path : `${c.area} ${c.path}`;
      return `${SYMBOL[c.kind]} ${subject}${c.detail ? `: ${c.detail}` : ''}`;
    })
    .join('\n');
}
