import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SampleData } from './data';
import { Delays } from './delays';
import { FaultQueue, htmlFaultReply, statusFaultReply } from './faults';
import { resolveOptions, type ResolvedOptions } from './options';
import { apiError, writeReply, writeTruncatedReply, type Reply } from './reply';
import { SessionStore } from './sessions';
import { handleSession, SESSION_PATH } from './signin';
import { createStats, resetStats } from './stats';
import type { Fault, LoggedRequest, ResellerSandbox, ResellerSandboxOptions, ResellerSandboxStats } from './types';
import { handleWebApi } from './webapi';

/** Request bodies are small JSON filters; anything bigger is a client bug worth a clear answer. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts the emulator on a free port of `host`. Signin and data hosts are served by the same server. */
export async function startResellerSandbox(options: ResellerSandboxOptions = {}): Promise<ResellerSandbox> {
  const config = resolveOptions(options);
  const state: SandboxState = {
    config,
    sessions: new SessionStore(config.sessionTtlMs),
    data: new SampleData(config),
    faults: new FaultQueue(),
    delays: new Delays(),
    stats: createStats(),
    requests: [],
  };

  const server = createServer((req, res) => {
    handleRequest(req, res, state).catch(() => {
      // Only reached on a broken request stream (client gone) or a sandbox bug: never hang the client.
      if (!res.headersSent) writeReply(res, apiError(500, 'Sandbox internal error.'));
      else res.destroy();
    });
  });
  server.on('connection', () => state.stats.connections++);
  const baseUrl = await listen(server, config.host);

  let closing: Promise<void> | undefined;
  return {
    signinUrl: baseUrl,
    apiUrl: baseUrl,
    stats: state.stats,
    requests: state.requests,
    expireAllSessions: () => state.sessions.expireAll(),
    endAllSessions: () => {
      state.stats.sessionsEnded += state.sessions.endAll();
    },
    injectFault: (fault: Fault) => state.faults.add(fault),
    reset: () => {
      resetStats(state.stats);
      state.requests.length = 0;
      state.faults.clear();
    },
    close: () => (closing ??= stop(server, state.delays)),
  };
}

interface SandboxState {
  config: ResolvedOptions;
  sessions: SessionStore;
  data: SampleData;
  faults: FaultQueue;
  delays: Delays;
  stats: ResellerSandboxStats;
  requests: LoggedRequest[];
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, state: SandboxState): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  record(state, { method, path: req.url ?? '/', headers: { ...req.headers }, body: body ?? '' }, url.pathname);

  const fault = state.faults.take(url.pathname);
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  await state.delays.wait(state.config.latencyMs + (fault?.kind === 'delay' ? fault.ms : 0));

  let reply: Reply;
  if (fault?.kind === 'status') reply = statusFaultReply(fault);
  else if (fault?.kind === 'html') reply = htmlFaultReply(fault.status);
  else if (body === undefined) reply = apiError(413, 'Request body too large.');
  else reply = route(method, url, req, body, state);

  if (reply.status === 401) state.stats.unauthorized++;
  if (fault?.kind === 'truncate') writeTruncatedReply(res, reply);
  else writeReply(res, reply);
}

function route(method: string, url: URL, req: IncomingMessage, body: string, state: SandboxState): Reply {
  if (SESSION_PATH.test(url.pathname)) {
    return handleSession(method, req.headers.authorization, body, state.config.apiKeys, state.sessions, {
      created: () => state.stats.sessionsCreated++,
      ended: () => state.stats.sessionsEnded++,
    });
  }
  const query = new Map<string, string>();
  for (const [name, value] of url.searchParams) if (!query.has(name.toLowerCase())) query.set(name.toLowerCase(), value);
  return handleWebApi({ method, pathname: url.pathname, query, headers: req.headers, body }, state.sessions, state.data);
}

function record(state: SandboxState, entry: LoggedRequest, pathname: string): void {
  state.stats.requests++;
  state.stats.byPath[pathname] = (state.stats.byPath[pathname] ?? 0) + 1;
  state.requests.push(entry);
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

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      resolve(`http://${address.includes(':') ? `[${address}]` : address}:${port}`);
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
