// The one way this package reads XML itself. SOAP and the vendors' XML never
// need a DTD, so a document carrying one is refused before parsing: no entity
// can be declared, expanded (billion laughs) or fetched (XXE).
import type * as FastXmlParser from 'fast-xml-parser';

export class XmlRefusedError extends Error {}

let loaded: { parser: FastXmlParser.XMLParser; validator: typeof FastXmlParser.XMLValidator } | undefined;

/** Loaded on first use: a successful SOAP call never parses XML here, and the module costs ~8 ms to load. */
function fastXmlParser(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLParser, XMLValidator } = require('fast-xml-parser') as typeof FastXmlParser;
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
  loaded = { parser, validator: XMLValidator };
  return loaded;
}

export function hasDtd(xml: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(xml);
}

/** Parses well-formed XML without a DTD; throws XmlRefusedError otherwise (truncated, malformed, DTD). */
export function parseXml(xml: string): Record<string, unknown> {
  if (hasDtd(xml)) throw new XmlRefusedError('the document carries a DTD');
  const { parser, validator } = fastXmlParser();
  const valid = validator.validate(xml);
  if (valid !== true) throw new XmlRefusedError(`the document is not well-formed XML (${valid.err.msg})`);
  return parser.parse(xml) as Record<string, unknown>;
}
