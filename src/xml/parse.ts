// The one XML reader of this package: SOAP answers and faults, IQ Reseller XML
// answers, WSDLs. A strict XML 1.0 + Namespaces reader that never expands an
// entity: a DTD is refused outright (no billion laughs, no XXE), only the five
// predefined entities and character references are decoded, and every way a
// document can be broken or hostile (two roots, deep nesting, too many
// attributes, characters XML cannot carry, `__proto__` as a name) ends as an
// XmlRefusedError, never as another exception. Callers turn that into an
// IqProtocolError with their context. Answers are read after the call's timeout
// has stopped counting, so the limits, not a clock, bound the work.
import { NamespaceScope } from './scope';

export type XmlRefusal = 'dtd' | 'malformed' | 'limit';

export class XmlRefusedError extends Error {
  override readonly name = 'XmlRefusedError';

  constructor(
    message: string,
    /** Why: a DTD, a document that is not well-formed, or one past a limit (depth, names). */
    readonly reason: XmlRefusal = 'malformed',
  ) {
    super(message);
  }
}

/** An element, its namespace resolved. Text children are strings (adjacent text and CDATA joined). */
export interface XmlElement {
  /** The name as written, prefix included. */
  readonly name: string;
  /** Namespace URI, '' for none. */
  readonly ns: string;
  readonly local: string;
  /** Attribute values by `{ns}local` (plain `local` when unprefixed); namespace declarations left out. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: ReadonlyArray<XmlElement | string>;
  /** The namespaces in scope, by prefix ('' for the default): to resolve QNames in attribute values (WSDL, xsi:type). */
  readonly scope: ReadonlyMap<string, string>;
}

export interface ReadXmlOptions {
  /** Deepest element nesting accepted. Default 100. */
  maxDepth?: number;
  /** Most attributes on one element, namespace declarations included. Default 256. */
  maxAttributes?: number;
  /** Most namespace declarations on one element. Default 64. */
  maxNamespaceDeclarations?: number;
}

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
const ROOT_SCOPE = new NamespaceScope(new Map([['xml', XML_NAMESPACE]]));

/** Characters XML 1.0 cannot carry, literally or as a character reference (lone surrogates included). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
// eslint-disable-next-line no-misleading-character-class -- XML's NameChar holds the combining marks U+0300-U+036F as a range, on purpose.
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'uy');
const XML_DECLARATION =
  /<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/y;
const DTD_DECLARATION = /^<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/;
const REFERENCE = /&([^;&]*);?/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Open {
  name: string;
  ns: string;
  local: string;
  attributes: ReadonlyMap<string, string>;
  children: Array<XmlElement | string>;
  scope: NamespaceScope;
}

/** Reads one XML document into its root element; throws XmlRefusedError for anything else. */
export function readXml(source: string, options: ReadXmlOptions = {}): XmlElement {
  if (typeof source !== 'string') throw new XmlRefusedError('the document is not text');
  const limits = {
    maxDepth: options.maxDepth ?? 100,
    maxAttributes: options.maxAttributes ?? 256,
    maxNamespaceDeclarations: options.maxNamespaceDeclarations ?? 64,
  };
  return new Reader(source, limits).document();
}

class Reader {
  private pos = 0;
  private readonly stack: Open[] = [];
  private root: XmlElement | undefined;

  constructor(
    private readonly src: string,
    private readonly limits: Required<ReadXmlOptions>,
  ) {}

  document(): XmlElement {
    const src = this.src;
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
    const bad = NOT_XML_CHAR.exec(src);
    if (bad) this.fail(`the character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);
    XML_DECLARATION.lastIndex = this.pos;
    if (XML_DECLARATION.test(src)) this.pos = XML_DECLARATION.lastIndex;
    else if (src.startsWith('<?xml', this.pos) && /^<\?xml[\s?]/.test(src.slice(this.pos, this.pos + 6))) this.fail('the XML declaration is malformed');
    while (this.pos < src.length) {
      const lt = src.indexOf('<', this.pos);
      const end = lt < 0 ? src.length : lt;
      if (this.stack.length > 0) this.text(end);
      else if (!isWhitespace(src, this.pos, end)) this.fail('Data at the root level is invalid');
      this.pos = end;
      if (lt >= 0) this.markup();
    }
    if (this.stack.length > 0) this.fail(`the document ends before </${this.stack[this.stack.length - 1].name}>: it is truncated`);
    if (!this.root) this.fail(src.trim() === '' ? 'the document is empty' : 'Root element is missing');
    return this.root;
  }

  private markup(): void {
    const src = this.src;
    const at = this.pos;
    const next = src.charCodeAt(at + 1);
    if (next === 0x2f /* / */) return this.endTag();
    if (next === 0x3f /* ? */)
      return this.skipUntil('?>', 'processing instruction', (body) => {
        if (/^xml(?:[\s?]|$)/i.test(body.slice(2))) this.fail('an XML declaration is allowed only at the start', at);
      });
    if (next === 0x21 /* ! */) {
      if (src.startsWith('<!--', at)) {
        return this.skipUntil('-->', 'comment', (body) => {
          if (body.slice(4).includes('--')) this.fail("'--' is not allowed inside a comment", at);
        });
      }
      if (src.startsWith('<![CDATA[', at)) {
        if (this.stack.length === 0) this.fail('a CDATA section is not allowed outside the root element');
        const end = src.indexOf(']]>', at + 9);
        if (end < 0) this.fail('a CDATA section is not closed: the document is truncated');
        this.appendText(normalizeLineEnds(src.slice(at + 9, end)));
        this.pos = end + 3;
        return;
      }
      if (DTD_DECLARATION.test(src.slice(at, at + 10)))
        throw new XmlRefusedError('the document carries a DTD (<!DOCTYPE or a markup declaration), which is never accepted', 'dtd');
      this.fail('unexpected markup declaration');
    }
    this.startTag();
  }

  private startTag(): void {
    const src = this.src;
    if (this.root && this.stack.length === 0) this.fail('There are multiple root elements');
    this.pos++;
    const name = this.name('element name');
    // Attributes as written, in order; a name given twice is refused on the spot.
    let raw: Map<string, string> | undefined;
    let declarations = 0;
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipWhitespace();
      const c = src.charCodeAt(this.pos);
      if (c === 0x3e /* > */) {
        this.pos++;
        break;
      }
      if (c === 0x2f /* / */ && src.charCodeAt(this.pos + 1) === 0x3e) {
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (Number.isNaN(c)) this.fail(`the start tag <${name}> is not closed: the document is truncated`);
      if (!spaced) this.fail(`unexpected character in the start tag <${name}>`);
      const attribute = this.name('attribute name');
      // Refused as soon as a cap is passed, before more of the tag is read.
      if (raw && raw.size >= this.limits.maxAttributes) this.limit(`the element <${name}> has more than ${this.limits.maxAttributes} attributes`);
      if (isDeclaration(attribute) && ++declarations > this.limits.maxNamespaceDeclarations)
        this.limit(`the element <${name}> has more than ${this.limits.maxNamespaceDeclarations} namespace declarations`);
      this.skipWhitespace();
      if (src.charCodeAt(this.pos) !== 0x3d /* = */) this.fail(`the attribute ${attribute} has no value`);
      this.pos++;
      this.skipWhitespace();
      const quote = src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`the value of the attribute ${attribute} is not quoted`);
      const close = src.indexOf(quote, this.pos + 1);
      if (close < 0) this.fail(`the value of the attribute ${attribute} is not closed: the document is truncated`);
      const value = src.slice(this.pos + 1, close);
      if (value.includes('<')) this.fail(`'<' is not allowed in the value of the attribute ${attribute}`);
      raw ??= new Map();
      if (raw.has(attribute)) this.fail(`the attribute ${attribute} is given twice`);
      raw.set(attribute, this.decode(normalizeLineEnds(value).replace(/[\t\n]/g, ' '), this.pos));
      this.pos = close + 1;
    }
    this.open(name, raw, selfClosing);
  }

  private open(name: string, raw: ReadonlyMap<string, string> | undefined, selfClosing: boolean): void {
    const parent = this.stack[this.stack.length - 1];
    let scope = parent ? parent.scope : ROOT_SCOPE;
    let attributes = NO_ATTRIBUTES;
    if (raw) {
      let declared: Map<string, string> | undefined;
      for (const [attribute, value] of raw) {
        if (!isDeclaration(attribute)) continue;
        const prefix = attribute === 'xmlns' ? '' : attribute.slice(6);
        if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NAMESPACE) || value === XMLNS_NAMESPACE)
          this.fail(`the namespace declaration ${attribute} is not allowed`);
        if (prefix !== '' && value === '') this.fail(`the prefix ${prefix} cannot be bound to no namespace`);
        (declared ??= new Map()).set(prefix, value);
      }
      // Only an element that declares something gets a scope of its own, linked to its parent's.
      if (declared) scope = new NamespaceScope(declared, scope);
      const resolved = new Map<string, string>();
      for (const [attribute, value] of raw) {
        if (isDeclaration(attribute)) continue;
        const { ns, local } = this.resolve(attribute, scope, false);
        const key = ns ? `{${ns}}${local}` : local;
        if (resolved.has(key)) this.fail(`the attribute ${key} is given twice`);
        resolved.set(key, value);
      }
      if (resolved.size > 0) attributes = resolved;
    }
    const { ns, local } = this.resolve(name, scope, true);
    if (this.stack.length >= this.limits.maxDepth) this.limit(`the document nests elements deeper than ${this.limits.maxDepth} levels`);
    const element: Open = { name, ns, local, attributes, children: [], scope };
    if (selfClosing) this.close(element);
    else this.stack.push(element);
  }

  private endTag(): void {
    const at = this.pos;
    this.pos += 2;
    const name = this.name('element name');
    this.skipWhitespace();
    if (this.src.charCodeAt(this.pos) !== 0x3e)
      this.fail(Number.isNaN(this.src.charCodeAt(this.pos)) ? 'the document is truncated' : `the end tag </${name}> is malformed`);
    this.pos++;
    const open = this.stack.pop();
    if (!open) this.fail(`the end tag </${name}> has no start tag`, at);
    if (open.name !== name) this.fail(`the end tag </${name}> does not match the start tag <${open.name}>`, at);
    this.close(open);
  }

  private close(open: Open): void {
    const element: XmlElement = { name: open.name, ns: open.ns, local: open.local, attributes: open.attributes, children: open.children, scope: open.scope };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(element);
    else this.root = element;
  }

  private text(end: number): void {
    const raw = this.src.slice(this.pos, end);
    if (raw === '') return;
    if (raw.includes(']]>')) this.fail("']]>' is not allowed in text", this.pos + raw.indexOf(']]>'));
    this.appendText(this.decode(normalizeLineEnds(raw), this.pos));
  }

  private appendText(text: string): void {
    if (text === '') return;
    const children = this.stack[this.stack.length - 1].children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') children[last] += text;
    else children.push(text);
  }

  /** Decodes the five predefined entities and character references; any other reference is an error, as without a DTD. */
  private decode(text: string, at: number): string {
    if (!text.includes('&')) return text;
    return text.replace(REFERENCE, (whole: string, ref: string) => {
      if (!whole.endsWith(';')) this.fail("'&' must start an entity or character reference", at);
      if (ref.startsWith('#')) {
        const digits = ref[1] === 'x' ? ref.slice(2) : ref.slice(1);
        const valid = ref[1] === 'x' ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
        const code = valid ? parseInt(digits, ref[1] === 'x' ? 16 : 10) : NaN;
        if (!(code <= 0x10ffff) || NOT_XML_CHAR.test(String.fromCodePoint(code)))
          this.fail(`the character reference &${ref}; names a character XML cannot carry`, at);
        return String.fromCodePoint(code);
      }
      const value = PREDEFINED[ref];
      if (value === undefined) this.fail(`reference to the undeclared entity '${ref}'`, at);
      return value;
    });
  }

  private resolve(qname: string, scope: ReadonlyMap<string, string>, element: boolean): { ns: string; local: string } {
    const colon = qname.indexOf(':');
    if (colon < 0) return { ns: element ? (scope.get('') ?? '') : '', local: qname };
    const prefix = qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    if (prefix === '' || local === '' || local.includes(':')) this.fail(`'${qname}' is not a valid qualified name`);
    const ns = scope.get(prefix);
    if (ns === undefined || ns === '') this.fail(`'${prefix}' is an undeclared prefix`);
    return { ns, local };
  }

  private name(what: string): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.src);
    if (!match) this.fail(Number.isNaN(this.src.charCodeAt(this.pos)) ? 'the document is truncated' : `expected an ${what}`);
    this.pos += match[0].length;
    return match[0];
  }

  private skipWhitespace(): boolean {
    const start = this.pos;
    while (isSpace(this.src.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private skipUntil(terminator: string, what: string, check: (body: string) => void): void {
    const end = this.src.indexOf(terminator, this.pos + 2);
    if (end < 0) this.fail(`a ${what} is not closed: the document is truncated`);
    check(this.src.slice(this.pos, end));
    this.pos = end + terminator.length;
  }

  private limit(message: string): never {
    throw new XmlRefusedError(message, 'limit');
  }

  private fail(message: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = this.src.indexOf('\n'); i >= 0 && i < at; i = this.src.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new XmlRefusedError(`the document is not well-formed XML: ${message} (line ${line}, position ${at - lineStart + 1})`);
  }
}

function isDeclaration(attribute: string): boolean {
  return attribute === 'xmlns' || attribute.startsWith('xmlns:');
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isWhitespace(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(src.charCodeAt(i))) return false;
  return true;
}

/** XML 1.0 §2.11: CR LF and lone CR are read as LF. */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The element's text: its string children joined (an element child makes it not simple). */
export function textOf(element: XmlElement): string {
  const children = element.children;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  let text = '';
  for (const child of children) if (typeof child === 'string') text += child;
  return text;
}

/** The element children only, text between them left out. */
export function elementsOf(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) if (typeof child !== 'string') out.push(child);
  return out;
}

/** The first child element with this namespace and local name. */
export function childElement(parent: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const child of parent.children) if (typeof child !== 'string' && child.local === local && child.ns === ns) return child;
  return undefined;
}

/**
 * An element as a plain object, the shape the IQ Reseller XML answers have
 * always been given in: names without prefixes, attributes left out, text
 * trimmed, a repeated name as an array, text beside elements as `#text`.
 * `__proto__` as a name is refused; `constructor` and the like are own properties.
 */
export function toPlainObject(element: XmlElement): unknown {
  const elements = elementsOf(element);
  const text = textOf(element).trim();
  if (elements.length === 0) return text;
  const out: Record<string, unknown> = {};
  const repeated = new Set<string>();
  for (const child of elements) {
    const key = child.local;
    if (key === '__proto__') throw new XmlRefusedError("an element named '__proto__' is not accepted", 'limit');
    const value = toPlainObject(child);
    if (!Object.hasOwn(out, key)) out[key] = value;
    else if (repeated.has(key)) (out[key] as unknown[]).push(value);
    else {
      out[key] = [out[key], value];
      repeated.add(key);
    }
  }
  if (text !== '') out['#text'] = text;
  return out;
}

/** Parses an XML document into `{ rootName: value }` (see toPlainObject); throws XmlRefusedError for any document it refuses. */
export function parseXml(xml: string): Record<string, unknown> {
  const root = readXml(xml);
  if (root.local === '__proto__') throw new XmlRefusedError("an element named '__proto__' is not accepted", 'limit');
  return { [root.local]: toPlainObject(root) };
}
