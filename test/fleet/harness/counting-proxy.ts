// A proxy in front of the IQ Reseller sandbox that counts what the vendor
// would see: requests under way at once (and the most ever), sign-ins, calls.
// The fleet's clients talk to it; it forwards each request on a keep-alive agent.
import { Agent, createServer, request as forward } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CountingProxy {
  url: string;
  /** Requests under way now, and the most that ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Requests to webapi.svc answered 2xx, and any request answered otherwise. */
  readonly calls: number;
  readonly sessionPosts: number;
  /** Resets the counters (not the requests under way). */
  reset(): void;
  /** Resolves once `calls` reaches `n`. */
  callsReach(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  let sessionPosts = 0;
  const waiters: Array<{ n: number; ok: () => void }> = [];

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (req.method === 'POST' && /IntegrationAPI\/Session/i.test(req.url ?? '')) sessionPosts++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    // 'finish': the answer is handed to the OS, before the client can have read it (and sent its next request).
    res.on('finish', finish);
    res.on('close', finish);
    const out = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => {
        if ((req.url ?? '').startsWith('/webapi.svc/') && (answer.statusCode ?? 0) < 300) {
          calls++;
          for (const waiter of waiters.filter((w) => calls >= w.n)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.ok();
          }
        }
      });
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get calls() {
      return calls;
    },
    get sessionPosts() {
      return sessionPosts;
    },
    reset() {
      maxInFlight = inFlight;
      calls = 0;
      sessionPosts = 0;
    },
    callsReach: (n) => (calls >= n ? Promise.resolve() : new Promise((ok) => waiters.push({ n, ok }))),
    close: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => ok());
      }),
  };
}
