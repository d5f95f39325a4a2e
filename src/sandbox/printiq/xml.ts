import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Reads request XML the way .NET's XmlReader does for ASMX (DTDs prohibited, XML 1.0
 * characters only, line ends normalized), into a small namespace-resolved tree.
 * fast-xml-parser does the tokenizing; entity references are decoded here, so no entity
 * other than the five predefined ones and character references can ever be expanded.
 */

export interface XmlText {
  readonly text: string;
  /** True for a CDATA section, whose text is taken literally. */
  readonly cdata: boolean;
}

export interface XmlElement {
  /** Namespace URI; '' for none. */
  readonly ns: string;
  readonly local: string;
  /** Attribute values by `{ns}local` (`local` for an unprefixed attribute); namespace declarations excluded. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: ReadonlyArray<XmlElement | XmlText>;
}

/** Not well-formed, or refused (DTD); the message reads like .NET's XmlException. */
export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 256;
const DTD_PROHIBITED =
  'For security reasons DTD is prohibited in this XML document. To enable DTD processing set the DtdProcessing ' +
  'property on XmlReaderSettings to Parse and pass the settings into XmlReader.Create method.';

/** Characters XML 1.0 does not allow, literally or as a character reference. */
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const MARKUP_DECLARATION = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][\w.:-]*)?(;)?/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by decodeReferences(), never by the parser.
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type RawNode = Record<string, unknown>;

/** Parses one XML document; throws XmlReadError when it is not well-formed or carries a DTD. */
export function parseXml(source: string): XmlElement {
  const xml = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const badChar = NOT_XML_CHAR.exec(xml);
  if (badChar) throw invalidCharacter(badChar[0].codePointAt(0)!);
  // Checked before the parser sees the text: fast-xml-parser would read entity declarations.
  if (MARKUP_DECLARATION.test(xml.replace(CDATA_SECTION, ''))) throw new XmlReadError(DTD_PROHIBITED);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlReadError(`${valid.err.msg} Line ${valid.err.line}, position ${valid.err.col}.`);

  let nodes: RawNode[];
  try {
    nodes = parser.parse(xml) as RawNode[];
  } catch (error) {
    throw new XmlReadError(error instanceof Error ? error.message : 'The XML document could not be read.');
  }
  const roots = nodes.filter((node) => !isTextNode(node));
  if (nodes.some((node) => isTextNode(node) && !isWhitespace(textOfRaw(node)))) throw new XmlReadError('Data at the root level is invalid.');
  if (roots.length === 0) throw new XmlReadError('Root element is missing.');
  if (roots.length > 1) throw new XmlReadError('There are multiple root elements.');
  return buildElement(roots[0], new Map([['xml', XML_NS]]), 0);
}

/** Escapes text content as .NET's XmlTextWriter does: `&`, `<` and `>`; quotes stay. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes an attribute value written between double quotes. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;');
}

/** The first child element with this namespace and local name. */
export function childElement(parent: XmlElement, ns: string, local: string): XmlElement | undefined {
  return childElements(parent).find((child) => child.ns === ns && child.local === local);
}

export function childElements(parent: XmlElement): XmlElement[] {
  return parent.children.filter((child): child is XmlElement => 'local' in child);
}

/** The element's text (text and CDATA joined); throws when it holds elements, as ReadElementString does. */
export function simpleContent(element: XmlElement): string {
  if (childElements(element).length > 0) throw new XmlReadError("'Element' is an invalid XmlNodeType.");
  return element.children.map((child) => (child as XmlText).text).join('');
}

function buildElement(node: RawNode, outerScope: ReadonlyMap<string, string>, depth: number): XmlElement {
  if (depth > MAX_DEPTH) throw new XmlReadError('The XML document is nested too deeply.');
  const qname = Object.keys(node).find((key) => key !== ':@')!;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  const declared = Object.entries(rawAttributes).map(([name, value]) => [name, decodeReferences(value.replace(/[\t\n]/g, ' '))] as const);

  const scope = new Map(outerScope);
  for (const [name, value] of declared) {
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) {
      if (value === '') throw new XmlReadError('Cannot use a prefix with an empty namespace.');
      scope.set(name.slice(6), value);
    }
  }
  const { ns, local } = resolveName(qname, scope, true);
  const attributes = new Map<string, string>();
  for (const [name, value] of declared) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const resolved = resolveName(name, scope, false);
    attributes.set(resolved.ns ? `{${resolved.ns}}${resolved.local}` : resolved.local, value);
  }

  const children: Array<XmlElement | XmlText> = [];
  for (const child of (node[qname] ?? []) as RawNode[]) {
    if ('#cdata' in child) {
      children.push({ text: ((child['#cdata'] as RawNode[])[0]?.['#text'] as string | undefined) ?? '', cdata: true });
    } else if (isTextNode(child)) {
      const raw = textOfRaw(child);
      if (raw.includes(']]>')) throw new XmlReadError("']]>' is not allowed in character data.");
      children.push({ text: decodeReferences(raw), cdata: false });
    } else {
      children.push(buildElement(child, scope, depth + 1));
    }
  }
  return { ns, local, attributes, children };
}

function resolveName(qname: string, scope: ReadonlyMap<string, string>, isElement: boolean): { ns: string; local: string } {
  const parts = qname.split(':');
  if (parts.length > 2 || parts.some((part) => part === '')) throw new XmlReadError(`The '${qname}' name is not a valid qualified name.`);
  if (parts.length === 1) return { ns: isElement ? (scope.get('') ?? '') : '', local: qname };
  const ns = scope.get(parts[0]);
  if (ns === undefined) throw new XmlReadError(`'${parts[0]}' is an undeclared prefix.`);
  return { ns, local: parts[1] };
}

/** Decodes the predefined entities and character references; anything else is an error, as without a DTD. */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (_match, name: string | undefined, semicolon: string | undefined) => {
    if (name === undefined || semicolon === undefined) throw new XmlReadError('An error occurred while parsing EntityName.');
    if (name.startsWith('#')) {
      const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!(code <= 0x10ffff) || NOT_XML_CHAR.test(String.fromCodePoint(code))) throw invalidCharacter(code);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[name];
    if (value === undefined) throw new XmlReadError(`Reference to undeclared entity '${name}'.`);
    return value;
  });
}

function invalidCharacter(code: number): XmlReadError {
  const hex = Number.isFinite(code) ? `0x${code.toString(16).toUpperCase().padStart(2, '0')}` : 'out of range';
  return new XmlReadError(`Character with hexadecimal value ${hex} is an invalid character.`);
}

function isTextNode(node: RawNode): boolean {
  return '#text' in node;
}

function textOfRaw(node: RawNode): string {
  return String(node['#text'] ?? '');
}

function isWhitespace(text: string): boolean {
  return /^[ \t\n]*$/.test(text);
}
