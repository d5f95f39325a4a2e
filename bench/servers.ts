// The bench's servers, run in their own process (so they use the other core and
// their CPU is not charged to the client): one minimal node:http server per
// protocol (SOAP 1.2 SSO, JSON SSO, IQ Reseller), each also over https when
// the parent hands us a certificate. They answer fixed buffers at once and
// count what they saw: TCP connections, requests, wrong requests, sessions.
// Driven by the parent over IPC.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  CVS_ANSWER,
  JSON_ANSWER,
  JSON_CONTENT_TYPE,
  SESSION_ANSWER,
  SESSION_TOKEN,
  SOAP11_ANSWER,
  SOAP11_CONTENT_TYPE,
  SOAP11_NS,
  SOAP12_ANSWER,
  SOAP12_CONTENT_TYPE,
  SOAP12_NS,
  SSO_ACTION,
} from './lib/canned';

export type Protocol = 'soap' | 'json' | 'reseller';
export type Scheme = 'http' | 'https';
export interface Counters {
  connections: number;
  requests: number;
  bad: number;
  sessions: number;
}
/** URLs of one set of listeners: set -> protocol -> scheme -> base URL. */
export type SetUrls = Record<Protocol, Partial<Record<Scheme, string>>>;

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse, c: Counters) => void;

const soap12Answer = Buffer.from(SOAP12_ANSWER);
const soap11Answer = Buffer.from(SOAP11_ANSWER);
const jsonAnswer = Buffer.from(JSON_ANSWER);
const sessionAnswer = Buffer.from(SESSION_ANSWER);
const cvsAnswer = Buffer.from(CVS_ANSWER);
const denied = Buffer.from(JSON.stringify({ Message: 'Authorization has been denied for this request.' }));

function send(res: http.ServerResponse, status: number, type: string | undefined, body: Buffer): void {
  const headers: Record<string, string | number> = { 'cache-control': 'private, max-age=0', 'content-length': body.length };
  if (type) headers['content-type'] = type;
  res.writeHead(status, headers);
  res.end(body);
}

const handlers: Record<Protocol, Handler> = {
  // SOAP 1.2 (the action in the content type) or 1.1 (text/xml and SOAPAction), answered in the version asked.
  soap(req, body, res, c) {
    const type = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && type.startsWith('application/soap+xml') && type.includes(`action="${SSO_ACTION}"`) && body.includes(SOAP12_NS))
      return send(res, 200, SOAP12_CONTENT_TYPE, soap12Answer);
    if (req.method === 'POST' && type.startsWith('text/xml') && req.headers.soapaction === `"${SSO_ACTION}"` && body.includes(SOAP11_NS))
      return send(res, 200, SOAP11_CONTENT_TYPE, soap11Answer);
    c.bad++;
    send(res, 415, 'text/plain', Buffer.from('expected a SOAP 1.2 or 1.1 SSORequest'));
  },
  json(req, body, res, c) {
    if (
      req.method !== 'POST' ||
      !req.url?.endsWith('/SSORequest') ||
      !(req.headers['content-type'] ?? '').startsWith('application/json') ||
      !body.startsWith('{"input":')
    ) {
      c.bad++;
      return send(res, 400, 'text/plain', Buffer.from('expected the ASMX JSON form'));
    }
    send(res, 200, JSON_CONTENT_TYPE, jsonAnswer);
  },
  reseller(req, body, res, c) {
    if (req.url === '/api/IntegrationAPI/Session') {
      if (req.method === 'POST' && body.includes('"APIToken"')) {
        c.sessions++;
        return send(res, 200, 'application/json; charset=utf-8', sessionAnswer);
      }
      if (req.method === 'DELETE') return send(res, 200, undefined, Buffer.alloc(0));
    }
    if (req.method === 'POST' && req.url === '/webapi.svc/CV/JSON/GetCVs') {
      if (req.headers['iqr-session-token'] !== SESSION_TOKEN) return send(res, 401, 'application/json; charset=utf-8', denied);
      return send(res, 200, 'application/json; charset=utf-8', cvsAnswer);
    }
    c.bad++;
    send(res, 404, 'text/plain', Buffer.from('not found'));
  },
};

const tls =
  process.env.BENCH_TLS_KEY && process.env.BENCH_TLS_CERT
    ? { key: readFileSync(process.env.BENCH_TLS_KEY), cert: readFileSync(process.env.BENCH_TLS_CERT) }
    : undefined;
const counters = new Map<string, Counters>();
const servers: (http.Server | https.Server)[] = [];

async function listen(key: string, protocol: Protocol, scheme: Scheme): Promise<string> {
  const c: Counters = { connections: 0, requests: 0, bad: 0, sessions: 0 };
  counters.set(key, c);
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    c.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handlers[protocol](req, chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString(), res, c));
  };
  const server = scheme === 'https' ? https.createServer(tls!, onRequest) : http.createServer(onRequest);
  // Keep-alive well beyond the pauses between phases; a backlog large enough for 1,000 connects at once.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.on('connection', () => c.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function newSet(name: string): Promise<SetUrls> {
  const urls = { soap: {}, json: {}, reseller: {} } as SetUrls;
  for (const protocol of ['soap', 'json', 'reseller'] as const) {
    for (const scheme of tls ? (['http', 'https'] as const) : (['http'] as const)) {
      urls[protocol][scheme] = await listen(`${name}/${protocol}/${scheme}`, protocol, scheme);
    }
  }
  return urls;
}

let sandbox: { close(): Promise<void> } | undefined;

type Command =
  | { id: number; type: 'newSet'; name: string }
  | { id: number; type: 'listen'; key: string; protocol: Protocol; scheme: Scheme }
  | { id: number; type: 'stats' }
  | { id: number; type: 'cpu' }
  | { id: number; type: 'sandbox' }
  | { id: number; type: 'exit' };

process.on('message', async (command: Command) => {
  const reply = (payload: unknown) => process.send!({ id: command.id, payload });
  try {
    if (command.type === 'newSet') return reply(await newSet(command.name));
    if (command.type === 'listen') return reply(await listen(command.key, command.protocol, command.scheme));
    if (command.type === 'stats') return reply(Object.fromEntries([...counters].map(([k, v]) => [k, { ...v }])));
    if (command.type === 'cpu') return reply(process.cpuUsage());
    if (command.type === 'sandbox') {
      // The project's own emulators, started here too so they also get the other core.
      const { startSandbox, SANDBOX_API_KEY } = await import('../src/sandbox');
      const box = await startSandbox();
      sandbox = box;
      return reply({
        soapUrl: box.printiq.url,
        appKey: box.printiq.appKey,
        signinUrl: box.reseller.signinUrl,
        apiUrl: box.reseller.apiUrl,
        apiKey: SANDBOX_API_KEY,
      });
    }
    if (command.type === 'exit') {
      await sandbox?.close().catch(() => undefined);
      for (const server of servers) server.closeAllConnections?.();
      reply(true);
      setTimeout(() => process.exit(0), 50);
    }
  } catch (error) {
    process.send!({ id: command.id, error: String((error as Error)?.stack ?? error) });
  }
});
process.send!({ ready: true });
