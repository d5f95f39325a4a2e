// The printIQ sandbox: an emulator of a tenant's SSO service (`/webservice/Authentication.asmx`:
// SOAP 1.1, SOAP 1.2 and JSON as ASMX serves them, the WSDL at `?wsdl`) and of the pages its
// URLs open (a new quote, the landing page), each AuthToken signing its user in once.
import type { AddressInfo } from 'node:net';
import { numberOption } from '../../options';
import { startHttpSandbox } from '../shared/http-sandbox';
import { checkPort, httpBaseUrl, reachableAddress } from '../shared/listen';
import type { Reply } from '../shared/reply';
import type { LoggedRequest } from '../shared/request-log';
import { AuthTokens, type AuthTokenCounters } from './auth-tokens';
import { isServicePath, readShippedWsdl, route, SERVICE_PATH, wireFormatOf, withServiceAddress, type WireFormat } from './routes';
import { serviceReply } from './site';

export { MAX_AUTH_TOKENS } from './auth-tokens';
export type { LoggedRequest };

export const DEFAULT_APP_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';
export const DEFAULT_AUTH_TOKEN_TTL_MS = 5 * 60_000;

export interface PrintIqSandboxOptions {
  /** The SSO application key the service accepts. Default 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226' (the vendor document's example). */
  appKey?: string;
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on, an integer from 0 to 65535. Default 0: a free port chosen by the OS. */
  port?: number;
  /** Delay added before every answer, to make timing visible in tests. Default 0. */
  latencyMs?: number;
  /**
   * The tenant site the answered URLs point at. Default: the sandbox itself, which serves the
   * quote and landing pages they open. Another origin (a proxy in front of the sandbox, or a
   * placeholder such as 'http://printiq.test') changes only the URLs.
   */
  siteUrl?: string;
  /** How long an AuthToken signs in after it is issued. Default 300000 (5 minutes). */
  authTokenTtlMs?: number;
}

export interface PrintIqSandboxStats {
  /** Every request received, faulted ones included. */
  requests: number;
  /** TCP connections accepted; fewer connections than requests means keep-alive worked. */
  connections: number;
  /**
   * Requests per wire format, decided from the request line and headers alone (faulted ones included):
   * `POST .asmx` with `application/soap+xml` is soap12, with `text/xml` soap11; anything sent to
   * `.asmx/{method}` is json; `GET .asmx?wsdl` is wsdl. Other requests are counted in `requests` only.
   */
  byFormat: Record<WireFormat, number>;
  /** AuthTokens issued by successful SSORequests, used up by opening a page, and refused (used, expired or unknown). */
  authTokens: AuthTokenCounters;
}

export interface PrintIqSandbox {
  /** The service, as a tenant's would be: `http://127.0.0.1:PORT/webservice/Authentication.asmx`. */
  url: string;
  /** `${url}?wsdl`: the shipped WSDL with its addresses pointing at this sandbox. */
  wsdlUrl: string;
  /** The origin the answered URLs point at (the sandbox's own, unless the `siteUrl` option names another). */
  siteUrl: string;
  /** The AppKey the sandbox accepts. */
  appKey: string;
  /** Live counters; the object is mutated in place, so a saved reference stays current. */
  stats: PrintIqSandboxStats;
  /** Log of received requests, for asserting headers and bodies. Cleared in place by `reset()`. */
  requests: LoggedRequest[];
  /** Queue a fault; the next request(s) to the service, whatever their format, get it instead of the normal answer. Site pages are never faulted. */
  injectFault(fault: PrintIqFault): void;
  /** Ends the lifetime of every AuthToken issued so far: their pages then answer 410 (expired). */
  expireAuthTokens(): void;
  /** Clear stats, request log, queued faults and issued AuthTokens. */
  reset(): void;
  /** Stop listening, drop every socket and pending delay. Safe to call twice. */
  close(): Promise<void>;
}

/** A fault applies to the next `times` requests (default 1) to the service, first queued first. */
export type PrintIqFault = { times?: number } &
  /** This status with this body (default: empty body, no content type) and headers. */
  (
    | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
    /** An IIS-style HTML error page with this status, as IIS or a proxy in front of it would send. */
    | { kind: 'html'; status: number }
    /** Destroy the socket without any answer. */
    | { kind: 'reset' }
    /** Wait `ms`, then answer normally. */
    | { kind: 'delay'; ms: number }
    /** Send the normal status and headers but only the first half of the body, then end cleanly. */
    | { kind: 'truncate' }
    /**
     * Answer a SOAP 1.2 request exactly as a SOAP 1.1 request would be answered (envelope and
     * content type), and vice versa. A JSON request gets the SOAP 1.2 answer instead of JSON.
     */
    | { kind: 'wrong-envelope' }
  );

export async function startPrintIqSandbox(options: PrintIqSandboxOptions = {}): Promise<PrintIqSandbox> {
  const config = resolveOptions(options);
  const shippedWsdl = await readShippedWsdl();
  const stats: PrintIqSandboxStats = { requests: 0, connections: 0, byFormat: zeroFormats(), authTokens: { issued: 0, redeemed: 0, refused: 0 } };
  const tokens = new AuthTokens(config.authTokenTtlMs, stats.authTokens);
  let siteUrl = '';

  const http = await startHttpSandbox<PrintIqFault>(
    {
      host: config.host,
      port: config.port,
      latencyMs: config.latencyMs,
      counters: stats,
      count: ({ method, url, headers }) => {
        const format = wireFormatOf(method, url, headers['content-type']);
        if (format) stats.byFormat[format]++;
      },
      checkFault,
      faultFits: (_fault, { url }) => isServicePath(url),
      statusFaultReply,
      errorReply: (status, message) => serviceReply(status, 'text/plain; charset=utf-8', message),
    },
    (address) => {
      const serviceUrl = serviceUrlAt(address);
      siteUrl = config.siteUrl ?? new URL(serviceUrl).origin;
      const rules = { appKey: config.appKey, siteUrl, issueToken: (userName: string) => tokens.issue({ userName }) };
      const context = { rules, serviceUrl, wsdl: withServiceAddress(shippedWsdl, serviceUrl), tokens };
      return (request, fault) => route(request, { ...context, wrongEnvelope: fault?.kind === 'wrong-envelope' });
    },
  );
  const serviceUrl = serviceUrlAt(http.address);

  return {
    url: serviceUrl,
    wsdlUrl: `${serviceUrl}?wsdl`,
    siteUrl,
    appKey: config.appKey,
    stats,
    requests: http.requests,
    injectFault: http.injectFault,
    expireAuthTokens: () => tokens.expireAll(),
    reset: () => {
      stats.requests = 0;
      stats.connections = 0;
      Object.assign(stats.byFormat, zeroFormats());
      Object.assign(stats.authTokens, { issued: 0, redeemed: 0, refused: 0 });
      tokens.clear();
      http.clear();
    },
    close: http.close,
  };
}

/** The service URL at the bound address; a loopback address stands in for a wildcard `host`. */
function serviceUrlAt({ address, port }: AddressInfo): string {
  return httpBaseUrl(reachableAddress(address), port) + SERVICE_PATH;
}

function zeroFormats(): Record<WireFormat, number> {
  return { soap11: 0, soap12: 0, json: 0, wsdl: 0 };
}

interface ResolvedOptions {
  appKey: string;
  host: string;
  port: number;
  latencyMs: number;
  /** Without a trailing slash (the service appends `/Simplified/...`); undefined: the sandbox's own origin. */
  siteUrl: string | undefined;
  authTokenTtlMs: number;
}

/** Fails at start-up on a bad option, rather than with odd behaviour later. */
function resolveOptions(options: PrintIqSandboxOptions): ResolvedOptions {
  const appKey = options.appKey ?? DEFAULT_APP_KEY;
  if (typeof appKey !== 'string' || appKey === '') throw new TypeError('Invalid sandbox option appKey: a non-empty string is required');
  return {
    appKey,
    host: options.host ?? '127.0.0.1',
    port: checkPort(options.port ?? 0),
    latencyMs: numberOption(options.latencyMs, 0, 'latencyMs', { unit: 'milliseconds' }),
    siteUrl: options.siteUrl === undefined ? undefined : checkSiteUrl(options.siteUrl),
    authTokenTtlMs: numberOption(options.authTokenTtlMs, DEFAULT_AUTH_TOKEN_TTL_MS, 'authTokenTtlMs', { above: 0, unit: 'milliseconds' }),
  };
}

function checkSiteUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`Invalid sandbox option siteUrl: ${String(value)} is not an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

const FAULT_KINDS = new Set(['status', 'html', 'reset', 'delay', 'truncate', 'wrong-envelope']);

/** Refuses an unknown fault kind when it is injected; the shared fault queue then checks the fields. */
function checkFault(fault: PrintIqFault): void {
  if (fault === null || typeof fault !== 'object' || !FAULT_KINDS.has(fault.kind)) {
    throw new TypeError(`Unknown fault kind ${String((fault as { kind?: unknown } | null)?.kind)}`);
  }
}

/** The answer of a `status` fault: exactly the given body (default empty), content type and headers. */
function statusFaultReply(fault: Extract<PrintIqFault, { kind: 'status' }>): Reply {
  const headers: Record<string, string> = {};
  if (fault.contentType !== undefined) headers['content-type'] = fault.contentType;
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: fault.status, headers, body: fault.body ?? '' };
}
