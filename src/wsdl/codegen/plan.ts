// From a service model to what the emitter writes: the document/literal
// operations of the SOAP bindings, and every type they reach, each with a
// TypeScript name. What the codec cannot carry faithfully (rpc style, SOAP
// headers, attributes, choice, wildcards, lists) leaves that operation out,
// with a warning saying why, rather than a codec that loses data.
import type { SoapVersion } from '../../soap/versions';
import { NS, type ElementDecl, type Field, type QName, type ServiceModel, type TypeDecl } from '../model';

const MS_TYPES = 'http://microsoft.com/wsdl/types/';

export type Builtin =
  | { kind: 'string' | 'boolean' | 'decimal' | 'double' | 'base64' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'long'; min?: bigint; max?: bigint }
  | { kind: 'lexical'; type: 'dateTime' | 'date' | 'time' | 'duration' | 'guid' };

export type TypeRef =
  { kind: 'builtin'; builtin: Builtin; xsd: string } | { kind: 'enum'; ident: string } | { kind: 'complex'; ident: string } | { kind: 'array'; ident: string };

export interface FieldPlan {
  /** The element's local name on the wire. */
  name: string;
  ns: string;
  min: number;
  many: boolean;
  nillable: boolean;
  type: TypeRef;
  /** For comments: the schema type as written, e.g. `s:string`. */
  schemaType: string;
}

export type TypePlan =
  | { kind: 'complex'; ident: string; doc: string; fields: FieldPlan[] }
  | { kind: 'enum'; ident: string; doc: string; values: string[] }
  | { kind: 'array'; ident: string; doc: string; item: FieldPlan };

export interface ElementPlan {
  name: string;
  ns: string;
  type: TypeRef;
  nillable: boolean;
}

export interface OperationPlan {
  name: string;
  ident: string;
  actions: Partial<Record<SoapVersion, string>>;
  input: ElementPlan;
  output?: ElementPlan;
}

export interface Plan {
  service: string;
  targetNamespace: string;
  operations: OperationPlan[];
  types: TypePlan[];
  /** Operations left out, and why. */
  warnings: string[];
}

export class CodegenError extends Error {
  override readonly name = 'CodegenError';
}

/** A construct the codec does not carry: the operation using it is left out. */
class Unsupported extends Error {}

const split = (q: QName) => ({ ns: q.slice(1, q.indexOf('}')), local: q.slice(q.indexOf('}') + 1) });
const NCNAME = /^[A-Za-z_\u00C0-\uFFFD][\w.\-\u00B7-\uFFFD]*$/u;
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null ' +
    'return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await ' +
    'any boolean number string symbol bigint object never unknown undefined rt service Record Uint8Array'
  ).split(' '),
);
// The emitter's own module-level names (see emit.ts): NS<n> constants, write_<T> and read_<T>
// functions, <T>_VALUES and <T>_FIELDS. A WSDL name shaped like one is moved out of their way.
const EMITTER_PREFIX = /^(?:NS\d+$|write(?:_|$)|read(?:_|$))/;
const EMITTER_SUFFIX = /_(?:VALUES|FIELDS)$/;

function builtin(q: QName): Builtin | undefined {
  const { ns, local } = split(q);
  if (ns === MS_TYPES) return local === 'guid' ? { kind: 'lexical', type: 'guid' } : local === 'char' ? { kind: 'int', min: 0, max: 65535 } : undefined;
  if (ns !== NS.xsd) return undefined;
  switch (local) {
    case 'string':
    case 'normalizedString':
    case 'token':
    case 'anyURI':
    case 'language':
    case 'Name':
    case 'NCName':
    case 'NMTOKEN':
    case 'ID':
    case 'IDREF':
    case 'QName':
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'byte':
      return { kind: 'int', min: -128, max: 127 };
    case 'unsignedByte':
      return { kind: 'int', min: 0, max: 255 };
    case 'short':
      return { kind: 'int', min: -32768, max: 32767 };
    case 'unsignedShort':
      return { kind: 'int', min: 0, max: 65535 };
    case 'int':
      return { kind: 'int', min: -2147483648, max: 2147483647 };
    case 'unsignedInt':
      return { kind: 'int', min: 0, max: 4294967295 };
    case 'long':
      return { kind: 'long', min: -(2n ** 63n), max: 2n ** 63n - 1n };
    case 'unsignedLong':
      return { kind: 'long', min: 0n, max: 2n ** 64n - 1n };
    case 'integer':
      return { kind: 'long' };
    case 'nonNegativeInteger':
      return { kind: 'long', min: 0n };
    case 'positiveInteger':
      return { kind: 'long', min: 1n };
    case 'nonPositiveInteger':
      return { kind: 'long', max: 0n };
    case 'negativeInteger':
      return { kind: 'long', max: -1n };
    case 'decimal':
      return { kind: 'decimal' };
    case 'float':
    case 'double':
      return { kind: 'double' };
    case 'dateTime':
    case 'date':
    case 'time':
    case 'duration':
      return { kind: 'lexical', type: local };
    case 'base64Binary':
      return { kind: 'base64' };
    default:
      return undefined;
  }
}

class Names {
  private readonly used = new Set<string>(RESERVED);

  take(wanted: string): string {
    let base = wanted.replace(/[^\w$]/gu, '_');
    if (!/^[A-Za-z_$]/.test(base) || EMITTER_PREFIX.test(base)) base = `_${base}`;
    if (EMITTER_SUFFIX.test(base)) base = `${base}_`;
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }
}

class Planner {
  readonly types: TypePlan[] = [];
  private readonly names = new Names();
  private readonly byQName = new Map<string, TypeRef>();
  /** Elements of an anonymous type, planned once, so an element that holds itself (a tree) ends. */
  private readonly byElement = new Map<string, TypeRef>();
  /** The simple types being resolved, to name a cycle of restrictions rather than recurse forever. */
  private readonly deriving: QName[] = [];

  constructor(private readonly model: ServiceModel) {}

  private pretty(q: QName): string {
    const { ns, local } = split(q);
    return ns === NS.xsd ? `s:${local}` : ns === this.model.targetNamespace ? `tns:${local}` : q;
  }

  element(q: QName): ElementPlan {
    const decl = this.model.elements[q];
    if (!decl) throw new CodegenError(`the element ${q} is not declared in the WSDL's schemas`);
    checkName(decl.name);
    return { name: decl.name, ns: decl.namespace, nillable: decl.nillable, type: this.elementType(decl) };
  }

  private elementType(decl: ElementDecl): TypeRef {
    if (!decl.anonymous) return this.named(decl.type!);
    const q = `{${decl.namespace}}${decl.name}`;
    const known = this.byElement.get(q);
    if (known) return known;
    return this.anonymous(decl.anonymous, `${decl.name}Element`, `the content of element ${this.pretty(q)}`, (ref) => this.byElement.set(q, ref));
  }

  private cycle(chain: QName[], back: QName): CodegenError {
    return new CodegenError(`the schema derives a type from itself: ${[...chain.slice(chain.indexOf(back)), back].map((t) => this.pretty(t)).join(' -> ')}`);
  }

  private named(q: QName): TypeRef {
    const b = builtin(q);
    if (b) return { kind: 'builtin', builtin: b, xsd: this.pretty(q) };
    const known = this.byQName.get(q);
    if (known) return known;
    const decl = this.model.types[q];
    if (!decl) throw new Unsupported(`the type ${this.pretty(q)} is not one the codec knows (not declared in the WSDL, nor an XSD type it maps)`);
    const { local } = split(q);
    if (decl.kind === 'simple') return this.simple(q, decl, local);
    const item = arrayItem(decl);
    if (item) {
      const ref: TypeRef = { kind: 'array', ident: this.names.take(local) };
      this.byQName.set(q, ref);
      this.types.push({ kind: 'array', ident: ref.ident, doc: this.pretty(q), item: this.field(item) });
      return ref;
    }
    return this.anonymous(decl, local, this.pretty(q), (ref) => this.byQName.set(q, ref), q);
  }

  private simple(q: QName, decl: TypeDecl, local: string): TypeRef {
    if (decl.list) throw new Unsupported(`${this.pretty(q)} is an xsd:list (a [Flags] enum), which the codec does not carry`);
    const values = decl.facets.enumeration;
    if (values) {
      const ref: TypeRef = { kind: 'enum', ident: this.names.take(local) };
      this.byQName.set(q, ref);
      this.types.push({ kind: 'enum', ident: ref.ident, doc: this.pretty(q), values });
      return ref;
    }
    if (!decl.base) throw new Unsupported(`${this.pretty(q)} is a simple type without a base the codec knows`);
    if (this.deriving.includes(q)) throw this.cycle(this.deriving, q);
    this.deriving.push(q);
    const base = this.named(decl.base);
    this.deriving.pop();
    this.byQName.set(q, base);
    return base;
  }

  /** `remember` records the type before its fields are planned, so a field of its own type refers back to it. */
  private anonymous(decl: TypeDecl, wanted: string, doc: string, remember?: (ref: TypeRef) => void, q?: QName): TypeRef {
    checkName(wanted);
    const ref: TypeRef = { kind: 'complex', ident: this.names.take(wanted) };
    remember?.(ref);
    const plan: TypePlan = { kind: 'complex', ident: ref.ident, doc, fields: [] };
    this.types.push(plan);
    for (const f of this.allFields(decl, doc, q ? [q] : [])) plan.fields.push(this.field(f, ref.ident));
    return ref;
  }

  /** The base types' fields, then the type's own; `chain` is the types extended so far, to catch a cycle. */
  private allFields(decl: TypeDecl, doc: string, chain: QName[]): Field[] {
    if (decl.attributes.length > 0) throw new Unsupported(`${doc} has XML attributes, which the codec does not carry`);
    if (decl.mixed) throw new Unsupported(`${doc} has mixed content`);
    const own = decl.fields;
    for (const f of own) {
      if (f.kind === 'any') throw new Unsupported(`${doc} has a wildcard (xsd:any), which the codec does not carry`);
      if (f.compositor !== 'sequence') throw new Unsupported(`${doc} has an xsd:${f.compositor}, which the codec does not carry`);
    }
    if (!decl.base || decl.base === `{${NS.xsd}}anyType`) return own;
    if (decl.derivation !== 'extension') throw new Unsupported(`${doc} restricts a complex type, which the codec does not carry`);
    if (chain.includes(decl.base)) throw this.cycle(chain, decl.base);
    const base = this.model.types[decl.base];
    if (!base || base.kind !== 'complex') throw new Unsupported(`${doc} extends ${this.pretty(decl.base)}, which is not a complex type of the WSDL`);
    return [...this.allFields(base, this.pretty(decl.base), [...chain, decl.base]), ...own];
  }

  private field(f: Field, owner = ''): FieldPlan {
    let name = f.name;
    let ns = f.namespace;
    let type: TypeRef;
    let schemaType: string;
    let nillable = f.nillable;
    if (f.ref) {
      const target = this.model.elements[f.ref];
      if (!target) throw new Unsupported(`the element ${this.pretty(f.ref)} referred to is not declared`);
      ({ name, namespace: ns } = target);
      nillable ||= target.nillable;
      type = this.elementType(target);
      schemaType = target.type ? this.pretty(target.type) : `ref ${this.pretty(f.ref)}`;
    } else if (f.anonymous) {
      type = this.anonymous(f.anonymous, `${owner}${name[0].toUpperCase()}${name.slice(1)}`, `the content of ${owner}.${name}`);
      schemaType = '(anonymous type)';
    } else {
      type = this.named(f.type!);
      schemaType = this.pretty(f.type!);
    }
    checkName(name);
    return { name, ns, min: f.minOccurs, many: f.maxOccurs === 'unbounded' || f.maxOccurs > 1, nillable, type, schemaType };
  }

  operationIdent(name: string): string {
    return this.names.take(name);
  }
}

/** `ArrayOfX` as ASMX writes it: one repeated element and nothing else. */
function arrayItem(decl: TypeDecl): Field | undefined {
  if (decl.base || decl.attributes.length > 0 || decl.fields.length !== 1) return undefined;
  const [only] = decl.fields;
  return only.kind === 'element' && only.compositor === 'sequence' && (only.maxOccurs === 'unbounded' || only.maxOccurs > 1) ? only : undefined;
}

function checkName(name: string): void {
  if (!NCNAME.test(name)) throw new CodegenError(`${JSON.stringify(name)} is not an XML name: the WSDL is not one a codec can be generated from`);
  if (name === '__proto__') throw new CodegenError('a field named __proto__ cannot be a property');
}

const ACTION = /^[\x21\x23-\x5b\x5d-\x7e]*$/;

interface Raw {
  name: string;
  input: QName;
  output?: QName;
  actions: Partial<Record<SoapVersion, string>>;
}

/** The document/literal operations of the model's SOAP 1.1 and 1.2 bindings. */
function rawOperations(model: ServiceModel, warnings: string[]): Raw[] {
  const out = new Map<string, Raw>();
  for (const [bindingName, binding] of Object.entries(model.bindings)) {
    const version: SoapVersion | undefined = binding.protocol === 'soap' ? '1.1' : binding.protocol === 'soap12' ? '1.2' : undefined;
    if (!version) continue;
    const { ns, local: portType } = split(binding.portType);
    const ops = ns === model.targetNamespace ? model.portTypes[portType] : undefined;
    if (!ops) throw new CodegenError(`the binding ${bindingName} names the port type ${binding.portType}, which the WSDL does not declare`);
    for (const [name, bop] of Object.entries(binding.operations)) {
      const style = bop.style ?? binding.style ?? 'document';
      const skip = (why: string) => warnings.push(`${name} (SOAP ${version}) left out: ${why}`);
      if (style !== 'document') skip(`it is ${style} style; only document/literal is generated`);
      else if ((bop.inputUse ?? 'literal') !== 'literal' || (bop.outputUse ?? 'literal') !== 'literal')
        skip('it is encoded; only document/literal is generated');
      else if (bop.headers.length > 0) skip('it uses SOAP headers, which the codec does not write');
      else if (bop.soapAction !== undefined && !ACTION.test(bop.soapAction)) skip('its soapAction holds characters an HTTP header cannot carry quoted');
      else {
        const decl = ops[name];
        if (!decl?.input) {
          skip('the port type has no input for it');
          continue;
        }
        const part = (message: QName | undefined, dir: string): QName | undefined => {
          if (message === undefined) return undefined;
          const parts = split(message).ns === model.targetNamespace ? model.messages[split(message).local] : undefined;
          if (!parts || parts.length !== 1 || !parts[0].element) throw new Unsupported(`its ${dir} message is not one element part (document/literal)`);
          return parts[0].element;
        };
        try {
          const raw = out.get(name) ?? { name, input: part(decl.input, 'input')!, output: part(decl.output, 'output'), actions: {} };
          raw.actions[version] = bop.soapAction ?? '';
          out.set(name, raw);
        } catch (error) {
          if (!(error instanceof Unsupported)) throw error;
          skip(error.message);
        }
      }
    }
  }
  return [...out.values()];
}

export function planCodec(model: ServiceModel, service: string): Plan {
  const warnings: string[] = [];
  const raws = rawOperations(model, warnings);
  // A first pass finds the operations whose types the codec carries; the second plans only those.
  const supported = raws.filter((raw) => {
    try {
      const trial = new Planner(model);
      trial.element(raw.input);
      if (raw.output) trial.element(raw.output);
      return true;
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      warnings.push(`${raw.name} left out: ${error.message}`);
      return false;
    }
  });
  if (supported.length === 0)
    throw new CodegenError(`the WSDL has no document/literal SOAP operation the codec can carry${warnings.length ? `:\n  ${warnings.join('\n  ')}` : ''}`);
  const planner = new Planner(model);
  const operations = supported.map((raw) => ({
    name: raw.name,
    ident: planner.operationIdent(raw.name),
    actions: raw.actions,
    input: planner.element(raw.input),
    ...(raw.output && { output: planner.element(raw.output) }),
  }));
  return { service, targetNamespace: model.targetNamespace, operations, types: planner.types, warnings };
}
