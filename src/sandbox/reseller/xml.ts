import { escapeXmlText } from '../../xml/escape';
import type { SampleRecord } from './data';

/** Characters XML 1.0 cannot carry at all, even escaped; dropped rather than producing a broken document. */
const NOT_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** WCF's writer: the package's one escaper, and quotes escaped too. */
export function escapeXml(text: string): string {
  return escapeXmlText(text.replace(NOT_XML_CHARS, '')).replace(/["']/g, (c) => (c === '"' ? '&quot;' : '&apos;'));
}

/** `<ArrayOfCV><CV><cvid>1</cvid>...</CV></ArrayOfCV>`, the shape WCF gives a list in XML format. */
export function toXmlArray(elementName: string, records: SampleRecord[]): string {
  const items = records.map((record) => {
    const fields = Object.entries(record).map(([key, value]) => `<${key}>${escapeXml(String(value))}</${key}>`);
    return `<${elementName}>${fields.join('')}</${elementName}>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><ArrayOf${elementName}>${items.join('')}</ArrayOf${elementName}>`;
}
