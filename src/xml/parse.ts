// The one way this package reads XML itself. SOAP and the vendors' XML never
// need a DTD, so a document carrying one is refused before parsing: no entity
// can be declared, expanded (billion laughs) or fetched (XXE).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlRefusedError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // Character references (&#39;) decoded too; named entities beyond XML's five cannot be declared without a DTD.
  htmlEntities: true,
});

export function hasDtd(xml: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(xml);
}

/** Parses well-formed XML without a DTD; throws XmlRefusedError otherwise (truncated, malformed, DTD). */
export function parseXml(xml: string): Record<string, unknown> {
  if (hasDtd(xml)) throw new XmlRefusedError('the document carries a DTD');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlRefusedError(`the document is not well-formed XML (${valid.err.msg})`);
  return parser.parse(xml) as Record<string, unknown>;
}
