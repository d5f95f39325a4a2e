import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Delays } from '../reseller/delays';
import { FaultQueue, htmlFaultReply, statusFaultReply } from './faults';
import { resolveOptions } from './options';
import { serviceReply, writeReply, writeTruncatedReply, type Reply } from './reply';
import { route, SERVICE_PATH, wireFormatOf, type RouteContext } from './routes';
import { countRequest, createStats, resetStats } from './stats';
import type { LoggedRequest, PrintIqFault, PrintIqSandbox, PrintIqSandboxOptions, PrintIqSandboxStats } from './types';
import { readShippedWsdl, withServiceAddress } from './wsdl';

/** SSO requests are a few hundred bytes; anything bigger is a client bug worth a clear answer. */
const MAX_BODY_BYTES = 1024 * 1024;

interface SandboxState {
  context: Omit<RouteContext, 'wrongEnvelope'>;
  latencyMs: number;
  faults: FaultQueue;
  delays: Delays;
  stats: PrintIqSandboxStats;
  requests: LoggedRequest[];
}

/**
 * Starts an emulator of a tenant's printIQ SSO service (`/webservice/Authentication.asmx`) on a free
 * port of `host`: SOAP 1.1, SOAP 1.2 and JSON as ASMX serves them, the WSDL at `?wsdl`.
 */
export async function startPrintIqSandbox(options: PrintIqSandboxOptions = {}): Promise<PrintIqSandbox> {
  const config = resolveOptions(options);
  const shippedWsdl = await readShippedWsdl();
  const server = createServer();
  const baseUrl = await listen(server, config.host);
  const serviceUrl = baseUrl + SERVICE_PATH;

  const state: SandboxState = {
    context: {
      rules: { appKey: config.appKey, siteUrl: config.siteUrl },
      serviceUrl,
      wsdl: withServiceAddress(shippedWsdl, serviceUrl),
    },
    latencyMs: config.latencyMs,
    faults: new FaultQueue(),
    delays: new Delays(),
    stats: createStats(),
    requests: [],
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res, state).catch(() => {
      // Only reached on a broken request stream (client gone) or a sandbox bug: never hang the client.
      if (!res.headersSent) writeReply(res, serviceReply(500, 'text/plain; charset=utf-8', 'Sandbox internal error.'));
      else res.destroy();
    });
  });
  server.on('connection', () => state.stats.connections++);

  let closing: Promise<void> | undefined;
  return {
    url: serviceUrl,
    wsdlUrl: `${serviceUrl}?wsdl`,
    appKey: config.appKey,
    stats: state.stats,
    requests: state.requests,
    injectFault: (fault: PrintIqFault) => state.faults.add(fault),
    reset: () => {
      resetStats(state.stats);
      state.requests.length = 0;
      state.faults.clear();
    },
    close: () => (closing ??= stop(server, state.delays)),
  };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, state: SandboxState): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  const headers = { ...req.headers };
  state.requests.push({ method, path: req.url ?? '/', headers, body: body ?? '' });
  countRequest(state.stats, wireFormatOf(method, url, req.headers['content-type']));

  const fault = state.faults.take();
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  await state.delays.wait(state.latencyMs + (fault?.kind === 'delay' ? fault.ms : 0));

  let reply: Reply;
  if (fault?.kind === 'status') reply = statusFaultReply(fault);
  else if (fault?.kind === 'html') reply = htmlFaultReply(fault.status);
  else if (body === undefined) reply = serviceReply(413, 'text/plain; charset=utf-8', 'Request body too large.');
  else reply = route({ method, url, headers, body }, { ...state.context, wrongEnvelope: fault?.kind === 'wrong-envelope' });

  if (fault?.kind === 'truncate') writeTruncatedReply(res, reply);
  else writeReply(res, reply);
}

/** The whole body as UTF-8 text, or undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** Listens on a free port; the URL names a loopback address when `host` is a wildcard. */
function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      const reachable = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
      resolve(`http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`);
    });
  });
}

function stop(server: Server, delays: Delays): Promise<void> {
  return new Promise((resolve) => {
    delays.cancelAll();
    server.close(() => resolve());
    // Keep-alive sockets would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
