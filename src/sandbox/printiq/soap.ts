import { SSO_INPUT_FIELDS, type SsoInput, type SsoResponse } from './rules';
import { childElement, childElements, escapeXmlText, parseXml, simpleContent, XmlReadError, type XmlElement } from './xml';

/** SOAP 1.1 and 1.2 as ASMX reads and writes them, byte for byte where the client can see it. */

export type SoapVersion = '1.1' | '1.2';

export const ENVELOPE_NS: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

export const SOAP_CONTENT_TYPE: Record<SoapVersion, string> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

export const SERVICE_NS = 'http://printiq.co.nz/';
export const SSO_ACTION = `${SERVICE_NS}SSORequest`;

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export type SoapRequestRead =
  /** The call; `input` is null when the body holds no SSORequest/input (the service then says "No input supplied"). */
  | { kind: 'call'; version: SoapVersion; input: SsoInput | null }
  /** The request could not be read: a Client/Sender fault whose inner exception is `reason`. */
  | { kind: 'unreadable'; version?: SoapVersion; reason: string }
  /** The root is not a SOAP 1.1 or 1.2 Envelope. */
  | { kind: 'version-mismatch'; namespace: string };

/** Reads a request envelope. `version` of `unreadable` is unset when the envelope itself could not be read. */
export function readSoapRequest(body: string): SoapRequestRead {
  let envelope: XmlElement;
  try {
    envelope = parseXml(body);
  } catch (error) {
    return { kind: 'unreadable', reason: `System.Xml.XmlException: ${(error as Error).message}` };
  }
  const version = envelope.local === 'Envelope' ? versionOf(envelope.ns) : undefined;
  if (!version) return { kind: 'version-mismatch', namespace: envelope.ns };

  const soapBody = childElement(envelope, ENVELOPE_NS[version], 'Body');
  if (!soapBody) {
    return { kind: 'unreadable', version, reason: 'System.InvalidOperationException: Request format is invalid: Missing required soap:Body element.' };
  }
  try {
    return { kind: 'call', version, input: readInput(soapBody) };
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    return {
      kind: 'unreadable',
      version,
      reason: `System.InvalidOperationException: There is an error in XML document. ---> System.Xml.XmlException: ${error.message}`,
    };
  }
}

/**
 * `<SSORequest><input>` in the service namespace, read as XmlSerializer does: fields in any order,
 * the first of a repeated field wins, unknown elements are skipped, xsi:nil is null, whitespace is kept.
 */
function readInput(body: XmlElement): SsoInput | null {
  const operation = childElements(body)[0];
  if (!operation || operation.ns !== SERVICE_NS || operation.local !== 'SSORequest') return null;
  const input = childElement(operation, SERVICE_NS, 'input');
  if (!input || isNil(input)) return null;
  const fields: SsoInput = { CusCode: null, UserName: null, AppKey: null, OpportunityRef: null };
  const seen = new Set<string>();
  for (const element of childElements(input)) {
    const name = SSO_INPUT_FIELDS.find((field) => field === element.local);
    if (!name || element.ns !== SERVICE_NS || seen.has(name)) continue;
    seen.add(name);
    fields[name] = isNil(element) ? null : simpleContent(element);
  }
  return fields;
}

function isNil(element: XmlElement): boolean {
  const nil = element.attributes.get(`{${XSI_NS}}nil`)?.trim();
  return nil === 'true' || nil === '1';
}

export function versionOf(namespace: string): SoapVersion | undefined {
  if (namespace === ENVELOPE_NS['1.1']) return '1.1';
  if (namespace === ENVELOPE_NS['1.2']) return '1.2';
  return undefined;
}

export function otherVersion(version: SoapVersion): SoapVersion {
  return version === '1.1' ? '1.2' : '1.1';
}

function envelope(version: SoapVersion, body: string, header = ''): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}" xmlns:xsi="${XSI_NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `${header}<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

/** `<X>text</X>`, `<X />` for '', nothing for null: what XmlSerializer writes for a string field. */
function stringField(name: string, value: string | null): string {
  if (value === null) return '';
  return value === '' ? `<${name} />` : `<${name}>${escapeXmlText(value)}</${name}>`;
}

export function soapAnswer(version: SoapVersion, response: SsoResponse): string {
  return envelope(
    version,
    `<SSORequestResponse xmlns="${SERVICE_NS}"><SSORequestResult>` +
      `<IsError>${response.IsError ? 'true' : 'false'}</IsError>` +
      stringField('ErrorMessage', response.ErrorMessage) +
      stringField('SimplifiedURL', response.SimplifiedURL) +
      stringField('LandPageURL', response.LandPageURL) +
      '</SSORequestResult></SSORequestResponse>',
  );
}

/** Who is to blame: Client/Sender (the request) or Server/Receiver (the service). */
export type FaultSide = 'client' | 'server';

export function soapFault(version: SoapVersion, side: FaultSide, text: string): string {
  if (version === '1.1') {
    const code = side === 'client' ? 'soap:Client' : 'soap:Server';
    return envelope(version, `<soap:Fault><faultcode>${code}</faultcode><faultstring>${escapeXmlText(text)}</faultstring><detail /></soap:Fault>`);
  }
  const code = side === 'client' ? 'soap:Sender' : 'soap:Receiver';
  return envelope(
    version,
    `<soap:Fault><soap:Code><soap:Value>${code}</soap:Value></soap:Code>` +
      `<soap:Reason><soap:Text xml:lang="en">${escapeXmlText(text)}</soap:Text></soap:Reason><soap:Detail /></soap:Fault>`,
  );
}

/** The SOAP 1.1 VersionMismatch fault ASMX sends for an unknown envelope, with the SOAP 1.2 Upgrade header. */
export function versionMismatchFault(namespace: string): string {
  const upgrade =
    `<soap:Header><soap12:Upgrade xmlns:soap12="${ENVELOPE_NS['1.2']}">` +
    `<soap12:SupportedEnvelope qname="soap:Envelope" xmlns:soap="${ENVELOPE_NS['1.1']}" />` +
    `<soap12:SupportedEnvelope qname="soap12:Envelope" xmlns:soap12="${ENVELOPE_NS['1.2']}" />` +
    '</soap12:Upgrade></soap:Header>';
  const text =
    'System.Web.Services.Protocols.SoapException: Possible SOAP version mismatch: ' +
    `Envelope namespace ${namespace} was unexpected. Expecting ${ENVELOPE_NS['1.1']}.`;
  return envelope(
    '1.1',
    `<soap:Fault><faultcode>soap:VersionMismatch</faultcode><faultstring>${escapeXmlText(text)}</faultstring><detail /></soap:Fault>`,
    upgrade,
  );
}
