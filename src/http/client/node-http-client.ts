// The default HTTP client: node:http and node:https on keep-alive agents.
// Measured against fetch on loopback it takes about half the time per call
// (bench/RESULTS.md): fetch adds WHATWG Request/Response objects and web
// streams that this package has no use for.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type https from 'node:https';
import { IqValidationError } from '../../errors/IqValidationError';
import type { AttemptEnd, CertificateAuthority, HttpClient, HttpRequest, RawResponse } from '../types';
import { ATTEMPT_ENDED } from '../attempt-control';
import { interimAnswer, markStaleSocket } from '../failure';

/** Idle connections are closed after this, before a server's own idle timeout can race a new request. */
export const IDLE_SOCKET_MS = 4_000;
/** Connections per origin by default: a burst of calls queues instead of opening one connection each. */
export const DEFAULT_MAX_SOCKETS = 10;

/** node:https is loaded on the first https request: a process that makes none does not pay for TLS. */
let httpsModule: typeof https | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tls = (): typeof https => (httpsModule ??= require('node:https') as typeof https);

/** Agents are shared by every client with the same CA and socket limit, as fetch's global dispatcher is. */
const agents = new Map<string, http.Agent>();

function sharedAgent(secure: boolean, maxSockets: number, ca: CertificateAuthority | undefined): http.Agent {
  const caKey = ca === undefined ? '' : createHash('sha256').update([ca].flat().map(String).join('\n')).digest('hex');
  const key = `${secure ? 'https' : 'http'}|${maxSockets}|${caKey}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets };
    agent = secure ? new (tls().Agent)({ ...options, ...(ca !== undefined && { ca }) }) : new http.Agent(options);
    agents.set(key, agent);
    honourKeepAliveHint(agent);
    agent.on('free', () => sweepLater(agent!));
  }
  return agent;
}

/** How long each pooled socket may sit idle: IDLE_SOCKET_MS, or less where its server said so. */
const idleLimit = new WeakMap<object, number>();

/**
 * A server's `Keep-Alive: timeout=N` says when it will close an idle connection: the socket is kept
 * for a second less (none at all under 2 s), so a request never goes out on a connection the server
 * is closing. Node's agent reads the hint only against its own `timeout`, which the sweep replaces.
 */
function honourKeepAliveHint(agent: http.Agent): void {
  const keep = agent.keepSocketAlive.bind(agent) as (socket: Duplex) => boolean;
  agent.keepSocketAlive = ((socket: Duplex) => {
    if (!keep(socket)) return false;
    const answer = (socket as { _httpMessage?: { res?: http.IncomingMessage } })._httpMessage?.res;
    const hint = /^\s*timeout=(\d+)/i.exec(String(answer?.headers['keep-alive'] ?? ''))?.[1];
    const limit = hint === undefined ? IDLE_SOCKET_MS : Math.min(IDLE_SOCKET_MS, Number(hint) * 1000 - 1000);
    if (limit <= 0) return false;
    idleLimit.set(socket, limit);
    return true;
  }) as never;
}

/** Connections of the package's agents that are carrying a request now (idle ones not counted): 0 when nothing is in flight. */
export function socketsInUse(): number {
  let count = 0;
  for (const agent of agents.values()) for (const list of Object.values(agent.sockets)) count += list?.length ?? 0;
  return count;
}

export interface NodeHttpClientOptions {
  /** Replaces Node's trusted roots for https, as `tls.connect({ ca })` does. */
  ca?: CertificateAuthority;
  maxSockets?: number;
  /** The caller's own agent: used as it is (its CA, socket limit and keep-alive). */
  agent?: http.Agent;
}

/** Errors on a reused keep-alive socket that the server closed while it sat idle. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);
/**
 * A server closes a keep-alive connection for idleness only after a while (Node 5 s, nginx 75 s,
 * IIS 120 s): a socket idle for less than this that fails was not closed for idleness, and the
 * request may have arrived, so it is not taken for stale.
 */
export const STALE_MIN_IDLE_MS = 1_000;
/** When each socket last went back to its agent's pool. */
const freedAt = new WeakMap<object, number>();
const watched = new WeakSet<http.Agent>();

/**
 * Idle connections are closed by one sweep of the pool, not by a timer on each socket: the agent's
 * own `timeout` would also run while a socket carries a request, pushed back on every read and write.
 */
const SWEEP_MS = 500;
const sweeps = new WeakSet<http.Agent>();

function sweepLater(agent: http.Agent): void {
  if (sweeps.has(agent)) return;
  sweeps.add(agent);
  setTimeout(() => {
    sweeps.delete(agent);
    const now = Date.now();
    let waiting = false;
    for (const pool of Object.values(agent.freeSockets)) {
      for (const socket of pool ?? []) {
        if (now - (freedAt.get(socket) ?? now) >= (idleLimit.get(socket) ?? IDLE_SOCKET_MS)) socket.destroy();
        else waiting = true;
      }
    }
    if (waiting) sweepLater(agent);
  }, SWEEP_MS).unref();
}

/** How long a socket sat in the pool before a request sent at `sentAt` took it (0 for a new one, or one handed over as it was freed). */
function idleBefore(socket: object | null, sentAt: number): number {
  const freed = socket ? freedAt.get(socket) : undefined;
  return freed === undefined ? 0 : Math.max(0, sentAt - freed);
}

function watchFreeSockets(agent: http.Agent): void {
  if (watched.has(agent)) return;
  watched.add(agent);
  agent.on('free', (socket: object) => freedAt.set(socket, Date.now()));
}

export class NodeHttpClient implements HttpClient {
  /** The agent for each protocol, found once: the shared pool's key is not worked out again for every request. */
  readonly #agents: Partial<Record<'http:' | 'https:', http.Agent>> = {};

  constructor(private readonly options: NodeHttpClientOptions = {}) {}

  private agentFor(protocol: 'http:' | 'https:'): http.Agent {
    let agent = this.#agents[protocol];
    if (!agent) {
      agent = this.findAgent(protocol);
      watchFreeSockets(agent);
      this.#agents[protocol] = agent;
    }
    return agent;
  }

  private findAgent(protocol: 'http:' | 'https:'): http.Agent {
    const secure = protocol === 'https:';
    const own = this.options.agent;
    if (own) {
      const its = (own as { protocol?: string }).protocol ?? 'http:';
      if (its !== protocol) throw new IqValidationError(`agent is an agent for ${its} but the URL is ${protocol}`, 'agent');
      return own;
    }
    return sharedAgent(secure, this.options.maxSockets ?? DEFAULT_MAX_SOCKETS, secure ? this.options.ca : undefined);
  }

  send<T>(request: HttpRequest, end: AttemptEnd, read: (answer: RawResponse) => Promise<T>): Promise<T> {
    const secure = request.url.startsWith('https:');
    const agent = this.agentFor(secure ? 'https:' : 'http:');
    const headers: Record<string, string> = request.headers;
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    return new Promise((resolve, reject) => {
      let answered = false;
      const sentAt = Date.now();
      const req = (secure ? tls() : http).request(request.url, { method: request.method, headers, agent }, (res) => {
        answered = true;
        // Read in this callback, as a hand-written client does: no promise between the head and the body.
        read({ status: res.statusCode ?? 0, headers: res.headers, body: res }).then(resolve, reject);
      });
      // Ending the attempt drops the connection, also while the body is being read, and settles at once.
      end.onEnd(() => {
        req.destroy();
        reject(ATTEMPT_ENDED);
      });
      // Node hands a 101 with Upgrade: to this event, never to the callback above: without it the call waits forever.
      req.on('upgrade', (res, socket) => {
        answered = true;
        socket.destroy();
        reject(interimAnswer(res.statusCode ?? 101));
      });
      req.on('error', (error: Error & { code?: string }) => {
        // Once the head is in, the body's reader reports what goes wrong (its stream fails or closes too),
        // except a body that is not HTTP: the parser's error comes here first, the body sees only "aborted".
        if (answered && !error.code?.startsWith('HPE_')) return;
        // A keep-alive socket that sat idle and failed before any byte of the answer: most likely closed by
        // the server for idleness, so the request never reached it. Most likely, not surely: see the pipeline.
        if (req.reusedSocket && STALE_SOCKET.has(error.code ?? '') && idleBefore(req.socket, sentAt) >= STALE_MIN_IDLE_MS) markStaleSocket(error);
        reject(error);
      });
      req.end(request.body);
    });
  }
}
