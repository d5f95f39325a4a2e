// The default transport: node:http and node:https on keep-alive agents.
// Measured against fetch on loopback it takes about half the time per call
// (bench/RESULTS.md): fetch adds WHATWG Request/Response objects and web
// streams that this package has no use for.
import http from 'node:http';
import https from 'node:https';
import type { HttpRequest } from '../types';
import type { RawResponse, Transport } from './types';

/** Idle connections are closed after this, before a server's own idle timeout can race a new request. */
const IDLE_SOCKET_MS = 4_000;

const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS } as const;
// Shared by every client without its own CA, as fetch's global dispatcher is.
const sharedHttp = new http.Agent(agentOptions);
const sharedHttps = new https.Agent(agentOptions);

/** Connections of the shared agents that are carrying a request now (idle ones not counted): 0 when nothing is in flight. */
export function socketsInUse(): number {
  let count = 0;
  for (const agent of [sharedHttp, sharedHttps]) for (const list of Object.values(agent.sockets)) count += list?.length ?? 0;
  return count;
}

export type CertificateAuthority = string | Buffer | Array<string | Buffer>;

export class NodeHttpTransport implements Transport {
  private readonly httpsAgent: https.Agent;

  /** `ca` replaces Node's trusted roots for https, as `tls.connect({ ca })` does. */
  constructor(ca?: CertificateAuthority) {
    this.httpsAgent = ca === undefined ? sharedHttps : new https.Agent({ ...agentOptions, ca });
  }

  send(request: HttpRequest, signal: AbortSignal): Promise<RawResponse> {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(url, { method: request.method, headers, agent: secure ? this.httpsAgent : sharedHttp, signal }, (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
      });
      req.on('error', reject);
      req.end(request.body);
    });
  }
}
