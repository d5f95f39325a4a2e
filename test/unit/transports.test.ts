// The two ways the pipeline reaches the wire, through real sockets: node:http
// (the default; a corporate CA through `ca`) and a caller's undici dispatcher
// (an Agent with a CA, a ProxyAgent through a CONNECT proxy). Also what both
// share: gzip unpacked under the size cap, and transport failures mapped.
import { once } from 'node:events';
import { Agent as HttpAgent, createServer as createHttpServer, type Server } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Agent, ProxyAgent } from 'undici';
import { IqNetworkError, IqProtocolError, IqValidationError } from '../../src';
import { HttpPipeline } from '../../src/http/pipeline';
import { IDLE_SOCKET_MS, STALE_MIN_IDLE_MS, socketsInUse } from '../../src/http/client/node-http-client';
import type { HttpOptions, HttpRequest } from '../../src/http/types';
import { socketsLeftInUse } from '../support/one-server';
import { httpAnswer, startRawServer } from '../support/raw-server';
import { answer, startScriptedServer, type ScriptedServer } from '../support/scripted-server';
import { makeTestPki, type TestPki } from '../support/test-pki';

const request = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'text/plain' },
  body: 'ping',
  operation: 'Test',
  idempotent: true,
  ...extra,
});
const pipeline = (options: HttpOptions = {}) => new HttpPipeline({ retry: { retries: 0 }, ...options });

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((ok) => server.close(() => ok()));
}

/** The open sockets of a server, so that closing it does not wait for keep-alive connections. */
function tracked(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

describe('node:http transport (the default)', () => {
  let server: ScriptedServer;
  let reply: Parameters<typeof startScriptedServer>[0];
  beforeEach(async () => {
    server = await startScriptedServer((req, res, index) => reply(req, res, index));
  });
  afterEach(() => server.close());

  it('sends method, headers and body as given, with a content-length, gzip accepted and our user agent', async () => {
    reply = (_req, res) => answer(res, 200, 'text/plain', 'pong');
    const response = await pipeline().send(request(server.url, { headers: { 'content-type': 'text/plain', 'x-custom': 'yes' }, body: 'héllo' }));
    expect(response).toMatchObject({ status: 200, body: 'pong' });
    expect(response.headers.get('Content-Type')).toBe('text/plain');
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'POST', body: 'héllo' });
    expect(seen.headers).toMatchObject({
      'content-type': 'text/plain',
      'x-custom': 'yes',
      'content-length': '6',
      'accept-encoding': 'gzip',
      'user-agent': 'iq-integration',
    });
  });

  it('keeps one connection for sequential calls, across clients without a CA of their own', async () => {
    reply = (_req, res) => answer(res, 200, 'text/plain', 'ok');
    for (let i = 0; i < 10; i++) await pipeline().send(request(server.url));
    expect(server.requests).toHaveLength(10);
    expect(server.connections).toBe(1);
  });

  it('counts a connection as in use while its call waits, and frees it when the call fails', async () => {
    reply = (_req, res) => setTimeout(() => answer(res, 200, 'text/plain', 'x'.repeat(2_000)), 100);
    const pending = pipeline({ maxResponseBytes: 1_000 }).send(request(server.url));
    while (server.requests.length === 0) await new Promise((ok) => setTimeout(ok, 5));
    expect(socketsInUse()).toBe(1);
    await expect(pending).rejects.toBeInstanceOf(IqProtocolError);
    expect(await socketsLeftInUse()).toBe(0);
  });

  it('joins repeated answer headers as fetch does', async () => {
    reply = (_req, res) => {
      res.setHeader('x-many', ['a', 'b']);
      answer(res, 200, 'text/plain', 'ok');
    };
    const response = await pipeline().send(request(server.url));
    expect(response.headers.get('x-many')).toBe('a, b');
    expect(response.headers.toObject()).toMatchObject({ 'x-many': 'a, b', 'content-type': 'text/plain' });
  });

  it('unpacks a gzip answer', async () => {
    const text = '<ok>' + 'x'.repeat(10_000) + '</ok>';
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' });
      res.end(gzipSync(text));
    };
    expect((await pipeline().send(request(server.url))).body).toBe(text);
  });

  it('counts what gzip unpacks to against maxResponseBytes (a gzip bomb is refused)', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    };
    const error = await pipeline({ maxResponseBytes: 1024 * 1024 })
      .send(request(server.url))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqProtocolError);
    expect((error as Error).message).toMatch(/larger than 1048576 bytes/);
  });

  it('refuses a body that claims gzip but is not, and an encoding it did not ask for', async () => {
    reply = (_req, res, index) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': index === 0 ? 'gzip' : 'br' });
      res.end('<not-gzip/>');
    };
    await expect(pipeline().send(request(server.url))).rejects.toThrow(new IqProtocolError('the answer to Test is not valid gzip'));
    await expect(pipeline().send(request(server.url))).rejects.toThrow(/is encoded as "br", which was not asked for/);
  });

  it('reads an empty answer marked gzip as empty (a 204, a zero length), not as broken gzip', async () => {
    reply = (_req, res, index) => {
      res.writeHead(index === 0 ? 204 : 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', ...(index > 0 && { 'content-length': '0' }) });
      res.end();
    };
    for (const status of [204, 200]) expect(await pipeline().send(request(server.url))).toMatchObject({ status, body: '', bytes: 0 });
  });

  it('never follows a redirect', async () => {
    reply = (_req, res) => answer(res, 302, 'text/html', 'moved', { location: 'http://127.0.0.1:1/elsewhere' });
    const response = await pipeline().send(request(server.url));
    expect(response.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });
});

describe('https: a corporate CA', () => {
  let pki: TestPki;
  let server: Server;
  let origin: string;
  let sockets: Set<Socket>;
  beforeAll(async () => {
    const made = makeTestPki();
    if ('error' in made) throw new Error(`the https tests need openssl (npm run setup installs it): ${made.error}`);
    pki = made;
    server = createHttpsServer({ key: readFileSync(pki.keyPath), cert: readFileSync(pki.certPath) }, (req, res) => {
      req.resume();
      req.on('end', () => answer(res, 200, 'text/plain', `secure ${req.method} ${req.url}`));
    });
    sockets = tracked(server);
    origin = await listen(server);
  });
  afterAll(async () => {
    await closeAll(server, sockets);
    pki.dispose();
  });

  it('refuses a certificate from an unknown CA as IqNetworkError with the TLS code', async () => {
    const error = await pipeline()
      .send(request(`https://${origin}/a`))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqNetworkError);
    expect((error as IqNetworkError).code).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
  });

  it('trusts the CA given as `ca`', async () => {
    const response = await pipeline({ ca: pki.ca }).send(request(`https://${origin}/a?b=1`));
    expect(response.body).toBe('secure POST /a?b=1');
  });

  it('trusts the CA set on an undici Agent given as `dispatcher`', async () => {
    const dispatcher = new Agent({ connect: { ca: pki.ca } });
    try {
      const response = await pipeline({ dispatcher }).send(request(`https://${origin}/via/agent?x=%C3%A9`));
      expect(response).toMatchObject({ status: 200, body: 'secure POST /via/agent?x=%C3%A9' });
      expect(response.headers.get('content-type')).toBe('text/plain');
    } finally {
      await dispatcher.close();
    }
  });

  it('refuses `ca` together with `dispatcher`, and a dispatcher that is not one', () => {
    expect(() => new HttpPipeline({ ca: 'x', dispatcher: new Agent() })).toThrow(IqValidationError);
    expect(() => new HttpPipeline({ dispatcher: {} })).toThrow(
      new IqValidationError('dispatcher must be an undici Dispatcher (Agent, ProxyAgent, ...)', 'dispatcher'),
    );
  });

  describe('through a CONNECT proxy, with undici ProxyAgent', () => {
    let proxy: Server;
    let proxyUrl: string;
    const tunnels: string[] = [];
    let proxySockets: Set<Socket>;
    beforeAll(async () => {
      proxy = createHttpServer((_req, res) => answer(res, 405, 'text/plain', 'CONNECT only'));
      proxy.on('connect', (req, client: Socket, head: Buffer) => {
        tunnels.push(req.url ?? '');
        const [host, port] = (req.url ?? '').split(':');
        const upstream = connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client).pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      proxySockets = tracked(proxy);
      proxyUrl = `http://${await listen(proxy)}`;
    });
    afterAll(() => closeAll(proxy, proxySockets));

    it('tunnels every call through the proxy, keeping its tunnels alive', async () => {
      const dispatcher = new ProxyAgent({ uri: proxyUrl, requestTls: { ca: pki.ca } });
      try {
        const through = pipeline({ dispatcher });
        for (let i = 0; i < 6; i++) expect((await through.send(request(`https://${origin}/p${i}`))).body).toBe(`secure POST /p${i}`);
        // undici opens a second connection while the first goes back to its pool; never one per call.
        expect(tunnels.length).toBeGreaterThanOrEqual(1);
        expect(tunnels.length).toBeLessThanOrEqual(2);
        expect(new Set(tunnels)).toEqual(new Set([origin]));
      } finally {
        await dispatcher.close();
      }
    });
  });
});

describe('undici dispatcher transport: failures', () => {
  let dispatcher: Agent;
  beforeEach(() => {
    dispatcher = new Agent();
  });
  afterEach(() => dispatcher.close());

  it('maps a refused connection to IqNetworkError ECONNREFUSED', async () => {
    const server = await startScriptedServer(() => undefined);
    const url = server.url;
    await server.close();
    const error = await pipeline({ dispatcher })
      .send(request(url))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqNetworkError);
    expect((error as IqNetworkError).code).toBe('ECONNREFUSED');
  });

  it('times out a silent server with IqTimeoutError, and unpacks gzip as the default transport does', async () => {
    const server = await startScriptedServer((_req, res, index) => {
      if (index === 0) return; // never answers
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync('unpacked'));
    });
    try {
      await expect(pipeline({ dispatcher, timeoutMs: 150 }).send(request(server.url))).rejects.toMatchObject({ name: 'IqTimeoutError', timeoutMs: 150 });
      expect((await pipeline({ dispatcher }).send(request(server.url))).body).toBe('unpacked');
    } finally {
      await server.close();
    }
  });
});

describe('node:http client: connections', () => {
  it('keeps to maxSockets connections per origin however many calls are in flight (default 10)', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await startScriptedServer((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        answer(res, 200, 'text/plain', 'ok');
      }, 20);
    });
    try {
      await Promise.all(Array.from({ length: 40 }, () => pipeline({ maxSockets: 3 }).send(request(server.url))));
      expect({ most, connections: server.connections, requests: server.requests.length }).toEqual({ most: 3, connections: 3, requests: 40 });
      most = 0;
      await Promise.all(Array.from({ length: 40 }, () => pipeline().send(request(server.url))));
      expect(most).toBe(10);
    } finally {
      await server.close();
    }
  });

  it("uses the caller's own agent as it is, and refuses one for the other protocol before sending", async () => {
    const server = await startScriptedServer((_req, res) => answer(res, 200, 'text/plain', 'ok'));
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      let freed = 0;
      agent.on('free', () => freed++);
      await Promise.all(Array.from({ length: 5 }, () => pipeline({ agent }).send(request(server.url))));
      expect({ connections: server.connections, freed }).toEqual({ connections: 1, freed: 5 });
      const wrong = await pipeline({ agent: new HttpsAgent() })
        .send(request(server.url))
        .catch((e: unknown) => e);
      expect(wrong).toEqual(new IqValidationError('agent is an agent for https: but the URL is http:', 'agent'));
      expect(server.requests).toHaveLength(5);
      expect(() => pipeline({ agent, ca: 'x' })).toThrow(IqValidationError);
      expect(() => pipeline({ agent, maxSockets: 2 })).toThrow(IqValidationError);
      expect(() => pipeline({ agent: {} as HttpAgent })).toThrow(new IqValidationError('agent must be an http.Agent or https.Agent', 'agent'));
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it('closes a pooled connection that sat idle for IDLE_SOCKET_MS, before the server would; never one that carries a request', async () => {
    const server = createHttpServer((_req, res) => {
      // Longer than the idle limit: the connection is in use all that time and must not be closed under it.
      setTimeout(() => res.end('late'), IDLE_SOCKET_MS + 600);
    });
    server.keepAliveTimeout = 60_000;
    const closed: number[] = [];
    server.on('connection', (socket: Socket) => socket.on('close', () => closed.push(Date.now())));
    const host = await listen(server);
    try {
      const answered = await pipeline().send(request(`http://${host}/`));
      expect(answered.body).toBe('late');
      const freedAt = Date.now();
      while (closed.length === 0) await new Promise((ok) => setTimeout(ok, 50));
      // Closed by the client, after it had sat idle for the limit (the server would wait a minute).
      expect(closed[0] - freedAt).toBeGreaterThanOrEqual(IDLE_SOCKET_MS - 50);
      expect(socketsInUse()).toBe(0);
    } finally {
      await closeAll(server, new Set());
    }
  });

  it("closes a pooled connection a second before the server's Keep-Alive: timeout=N says it will, so no request races the server's close", async () => {
    // Node's server announces its keepAliveTimeout as `Keep-Alive: timeout=2`, and closes an idle connection then.
    const server = createHttpServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 2_000;
    let serverTimedOut = false;
    let closed = false;
    server.on('connection', (socket: Socket) => {
      socket.on('timeout', () => (serverTimedOut = true));
      socket.on('close', () => (closed = true));
    });
    const host = await listen(server);
    try {
      const answered = await pipeline().send(request(`http://${host}/`));
      expect(answered.headers.get('keep-alive')).toBe('timeout=2');
      while (!closed) await new Promise((ok) => setTimeout(ok, 50));
      // The client closed it first: the server never reached its own idle timeout.
      expect(serverTimedOut).toBe(false);
    } finally {
      await closeAll(server, new Set());
    }
  });

  describe('a keep-alive socket that failed after sitting idle', () => {
    // The raw server drops the connection when the second request arrives on it, as a server whose idle
    // timeout fired at that moment does. From the client it looks the same as a server that read the
    // request and then dropped the connection: so only a request that is safe to send twice is replayed.
    const serve = () =>
      startRawServer((req, socket, index) => (index === 1 ? socket.destroy() : socket.write(httpAnswer(200, 'text/plain', `answer ${index}`))));
    const idle = () => new Promise((ok) => setTimeout(ok, STALE_MIN_IDLE_MS + 100));

    it(`is replayed once, at once, outside the retry budget, for an idempotent call idle ${STALE_MIN_IDLE_MS} ms or more`, async () => {
      const raw = await serve();
      try {
        const client = pipeline({ maxSockets: 1, retry: { retries: 0 } });
        await client.send(request(`${raw.origin}/a`));
        await idle();
        const response = await client.send(request(`${raw.origin}/b`));
        expect(response.body).toBe('answer 2');
        expect({ requests: raw.requests.map((r) => r.path), connections: raw.connections }).toEqual({ requests: ['/a', '/b', '/b'], connections: 2 });
      } finally {
        await raw.close();
      }
    });

    it('is never replayed for a call that is not idempotent: the request may have arrived', async () => {
      const raw = await serve();
      try {
        const client = pipeline({ maxSockets: 1, retry: { retries: 2, initialDelayMs: 5 } });
        await client.send(request(`${raw.origin}/a`, { idempotent: false }));
        await idle();
        const err = await client.send(request(`${raw.origin}/b`, { idempotent: false })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IqNetworkError);
        expect(raw.requests.map((r) => r.path)).toEqual(['/a', '/b']);
      } finally {
        await raw.close();
      }
    });

    it('is not taken for stale when it had just been used: an idempotent call without retries fails', async () => {
      const raw = await serve();
      try {
        const client = pipeline({ maxSockets: 1, retry: { retries: 0 } });
        await client.send(request(`${raw.origin}/a`));
        const err = await client.send(request(`${raw.origin}/b`)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IqNetworkError);
        expect(raw.requests).toHaveLength(2);
      } finally {
        await raw.close();
      }
    });
  });
});

describe('answer charsets', () => {
  it('decodes the body in its declared charset, and refuses one it cannot decode', async () => {
    const server = await startScriptedServer((_req, res, index) => {
      res.writeHead(200, { 'content-type': index === 0 ? 'text/plain; charset=ISO-8859-1' : 'text/plain; charset="x-klingon"' });
      res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    });
    try {
      expect((await pipeline().send(request(server.url))).body).toBe('café');
      const err = await pipeline()
        .send(request(server.url))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IqProtocolError);
      expect((err as Error).message).toBe('the answer to Test declares a charset that cannot be decoded ("text/plain; charset=\\"x-klingon\\"")');
      // Like every error of the package: the status and the request, so the call can be found again.
      expect(err).toMatchObject({ status: 200, operation: 'Test', request: { method: 'POST', url: server.url } });
    } finally {
      await server.close();
    }
  });
});
