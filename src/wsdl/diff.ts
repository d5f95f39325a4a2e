/**
 * Semantic WSDL 1.1 diff: compares two documents via the normalized model in ./model.ts,
 * so formatting, attribute order, prefix choice, declaration order and service addresses
 * never show up as changes. Used by the `wsdl:check` script against a committed snapshot.
 */
import { NS, parseWsdl, type Props, type XsdDecl } from './model';

export { WsdlParseError } from './model';

export type WsdlChangeKind = 'added' | 'removed' | 'changed';
export type WsdlChangeArea = 'operation' | 'message' | 'type' | 'field' | 'binding' | 'port';

export interface WsdlChange {
  kind: WsdlChangeKind;
  area: WsdlChangeArea;
  /** e.g. `AuthenticationSoap.SSORequest`, `type SSORequestInput`, `SSORequestInput.UserName`. */
  path: string;
  /** Human-readable specifics; '' when the kind and path say it all. */
  detail: string;
}

const AREA_ORDER: readonly WsdlChangeArea[] = ['operation', 'message', 'type', 'field', 'binding', 'port'];
const SYMBOL: Record<WsdlChangeKind, string> = { added: '+', removed: '-', changed: '~' };

/** Shows Clark-notation QNames `{uri}local` with conventional prefixes (`s:` is what .NET uses for XSD). */
function prettifier(tns: string): (value: string | undefined) => string {
  const prefixes = new Map<string, string>([
    [NS.xsd, 's'], [NS.wsdl, 'wsdl'], [NS.soap, 'soap'], [NS.soap12, 'soap12'], [NS.http, 'http'], [tns, 'tns'],
  ]);
  const short = (m: string, uri: string) => (prefixes.has(uri) ? `${prefixes.get(uri)}:` : m);
  return (value) => (value === undefined ? '(none)' : value.replace(/\{([^{}]*)\}/g, short));
}

/** Visits every key of either map with its old and new value (undefined when absent). */
function eachKey<T>(
  a: Map<string, T>,
  b: Map<string, T>,
  visit: (key: string, oldV: T | undefined, newV: T | undefined) => void,
): void {
  for (const key of new Set([...a.keys(), ...b.keys()])) visit(key, a.get(key), b.get(key));
}

const byCodeUnit = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

export function diffWsdl(oldXml: string, newXml: string): WsdlChange[] {
  const a = parseWsdl(oldXml);
  const b = parseWsdl(newXml);
  const pretty = prettifier(a.targetNamespace);
  const out: WsdlChange[] = [];
  const push = (kind: WsdlChangeKind, area: WsdlChangeArea, path: string, detail = ''): void => {
    out.push({ kind, area, path, detail });
  };
  const describe = (p: Props): string => [...p].map(([k, v]) => `${k} ${pretty(v)}`).join(', ');
  const propDiffs = (x: Props, y: Props): string[] =>
    [...new Set([...x.keys(), ...y.keys()])]
      .sort(byCodeUnit)
      .filter((k) => x.get(k) !== y.get(k))
      .map((k) => `${k} ${pretty(x.get(k))} -> ${pretty(y.get(k))}`);
  /** Standard add/remove/change handling for flat keyed entries. */
  const diffFlat = (area: WsdlChangeArea, x: Map<string, Props>, y: Map<string, Props>, prefix = '', addedDetail = false): void =>
    eachKey(x, y, (key, o, n) => {
      if (!o) push('added', area, prefix + key, addedDetail && n ? describe(n) : '');
      else if (!n) push('removed', area, prefix + key);
      else for (const d of propDiffs(o, n)) push('changed', area, prefix + key, d);
    });

  diffFlat('operation', a.operations, b.operations);

  eachKey(a.messages, b.messages, (name, o, n) => {
    if (!o) return push('added', 'message', name);
    if (!n) return push('removed', 'message', name);
    eachKey(o, n, (part, op, np) => {
      if (!op) push('changed', 'message', name, `part ${part} added (${describe(np!)})`);
      else if (!np) push('changed', 'message', name, `part ${part} removed`);
      else for (const d of propDiffs(op, np)) push('changed', 'message', name, `part ${part}: ${d}`);
    });
  });

  const diffDecls = (kind: 'element' | 'type', x: Map<string, XsdDecl>, y: Map<string, XsdDecl>): void =>
    eachKey(x, y, (name, o, n) => {
      const path = `${kind} ${name}`;
      if (!o) return push('added', 'type', path);
      if (!n) return push('removed', 'type', path);
      for (const d of propDiffs(o.props, n.props)) push('changed', 'type', path, d);
      // Type fields read as `Type.field`; element fields get an `element ` prefix to keep them apart.
      diffFlat('field', o.fields, n.fields, kind === 'element' ? `element ${name}.` : `${name}.`, true);
      const common = (order: string[], other: Map<string, Props>) => order.filter((f) => other.has(f)).join(', ');
      const before = common(o.order, n.fields);
      const after = common(n.order, o.fields);
      if (before !== after) push('changed', 'type', path, `field order ${before} -> ${after}`);
    });
  diffDecls('element', a.elements, b.elements);
  diffDecls('type', a.types, b.types);

  eachKey(a.bindings, b.bindings, (name, o, n) => {
    if (!o) return push('added', 'binding', name);
    if (!n) return push('removed', 'binding', name);
    for (const d of propDiffs(o.props, n.props)) push('changed', 'binding', name, d);
    diffFlat('binding', o.operations, n.operations, `${name}.`);
  });

  diffFlat('port', a.ports, b.ports);

  const rank = (c: WsdlChange) => AREA_ORDER.indexOf(c.area);
  return out.sort(
    (x, y) => rank(x) - rank(y) || byCodeUnit(x.path, y.path) || byCodeUnit(x.kind, y.kind) || byCodeUnit(x.detail, y.detail),
  );
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
