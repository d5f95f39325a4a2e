// The request as ASP.NET's own clients send it: a SOAP 1.2 or 1.1 envelope
// around the operation's element, and the headers that carry the action.
import { ENVELOPE_NAMESPACE, MEDIA_TYPE, type SoapVersion } from './versions';

const HEAD = {
  '1.1': `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ENVELOPE_NAMESPACE['1.1']}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>`,
  '1.2': `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ENVELOPE_NAMESPACE['1.2']}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>`,
} as const;
const TAIL = '</soap:Body></soap:Envelope>';

export function envelope(version: SoapVersion, body: string): string {
  return HEAD[version] + body + TAIL;
}

/** SOAP 1.2 carries the action in the content type; SOAP 1.1 in the SOAPAction header. */
export function soapHeaders(version: SoapVersion, action: string): Record<string, string> {
  if (version === '1.2') return { 'content-type': `${MEDIA_TYPE['1.2']}; charset=utf-8; action="${action}"`, accept: MEDIA_TYPE['1.2'] };
  return { 'content-type': `${MEDIA_TYPE['1.1']}; charset=utf-8`, soapaction: `"${action}"`, accept: MEDIA_TYPE['1.1'] };
}
