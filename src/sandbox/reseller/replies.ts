// The answers of the vendor's two hosts, in the shapes they write them: JSON
// lists and `{code, message}` errors on webapi.svc, `{Message}` errors on the
// sign-in host, WCF's `<ArrayOf…>` lists in XML. Written by ../shared/reply.
import { escapeXmlText } from '../../xml/escape';
import type { Reply } from '../shared/reply';
import type { SampleRecord } from './data';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';

export function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) };
}

export function xmlReply(status: number, xml: string): Reply {
  return { status, headers: { 'content-type': XML_TYPE }, body: xml };
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: '' };
}

/** Error shape of the webapi.svc host: `{code, message}`. */
export function apiError(status: number, message: string): Reply {
  return jsonReply(status, { code: status, message });
}

/** Error shape of the ASP.NET Web API sign-in host: `{Message}`. */
export function signinError(status: number, message: string): Reply {
  return jsonReply(status, { Message: message });
}

/** The vendor's answer to oversized pages and (by default) pages past the end: a .NET null reference. */
export function objectReferenceError(): Reply {
  return apiError(500, 'Object reference not set to an instance of an object.');
}

/** Characters XML 1.0 cannot carry at all, even escaped; dropped rather than producing a broken document. */
const NOT_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** WCF's writer: the package's one escaper, and quotes escaped too. */
export function escapeXml(text: string): string {
  return escapeXmlText(text.replace(NOT_XML_CHARS, '')).replace(/["']/g, (c) => (c === '"' ? '&quot;' : '&apos;'));
}

/** `<ArrayOfCV><CV><cvid>1</cvid>...</CV></ArrayOfCV>`, the shape WCF gives a list in XML format; nested lists likewise. */
export function toXmlArray(elementName: string, records: SampleRecord[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><ArrayOf${elementName}>${xmlItems(elementName, records)}</ArrayOf${elementName}>`;
}

/** A nested list (`SODetails`) is written as its property, holding one element per item (`SODetail`). */
function xmlItems(elementName: string, records: SampleRecord[]): string {
  return records
    .map((record) => {
      const fields = Object.entries(record).map(([key, value]) =>
        Array.isArray(value) ? `<${key}>${xmlItems(key.replace(/s$/i, ''), value)}</${key}>` : `<${key}>${escapeXml(String(value))}</${key}>`,
      );
      return `<${elementName}>${fields.join('')}</${elementName}>`;
    })
    .join('');
}

/** How WCF writes a bare number in XML: `Inventory/GetInventoriesCount`. */
export function xmlNumber(value: number): Reply {
  return xmlReply(200, `<int xmlns="http://schemas.microsoft.com/2003/10/Serialization/">${value}</int>`);
}
