import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Delays } from './delays';
import { FaultQueue, type SandboxFault } from './fault-queue';
import { iisErrorPage } from './iis-error-page';
import { listen, stopListening } from './listen';
import { readBody } from './read-body';
import { writeReply, writeTruncatedReply, type Reply } from './reply';
import { logRequest, type LoggedRequest } from './request-log';

/**
 * The HTTP server under both emulators: it logs and counts every request, then answers it
 * through the emulator's route, applying the first queued fault that fits the request
 * (`reset`, `delay`, `status`, `html`, `truncate`; other kinds are left to the route).
 */

/** A request as routed: body read in full, URL parsed against a placeholder origin. */
export interface SandboxRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What is known of a request before its fault is chosen: all but the body. */
export type RequestHead = Omit<SandboxRequest, 'body'>;

/** A route's answer that is no answer: the request is held until the client gives up or the sandbox closes (a hung page). */
export const NO_ANSWER = Symbol('no answer');

/** The emulator's answer to a request; `fault` is the fault taken for it, if any. */
export type Route<F> = (request: SandboxRequest, fault: F | undefined) => Reply | typeof NO_ANSWER;

export interface HttpSandboxConfig<F extends SandboxFault> {
  host: string;
  /** 0: a free port. */
  port: number;
  /** Added before every answer. */
  latencyMs: number;
  /** Counted here, in place: every request (faulted ones included) and every accepted TCP connection. */
  counters: { requests: number; connections: number };
  /** The emulator's own counting of each request, before any fault applies. */
  count?(request: RequestHead): void;
  /** The emulator's own checks of an injected fault, run before the shared ones. */
  checkFault?(fault: F): void;
  /** Whether a queued fault may serve this request. Default: any fault serves any request. */
  faultFits?(fault: F, request: RequestHead): boolean;
  /** The answer of a `status` fault. */
  statusFaultReply(fault: Extract<F, { kind: 'status' }>): Reply;
  /** The emulator's form of the sandbox's own errors: 413 for a body over MAX_BODY_BYTES, 500 for a sandbox failure. */
  errorReply(status: 413 | 500, message: string): Reply;
  /** Sees each answer (faulted ones included) just before it is written. */
  sending?(reply: Reply): void;
  /** Entries the request log keeps (the oldest are dropped first). Default MAX_LOGGED_REQUESTS. */
  requestLogLimit?: number;
}

export interface HttpSandbox<F> {
  /** The address bound. */
  address: AddressInfo;
  /** The request log, kept in place. */
  requests: LoggedRequest[];
  injectFault(fault: F): void;
  /** Empties the request log (in place) and the fault queue. */
  clear(): void;
  /** Stops listening, drops every socket and abandons pending delays. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Listens on `config.port` of `config.host`, then serves requests through the route that
 * `createRoute` makes for the bound address (an emulator's URLs may name it).
 */
export async function startHttpSandbox<F extends SandboxFault>(
  config: HttpSandboxConfig<F>,
  createRoute: (address: AddressInfo) => Route<F>,
): Promise<HttpSandbox<F>> {
  const server = createServer();
  const address = await listen(server, config.host, config.port);
  const state: ServingState<F> = {
    config,
    route: createRoute(address),
    faults: new FaultQueue<F>(config.checkFault),
    delays: new Delays(),
    requests: [],
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res, state).catch(() => {
      // Only reached on a broken request stream (client gone) or a sandbox bug: never hang the client.
      if (!res.headersSent) writeReply(res, config.errorReply(500, 'Sandbox internal error.'));
      else res.destroy();
    });
  });
  server.on('connection', () => config.counters.connections++);

  let closing: Promise<void> | undefined;
  return {
    address,
    requests: state.requests,
    injectFault: (fault: F) => state.faults.add(fault),
    clear: () => {
      state.requests.length = 0;
      state.faults.clear();
    },
    close: () => (closing ??= stopServing(server, state.delays)),
  };
}

function stopServing(server: Server, delays: Delays): Promise<void> {
  delays.cancelAll();
  return stopListening(server);
}

interface ServingState<F extends SandboxFault> {
  config: HttpSandboxConfig<F>;
  route: Route<F>;
  faults: FaultQueue<F>;
  delays: Delays;
  requests: LoggedRequest[];
}

async function handleRequest<F extends SandboxFault>(req: IncomingMessage, res: ServerResponse, state: ServingState<F>): Promise<void> {
  const { config } = state;
  const body = await readBody(req);
  const head: RequestHead = {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', 'http://sandbox.invalid'),
    headers: { ...req.headers },
  };
  logRequest(state.requests, { method: head.method, path: req.url ?? '/', headers: head.headers, body: body ?? '' }, config.requestLogLimit);
  config.counters.requests++;
  config.count?.(head);

  const fault = state.faults.take((queued) => config.faultFits?.(queued, head) ?? true);
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  // `ms` and `status` are checked when a fault is queued.
  await state.delays.wait(config.latencyMs + (fault?.kind === 'delay' ? fault.ms! : 0));

  let reply: Reply | typeof NO_ANSWER;
  if (fault?.kind === 'status') reply = config.statusFaultReply(fault as Extract<F, { kind: 'status' }>);
  else if (fault?.kind === 'html') reply = iisErrorPage(fault.status!);
  else if (body === undefined) reply = config.errorReply(413, 'Request body too large.');
  else reply = state.route({ ...head, body }, fault);
  if (reply === NO_ANSWER) {
    // close() drops every socket, so a held request ends with the sandbox at the latest.
    await new Promise((resolve) => res.once('close', resolve));
    return;
  }

  config.sending?.(reply);
  if (fault?.kind === 'truncate') writeTruncatedReply(res, reply);
  else writeReply(res, reply);
}
