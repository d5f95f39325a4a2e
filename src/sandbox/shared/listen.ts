import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The `port` option: 0 (the default) lets the OS pick a free port. Fails at start-up on anything but 0..65535. */
export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Invalid sandbox option port: ${port}`);
  return port;
}

/** Listens on `port` of `host` (0: a free port) and resolves to the address actually bound. */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** `http://host:port`, with an IPv6 address in brackets. */
export function httpBaseUrl(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** A loopback address in place of a wildcard one, so that a URL built from it can be called. */
export function reachableAddress(address: string): string {
  return address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
}

/** Stops listening and drops every socket: keep-alive sockets would otherwise hold close() open until they time out. */
export function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
