// The one XML escaper of this package, and the one check for characters XML
// 1.0 cannot carry at all (not even as a reference): a lone surrogate would
// otherwise become U+FFFD on the wire, and U+FFFE/U+FFFF or a control
// character would make the document one the service must refuse.
import { NOT_XML_CHAR } from './parse';

/** Where `text` holds a character XML 1.0 cannot carry, as `U+XXXX at position N`; undefined when it has none. */
export function unwritableCharacter(text: string): string | undefined {
  const match = NOT_XML_CHAR.exec(text);
  if (!match) return undefined;
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${match.index}`;
}

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };

/**
 * Escapes character data: `&`, `<` and `>` (so `]]>` cannot occur), and CR as
 * `&#xD;`, which a reader would otherwise turn into LF. Quotes stay as they are.
 */
export function escapeXmlText(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]) : text;
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;' };

/** Escapes an attribute value written between double quotes; tab and line ends as references, so they survive normalization. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]);
}
