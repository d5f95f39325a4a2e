import { readFile } from 'node:fs/promises';
import { packageFile } from '../../soap/package-files';
import { WSDL_FILE } from '../../wsdl/snapshot';
import type { SandboxRequest } from '../shared/http-sandbox';
import { iisErrorPage } from '../shared/iis-error-page';
import type { Reply } from '../shared/reply';
import type { AuthTokens } from './auth-tokens';
import { handleJsonCall, handleSoapCall, soapVersionOfContentType, type CallContext } from './endpoints';
import { serviceHelpPage, serviceReply, sitePage } from './site';
import { escapeXmlAttribute } from './xml';

/** Where each request goes, by path and method: the service, the site's pages, else IIS's 404. Paths match ignoring case, as on IIS. */

export const SERVICE_PATH = '/webservice/Authentication.asmx';
const SERVICE = /^\/webservice\/authentication\.asmx$/i;
const OPERATION = /^\/webservice\/authentication\.asmx\/([^/]+)$/i;

export interface RouteContext extends CallContext {
  serviceUrl: string;
  /** The WSDL as served, addresses already pointing at `serviceUrl`. */
  wsdl: string;
  tokens: AuthTokens;
}

export function route(request: SandboxRequest, context: RouteContext): Reply {
  const { method, url } = request;
  const operation = OPERATION.exec(url.pathname)?.[1];
  if (operation !== undefined) {
    if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') return iisErrorPage(405);
    return handleJsonCall(method, decodePath(operation), request.headers, request.body, context);
  }
  if (!SERVICE.test(url.pathname)) return sitePage(method, url, context.tokens) ?? iisErrorPage(404);
  if (method === 'GET' || method === 'HEAD') {
    if (isWsdlQuery(url)) return serviceReply(200, 'text/xml; charset=utf-8', context.wsdl);
    return serviceHelpPage(context.serviceUrl);
  }
  if (method === 'POST') return handleSoapCall(request.headers, request.body, context);
  return iisErrorPage(405);
}

/** Whether a request is for the service (its operations and WSDL included), not for the site. */
export function isServicePath(url: URL): boolean {
  return SERVICE.test(url.pathname) || OPERATION.test(url.pathname);
}

export type WireFormat = 'soap11' | 'soap12' | 'json' | 'wsdl';

/** The wire format of a request, for the stats, from its request line and headers alone. */
export function wireFormatOf(method: string, url: URL, contentType: string | undefined): WireFormat | undefined {
  if (OPERATION.test(url.pathname)) return 'json';
  if (!SERVICE.test(url.pathname)) return undefined;
  if (method === 'GET' || method === 'HEAD') return isWsdlQuery(url) ? 'wsdl' : undefined;
  if (method !== 'POST') return undefined;
  const version = soapVersionOfContentType(contentType);
  return version === '1.2' ? 'soap12' : version === '1.1' ? 'soap11' : undefined;
}

/** `?wsdl`, in any case, among other query parameters. */
function isWsdlQuery(url: URL): boolean {
  return [...url.searchParams.keys()].some((key) => key.toLowerCase() === 'wsdl');
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The WSDL the package ships (the one its stubs are generated from), read at start-up. */
export function readShippedWsdl(): Promise<string> {
  return readFile(packageFile(`wsdl/${WSDL_FILE}`), 'utf8');
}

const ADDRESS = /(<(?:[\w.-]+:)?address\b[^>]*?\blocation\s*=\s*)(["'])[^"']*\2/g;

/** The WSDL with every port address (soap, soap12 and http) set to `serviceUrl`, as ASMX sets them to its own URL. */
export function withServiceAddress(wsdl: string, serviceUrl: string): string {
  return wsdl.replace(ADDRESS, (_match, head: string, quote: string) => `${head}${quote}${escapeXmlAttribute(serviceUrl)}${quote}`);
}
