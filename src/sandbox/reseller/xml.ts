import type { SampleRecord } from './data';

/** Characters XML 1.0 cannot carry at all, even escaped; dropped rather than producing a broken document. */
const NOT_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHARS, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `<ArrayOfCV><CV><cvid>1</cvid>...</CV></ArrayOfCV>`, the shape WCF gives a list in XML format. */
export function toXmlArray(elementName: string, records: SampleRecord[]): string {
  const items = records.map((record) => {
    const fields = Object.entries(record).map(([key, value]) => `<${key}>${escapeXml(String(value))}</${key}>`);
    return `<${elementName}>${fields.join('')}</${elementName}>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><ArrayOf${elementName}>${items.join('')}</ArrayOf${elementName}>`;
}
