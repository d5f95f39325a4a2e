/** Public types of the printIQ SSO sandbox (a local emulator of the tenant's Authentication.asmx). */
import type { LoggedRequest } from '../shared/request-log';

export interface PrintIqSandboxOptions {
  /** The SSO application key the service accepts. Default 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226' (the vendor document's example). */
  appKey?: string;
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on, an integer from 0 to 65535. Default 0: a free port chosen by the OS. */
  port?: number;
  /** Delay added before every answer, to make timing visible in tests. Default 0. */
  latencyMs?: number;
  /** The tenant site the answered URLs point at. Default 'http://printiq.test'. */
  siteUrl?: string;
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
  byFormat: { soap11: number; soap12: number; json: number; wsdl: number };
}

export type { LoggedRequest };

export interface PrintIqSandbox {
  /** The service, as a tenant's would be: `http://127.0.0.1:PORT/webservice/Authentication.asmx`. */
  url: string;
  /** `${url}?wsdl`: the shipped WSDL with its addresses pointing at this sandbox. */
  wsdlUrl: string;
  /** The AppKey the sandbox accepts. */
  appKey: string;
  /** Live counters; the object is mutated in place, so a saved reference stays current. */
  stats: PrintIqSandboxStats;
  /** Log of received requests, for asserting headers and bodies. Cleared in place by `reset()`. */
  requests: LoggedRequest[];
  /** Queue a fault; the next request(s), whatever their format, get it instead of the normal answer. */
  injectFault(fault: PrintIqFault): void;
  /** Clear stats, request log and queued faults. */
  reset(): void;
  /** Stop listening, drop every socket and pending delay. Safe to call twice. */
  close(): Promise<void>;
}

/** A fault applies to the next `times` requests (default 1), first queued first. */
export type PrintIqFault = { times?: number } & (
  /** This status with this body (default: empty body, no content type) and headers. */
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
