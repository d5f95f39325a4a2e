import type { AddressInfo } from 'node:net';
import { startHttpSandbox } from '../shared/http-sandbox';
import { httpBaseUrl, reachableAddress } from '../shared/listen';
import { checkFaultKind, statusFaultReply } from './faults';
import { resolveOptions } from './options';
import { serviceReply } from './reply';
import { route, SERVICE_PATH, wireFormatOf } from './routes';
import { countFormat, createStats, resetStats } from './stats';
import type { PrintIqFault, PrintIqSandbox, PrintIqSandboxOptions } from './types';
import { readShippedWsdl, withServiceAddress } from './wsdl';

/**
 * Starts an emulator of a tenant's printIQ SSO service (`/webservice/Authentication.asmx`) on
 * `port` (default: a free port) of `host`: SOAP 1.1, SOAP 1.2 and JSON as ASMX serves them, the WSDL at `?wsdl`.
 */
export async function startPrintIqSandbox(options: PrintIqSandboxOptions = {}): Promise<PrintIqSandbox> {
  const config = resolveOptions(options);
  const shippedWsdl = await readShippedWsdl();
  const stats = createStats();
  const rules = { appKey: config.appKey, siteUrl: config.siteUrl };

  const http = await startHttpSandbox<PrintIqFault>(
    {
      host: config.host,
      port: config.port,
      latencyMs: config.latencyMs,
      counters: stats,
      count: ({ method, url, headers }) => countFormat(stats, wireFormatOf(method, url, headers['content-type'])),
      checkFault: checkFaultKind,
      statusFaultReply,
      errorReply: (status, message) => serviceReply(status, 'text/plain; charset=utf-8', message),
    },
    (address) => {
      const serviceUrl = serviceUrlAt(address);
      const context = { rules, serviceUrl, wsdl: withServiceAddress(shippedWsdl, serviceUrl) };
      return (request, fault) => route(request, { ...context, wrongEnvelope: fault?.kind === 'wrong-envelope' });
    },
  );
  const serviceUrl = serviceUrlAt(http.address);

  return {
    url: serviceUrl,
    wsdlUrl: `${serviceUrl}?wsdl`,
    appKey: config.appKey,
    stats,
    requests: http.requests,
    injectFault: http.injectFault,
    reset: () => {
      resetStats(stats);
      http.clear();
    },
    close: http.close,
  };
}

/** The service URL at the bound address; a loopback address stands in for a wildcard `host`. */
function serviceUrlAt({ address, port }: AddressInfo): string {
  return httpBaseUrl(reachableAddress(address), port) + SERVICE_PATH;
}
