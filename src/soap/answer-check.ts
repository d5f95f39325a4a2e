// Decides whether an HTTP answer to a SOAP call is a SOAP answer of the right
// version before node-soap parses it, and maps everything else to a typed error.
import { IqFaultError } from '../errors/IqFaultError';
import { IqProtocolError } from '../errors/IqProtocolError';
import { statusError } from '../http/status-error';
import type { HttpRequest, HttpResponse } from '../http/types';
import { readXml, XmlRefusedError } from '../xml/parse';

function hasDtd(body: string): boolean {
  try {
    readXml(body);
    return false;
  } catch (error) {
    return error instanceof XmlRefusedError && error.reason === 'dtd';
  }
}
import { parseFault } from './fault';
import { MEDIA_TYPE, versionOfNamespace, type SoapVersion } from './versions';

const ROOT = /<(?:([A-Za-z_][\w.-]*):)?Envelope\b([^>]*)>/;

/** The namespace of the root Envelope element, from its own tag: cheap, no full parse. */
export function envelopeNamespace(body: string): string | undefined {
  const match = ROOT.exec(body.slice(0, 4096));
  if (!match) return undefined;
  const attr = match[1] ? `xmlns:${match[1]}` : 'xmlns';
  const decl = new RegExp(`${attr.replace('.', '\\.')}\\s*=\\s*["']([^"']*)["']`).exec(match[2]);
  return decl?.[1];
}

function mediaType(response: HttpResponse): string {
  return (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** The first line of the innermost exception: ASMX wraps the real message in SoapException text. */
function headline(text: string, max = 300): string {
  const first = text.split(/\r?\n/)[0];
  return (first.split('--->').pop() ?? first).trim().slice(0, max);
}

export function checkSoapAnswer(response: HttpResponse, version: SoapVersion, request: HttpRequest): void {
  const context = { operation: request.operation, status: response.status, request: { method: request.method, url: request.url } };
  const protocolError = (what: string) => new IqProtocolError(`${request.operation} failed: ${what}`, context);

  const ns = envelopeNamespace(response.body);
  if (ns === undefined) {
    if (response.status < 200 || response.status > 299) throw statusError(response, request);
    const type = mediaType(response) || 'no content type';
    throw protocolError(`expected a SOAP ${version} envelope, got ${response.body.trim() ? type : 'an empty body'} (HTTP ${response.status})`);
  }
  if (hasDtd(response.body)) throw protocolError('the answer carries a DTD, which SOAP forbids');
  const answered = versionOfNamespace(ns);
  if (answered !== version) {
    throw protocolError(`a SOAP ${version} request was answered with ${answered ? `a SOAP ${answered}` : `an unknown (${ns})`} envelope`);
  }
  if (/<(?:[\w.-]+:)?Fault[\s>/]/.test(response.body)) {
    const fault = parseFault(response.body);
    if (!fault) throw protocolError('the answer holds a SOAP Fault that could not be read');
    throw new IqFaultError(
      `${request.operation} failed: the service raised a SOAP fault${fault.code ? ` (${fault.code})` : ''}: ${headline(fault.reason) || '(no reason given)'}`,
      { ...context, faultCode: fault.code, faultString: fault.reason.slice(0, 4000) },
    );
  }
  if (response.status < 200 || response.status > 299) throw statusError(response, request);
  if (mediaType(response) !== MEDIA_TYPE[version]) {
    throw protocolError(`a SOAP ${version} answer must be ${MEDIA_TYPE[version]}, got ${mediaType(response) || 'no content type'}`);
  }
}
