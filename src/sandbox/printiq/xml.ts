/**
 * Reads request XML the way .NET's XmlReader does for ASMX (DTDs prohibited, XML 1.0
 * characters only, line ends normalized) through the package's one XML reader
 * (src/xml/parse.ts), with .NET's message for a DTD. Writes with the one escaper.
 */
import { childElement, elementsOf, readXml, textOf, XmlRefusedError, type XmlElement } from '../../xml/parse';

export { escapeXmlAttribute, escapeXmlText } from '../../xml/escape';
export { childElement, type XmlElement };

/** Not well-formed, or refused (DTD); the message reads like .NET's XmlException. */
export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

const DTD_PROHIBITED =
  'For security reasons DTD is prohibited in this XML document. To enable DTD processing set the DtdProcessing ' +
  'property on XmlReaderSettings to Parse and pass the settings into XmlReader.Create method.';

/** Parses one XML document; throws XmlReadError when it is not well-formed or carries a DTD. */
export function parseXml(source: string): XmlElement {
  try {
    return readXml(source, { maxDepth: 256 });
  } catch (error) {
    if (error instanceof XmlRefusedError) throw new XmlReadError(error.reason === 'dtd' ? DTD_PROHIBITED : error.message);
    throw error;
  }
}

export const childElements = elementsOf;

/** The element's text (text and CDATA joined); throws when it holds elements, as ReadElementString does. */
export function simpleContent(element: XmlElement): string {
  if (elementsOf(element).length > 0) throw new XmlReadError("'Element' is an invalid XmlNodeType.");
  return textOf(element);
}
