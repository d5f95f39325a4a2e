// A TCP server on port 0 that answers each HTTP request with bytes a test
// scripts: for answers no HTTP server library would send (101 with Upgrade,
// text that is not HTTP, oversized headers). It reads each request whole
// (headers and a Content-Length body), records it, and calls the script.
import { createServer, type Socket } from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Writes the answer to `socket` (or leaves it hanging); `index` counts requests across connections. */
export type RawScript = (request: RawRequest, socket: Socket, index: number) => void;

export interface RawServer {
  origin: string;
  requests: RawRequest[];
  connections: number;
  close(): Promise<void>;
}

function parseRequests(buffer: Buffer): { requests: RawRequest[]; rest: Buffer } {
  const requests: RawRequest[] = [];
  let rest: Buffer = buffer;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [line, ...fields] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const field of fields) {
      const at = field.indexOf(':');
      headers[field.slice(0, at).trim().toLowerCase()] = field.slice(at + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (rest.length < end + 4 + length) break;
    const [method, path] = line.split(' ');
    requests.push({ method, path, headers, body: rest.subarray(end + 4, end + 4 + length).toString('utf8') });
    rest = rest.subarray(end + 4 + length);
  }
  return { requests, rest };
}

export async function startRawServer(script: RawScript): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const parsed = parseRequests(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      for (const request of parsed.requests) {
        requests.push(request);
        script(request, socket, requests.length - 1);
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      }),
  };
}

/** A complete, ordinary HTTP/1.1 answer, keep-alive. */
export function httpAnswer(status: number, contentType: string, body: string): string {
  return `HTTP/1.1 ${status} X\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`;
}
