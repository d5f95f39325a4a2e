import { parseMediaType } from '../../http/media-type';
import { JSON_CONTENT_TYPE, jsonAnswer, jsonException, readJsonInput } from './json';
import type { Reply } from '../shared/reply';
import { serviceReply } from './site';
import { answerSsoRequest, ServiceException, type SsoInput, type SsoRulesConfig } from './rules';
import {
  SOAP_CONTENT_TYPE,
  SSO_ACTION,
  otherVersion,
  readSoapRequest,
  soapAnswer,
  soapFault,
  versionMismatchFault,
  type FaultSide,
  type SoapVersion,
} from './soap';

/** The two ways to call SSORequest over HTTP, with the framework's checks and error answers. */

export type IncomingHeaders = Record<string, string | string[] | undefined>;

export interface CallContext {
  rules: SsoRulesConfig;
  /** The `wrong-envelope` fault: answer in the other SOAP version (JSON calls get SOAP 1.2). */
  wrongEnvelope: boolean;
}

const UNABLE_TO_PROCESS = 'System.Web.Services.Protocols.SoapException: Server was unable to process request.';
const UNABLE_TO_READ = 'System.Web.Services.Protocols.SoapException: Server was unable to read request.';

/** `POST Authentication.asmx` with a SOAP 1.1 or 1.2 envelope. */
export function handleSoapCall(headers: IncomingHeaders, body: string, context: CallContext): Reply {
  // As ASMX: the content type picks the version first; the envelope may then move 1.1 to 1.2.
  const requested = soapVersionOfContentType(header(headers, 'content-type'));
  if (!requested) return serviceReply(415, SOAP_CONTENT_TYPE['1.1'], '');
  const answerIn = (version: SoapVersion): SoapVersion => (context.wrongEnvelope ? otherVersion(version) : version);
  const fault = (version: SoapVersion, side: FaultSide, text: string): Reply =>
    serviceReply(500, SOAP_CONTENT_TYPE[answerIn(version)], soapFault(answerIn(version), side, text));

  if (requested === '1.1') {
    const refused = checkSoapAction(header(headers, 'soapaction'));
    if (refused) return fault('1.1', 'client', refused);
  }
  const read = readSoapRequest(body);
  if (read.kind === 'version-mismatch') return serviceReply(500, SOAP_CONTENT_TYPE['1.1'], versionMismatchFault(read.namespace));
  if (read.kind === 'unreadable') return fault(read.version ?? requested, 'client', `${UNABLE_TO_READ} ---> ${read.reason}`);
  // A 1.2 envelope sent as text/xml is served as 1.2; a 1.1 envelope sent as application/soap+xml is refused.
  if (read.version === '1.1' && requested === '1.2') return serviceReply(415, SOAP_CONTENT_TYPE['1.1'], '');

  const outcome = run(read.input, context.rules);
  if (outcome instanceof ServiceException) {
    return fault(read.version, 'server', `${UNABLE_TO_PROCESS} ---> ${outcome.exceptionType}: ${outcome.message}`);
  }
  const version = answerIn(read.version);
  return serviceReply(200, SOAP_CONTENT_TYPE[version], soapAnswer(version, outcome));
}

/** `Authentication.asmx/{operation}` with a JSON body, as the ScriptService handler serves it. */
export function handleJsonCall(method: string, operation: string, headers: IncomingHeaders, body: string, context: CallContext): Reply {
  if (parseMediaType(header(headers, 'content-type')).type !== 'application/json') {
    // Not a script call: the plain ASMX handler, whose HttpGet/HttpPost protocols are off.
    const text = `System.InvalidOperationException: Request format is unrecognized for URL unexpectedly ending in '/${operation}'.`;
    return serviceReply(500, 'text/plain; charset=utf-8', text);
  }
  if (operation !== 'SSORequest') {
    return jsonError(new ServiceException('System.ArgumentException', `Unknown web method ${operation}.\r\nParameter name: methodName`, ''));
  }
  if (method !== 'POST') {
    const message = `An attempt was made to call the method '${operation}' using a ${method} request, which is not allowed.`;
    return jsonError(new ServiceException('System.InvalidOperationException', message, ''));
  }
  let input: SsoInput | null;
  try {
    input = readJsonInput(body);
  } catch (error) {
    if (error instanceof ServiceException) return jsonError(error);
    throw error;
  }
  const outcome = run(input, context.rules);
  if (context.wrongEnvelope) {
    return outcome instanceof ServiceException
      ? serviceReply(500, SOAP_CONTENT_TYPE['1.2'], soapFault('1.2', 'server', `${UNABLE_TO_PROCESS} ---> ${outcome.exceptionType}: ${outcome.message}`))
      : serviceReply(200, SOAP_CONTENT_TYPE['1.2'], soapAnswer('1.2', outcome));
  }
  if (outcome instanceof ServiceException) return jsonError(outcome);
  return serviceReply(200, JSON_CONTENT_TYPE, jsonAnswer(outcome));
}

function run(input: SsoInput | null, rules: SsoRulesConfig) {
  try {
    return answerSsoRequest(input, rules);
  } catch (error) {
    if (error instanceof ServiceException) return error;
    throw error;
  }
}

function jsonError(error: ServiceException): Reply {
  return serviceReply(500, JSON_CONTENT_TYPE, jsonException(error), { jsonerror: 'true' });
}

/** The SOAP 1.1 routing of ASMX: by the SOAPAction header, which is required. Returns the fault text, if refused. */
function checkSoapAction(value: string | undefined): string | undefined {
  if (value === undefined) {
    return 'System.Web.Services.Protocols.SoapException: Unable to handle request without a valid action parameter. Please supply a valid soap action.';
  }
  let action = value.trim();
  if (action.length >= 2 && action.startsWith('"') && action.endsWith('"')) action = action.slice(1, -1);
  action = urlDecode(action);
  if (action === SSO_ACTION) return undefined;
  return `System.Web.Services.Protocols.SoapException: Server did not recognize the value of HTTP Header SOAPAction: ${action}.`;
}

export function soapVersionOfContentType(contentType: string | undefined): SoapVersion | undefined {
  const media = parseMediaType(contentType).type;
  if (media === 'application/soap+xml') return '1.2';
  if (media === 'text/xml') return '1.1';
  return undefined;
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function urlDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
