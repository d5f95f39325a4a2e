// Answers at the level of bytes that no HTTP server library sends, for every
// kind of call (SSO over each wire form, IQ Reseller calls and its sign-in,
// the CLI): a 101 with Upgrade (which Node hands to an event the response
// callback never sees), text that is not HTTP, headers over Node's limit.
// Each must be a typed error within the timeout, not a hang, and must not be
// replayed: the server answered, wrongly.
import type { Socket } from 'node:net';
import { Agent } from 'undici';
import { IqAbortError, IqProtocolError, IqResellerClient, PrintIqSsoClient, type IqError } from '../../src';
import { main } from '../../src/cli/main';
import { failure } from '../support/one-server';
import { httpAnswer, startRawServer, type RawRequest, type RawServer } from '../support/raw-server';

const APP_KEY = 'WIRE-FAULT-APPKEY-0123456789';
const API_KEY = 'WIRE-FAULT-APIKEY-0123456789';
const TOKEN = 'wire-fault-token-0123456789abcdef';
const TIMEOUT_MS = 8_000;

const FAULTS: Record<string, (socket: Socket) => void> = {
  '101 Switching Protocols with Upgrade': (s) => s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'),
  '101 Switching Protocols without Upgrade': (s) => s.write('HTTP/1.1 101 Switching Protocols\r\n\r\n'),
  'a banner that is not HTTP': (s) => s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'),
  'headers over the limit': (s) => s.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(100_000)}\r\ncontent-length: 2\r\n\r\nok`),
  // After a valid head: Node's parser fails on the body, which its body stream reports only as a reset.
  'a chunked body whose chunk size is not a number': (s) =>
    s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
};

interface Target {
  name: string;
  /** Requests to this path get the fault; others (the sign-in) are answered normally. */
  faulted: (request: RawRequest) => boolean;
  run(origin: string, signal?: AbortSignal): Promise<unknown>;
}

// The same answers through a caller's undici dispatcher (a proxy's, say), whose errors are undici's own.
const dispatcher = new Agent();
afterAll(() => dispatcher.close());

const sso = (transport: 'soap12' | 'soap11' | 'json', via?: 'undici'): Target => ({
  name: `SSO over ${transport}${via ? ' through an undici dispatcher' : ''}`,
  faulted: () => true,
  run: (origin, signal) =>
    new PrintIqSsoClient({
      url: `${origin}/webservice/Authentication.asmx`,
      appKey: APP_KEY,
      transport,
      timeoutMs: TIMEOUT_MS,
      ...(via && { dispatcher }),
    }).request({ userName: 'testuser' }, { signal }),
});

const reseller = (name: string, faulted: Target['faulted'], call: (c: IqResellerClient, signal?: AbortSignal) => Promise<unknown>, via?: 'undici'): Target => ({
  name: `${name}${via ? ' through an undici dispatcher' : ''}`,
  faulted,
  async run(origin, signal) {
    const client = new IqResellerClient({ apiKey: API_KEY, signinUrl: origin, apiUrl: origin, timeoutMs: TIMEOUT_MS, ...(via && { dispatcher }) });
    try {
      return await call(client, signal);
    } finally {
      // close() must not wait forever on a call that met the fault.
      await client.close().catch(() => undefined);
    }
  },
});

const isSignin = (r: RawRequest) => r.path.startsWith('/api/IntegrationAPI/Session');
const TARGETS: Target[] = [
  sso('soap12'),
  sso('soap11'),
  sso('json'),
  reseller(
    'IQ Reseller getCVs()',
    (r) => !isSignin(r),
    (c, signal) => c.getCVs(undefined, { signal }),
  ),
  reseller(
    'IQ Reseller call() GET, XML',
    (r) => !isSignin(r),
    (c, signal) => c.call({ module: 'SO', operation: 'GetSOs', format: 'xml', signal }),
  ),
  reseller('IQ Reseller sign-in', isSignin, (c, signal) => c.getCVs(undefined, { signal })),
  sso('json', 'undici'),
  reseller(
    'IQ Reseller getCVs()',
    (r) => !isSignin(r),
    (c, signal) => c.getCVs(undefined, { signal }),
    'undici',
  ),
];

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(target: Target, fault: (socket: Socket) => void): Promise<RawServer> {
  server = await startRawServer((request, socket) => {
    if (target.faulted(request)) return fault(socket);
    socket.write(isSignin(request) ? httpAnswer(200, 'application/json', JSON.stringify({ Data: TOKEN })) : httpAnswer(200, 'application/json', '[]'));
  });
  return server;
}

describe.each(TARGETS)('$name', (target) => {
  it.each(Object.keys(FAULTS))('%s: IqProtocolError at once, sent once, no secret in it', async (name) => {
    const raw = await serve(target, FAULTS[name]);
    const err = await failure(target.run(raw.origin));
    expect(err).toBeInstanceOf(IqProtocolError);
    expect(err.message).toMatch(/did not answer with valid HTTP/);
    expect(err.operation).toBeTruthy();
    expect(raw.requests.filter(target.faulted)).toHaveLength(1);
    for (const secret of [APP_KEY, API_KEY, TOKEN]) expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(secret);
  });

  it("a server that switched protocols and then says nothing: the caller's signal ends the call, its cause telling a timeout from a cancel", async () => {
    const raw = await serve(target, (s) => s.write('HTTP/1.1 102 Processing\r\n\r\n'));
    const timedOut = await failure(target.run(raw.origin, AbortSignal.timeout(300)));
    expect(timedOut).toBeInstanceOf(IqAbortError);
    expect((timedOut.cause as Error).name).toBe('TimeoutError');
    const controller = new AbortController();
    const pending = target.run(raw.origin, controller.signal);
    while (raw.requests.filter(target.faulted).length < 2) await new Promise((ok) => setTimeout(ok, 5));
    controller.abort();
    const cancelled: IqError = await failure(pending);
    expect(cancelled).toBeInstanceOf(IqAbortError);
    expect((cancelled.cause as Error).name).toBe('AbortError');
  });
});

describe('the CLI', () => {
  const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), env });
    return { code, out, err };
  };

  it.each(Object.keys(FAULTS))('%s: sso and cvs exit 1 with one line on stderr', async (name) => {
    const raw = await serve({ name, faulted: (r) => !isSignin(r), run: async () => undefined }, FAULTS[name]);
    const env = {
      PRINTIQ_SSO_URL: `${raw.origin}/webservice/Authentication.asmx`,
      PRINTIQ_SSO_APP_KEY: APP_KEY,
      IQR_API_KEY: API_KEY,
      IQR_SIGNIN_URL: raw.origin,
      IQR_API_URL: raw.origin,
    };
    for (const argv of [['sso', '--user', 'testuser'], ['cvs']]) {
      const result = await run(argv, env);
      expect(result).toMatchObject({ code: 1, out: '' });
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.err).toMatch(/did not answer with valid HTTP/);
      expect(result.err).not.toContain(APP_KEY);
    }
  });
});
