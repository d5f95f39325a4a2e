// Reads the answer to a SOAP call: the status, the content type, the envelope
// (its version, a DTD, well-formedness), a fault, and the operation's element,
// which the generated reader turns into its typed value. Anything else is a
// typed error carrying the operation, the status and the request.
import { IqProtocolError } from '../errors/IqProtocolError';
import { parseMediaType } from '../http/media-type';
import { answerContext, statusError } from '../http/status-error';
import type { HttpRequest, HttpResponse } from '../http/types';
import { childElement, elementsOf, readXml, textOf, XmlRefusedError, type XmlElement } from '../xml/parse';
import { faultHeadline, IqSoapFaultError, readFault } from './fault';
import type { SoapOperation } from './operation';
import { CodecReadError } from './values';
import { ENVELOPE_NAMESPACE, MEDIA_TYPE, versionOfNamespace, type SoapVersion } from './versions';

// An Envelope start tag anywhere: only to tell a broken SOAP answer from an error page when the
// document cannot be read. No ':' in the prefix's class, so the scan stays linear.
const ENVELOPE_TAG = /<(?:[^\s<>:/!?]+:)?Envelope[\s>/]/;

const name = (e: { ns: string; local: string }) => (e.ns ? `{${e.ns}}${e.local}` : e.local);

export function readSoapAnswer<O>(response: HttpResponse, version: SoapVersion, operation: SoapOperation<unknown, O>, request: HttpRequest): O {
  const protocolError = (what: string) => new IqProtocolError(`${request.operation} failed: ${what}`, answerContext(response, request));
  const ok = response.status >= 200 && response.status <= 299;
  const type = parseMediaType(response.headers.get('content-type')).type;

  // A one-way operation's answer is 202 (or 200) with nothing in it.
  if (!operation.output && ok && response.body.trim() === '') return undefined as O;
  const notSoap = () => {
    if (!ok) return statusError(response, request);
    return protocolError(
      `expected a SOAP ${version} envelope, got ${response.body.trim() ? type || 'no content type' : 'an empty body'} (HTTP ${response.status})`,
    );
  };
  // The root element says whether this is SOAP, and which, wherever it starts in the body.
  let root: XmlElement;
  try {
    root = readXml(response.body);
  } catch (error) {
    if (!(error instanceof XmlRefusedError)) throw error;
    if (!ENVELOPE_TAG.test(response.body)) throw notSoap();
    throw protocolError(error.reason === 'dtd' ? 'the answer carries a DTD, which SOAP forbids' : error.message);
  }
  if (root.local !== 'Envelope') throw notSoap();
  const answered = versionOfNamespace(root.ns);
  if (answered !== version) {
    throw protocolError(`a SOAP ${version} request was answered with ${answered ? `a SOAP ${answered}` : `an unknown (${name(root)})`} envelope`);
  }
  const body = childElement(root, ENVELOPE_NAMESPACE[version], 'Body');
  if (!body) throw protocolError('the SOAP envelope has no Body');
  // A Body holds one thing: the answer's element or a Fault, never both (nor text beside it).
  const elements = elementsOf(body);
  if (elements.length > 1)
    throw protocolError(`the SOAP Body holds ${elements.length} elements (${elements.slice(0, 3).map(name).join(', ')}) where one belongs`);
  if (textOf(body).trim() !== '') throw protocolError('the SOAP Body holds text where an element belongs');
  const [first] = elements;
  if (first && first.ns === ENVELOPE_NAMESPACE[version] && first.local === 'Fault') {
    let fault;
    try {
      fault = readFault(first, version);
    } catch (error) {
      if (error instanceof XmlRefusedError) throw protocolError(`the SOAP fault could not be read: ${error.message}`);
      throw error;
    }
    throw new IqSoapFaultError(
      `${request.operation} failed: the service raised a SOAP fault${fault.code ? ` (${fault.code})` : ''}: ${faultHeadline(fault.reason) || '(no reason given)'}`,
      {
        ...answerContext(response, request),
        faultCode: fault.code,
        faultString: fault.reason,
        detail: fault.detail,
      },
    );
  }
  if (!ok) throw statusError(response, request);
  if (type !== MEDIA_TYPE[version]) throw protocolError(`a SOAP ${version} answer must be ${MEDIA_TYPE[version]}, got ${type || 'no content type'}`);
  const expected = operation.output;
  if (!expected) return undefined as O;
  if (!first) throw protocolError(`the SOAP Body is empty where ${name(expected)} belongs`);
  if (first.ns !== expected.ns || first.local !== expected.local) throw protocolError(`expected ${name(expected)} in the SOAP Body, got ${name(first)}`);
  try {
    return operation.read(first);
  } catch (error) {
    if (error instanceof CodecReadError || error instanceof XmlRefusedError) throw protocolError(error.message);
    throw error;
  }
}
