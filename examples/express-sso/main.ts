// `npm run example`: the printIQ sandbox and the example app together, on this machine only.
// Open the URL it prints, sign in, and follow the link into (the sandbox's) printIQ.
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { IqClient } from 'iq-integration';
import { startPrintIqSandbox } from 'iq-integration/sandbox';
import { createApp } from './app';
import type { AppUser } from './sign-in';

/** The sandbox's printIQ knows `testuser` and any `user-*`, and refuses `admin`. */
const USERS: AppUser[] = [
  { name: 'Alice', printIqUserName: 'testuser', customerCode: 'CUST001' },
  { name: 'Ben', printIqUserName: 'user-ben' },
  { name: 'Dana', printIqUserName: 'admin' },
];

const USAGE = `npm run example [-- --port <n>] [-- --sandbox-port <n>]
  Starts the printIQ sandbox and the example app on 127.0.0.1 and prints the URL to open.
  --port: the app's port (default PORT, else 3000; 0 picks a free one).
  --sandbox-port: the sandbox's port (default 0: a free one).
  PRINTIQ_SSO_APP_KEY, if set, is the AppKey the sandbox accepts and the app sends.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, 'sandbox-port': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = portOption(values.port ?? process.env.PORT ?? '3000', '--port');
  const sandboxPort = portOption(values['sandbox-port'] ?? '0', '--sandbox-port');

  const printiq = await startPrintIqSandbox({ port: sandboxPort, appKey: process.env.PRINTIQ_SSO_APP_KEY || undefined });
  const iq = new IqClient({ printiq: { url: printiq.url, appKey: printiq.appKey } });
  const server = createApp(iq, USERS).listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject)).catch(async (error: NodeJS.ErrnoException) => {
    await printiq.close();
    throw error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: try npm run example -- --port 0`) : error;
  });
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  console.log(`printIQ sandbox: ${printiq.url} (and the pages its URLs open)`);
  console.log(`Example app:     ${appUrl}`);
  console.log(`Open ${appUrl} and sign in: ${USERS.map((u) => `${u.name} (${u.printIqUserName})`).join(', ')}. printIQ refuses Admin users.`);
  console.log('Ctrl-C stops both.');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await iq.close();
  await printiq.close();
  return 0;
}

function portOption(text: string, name: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`${name} must be a port number from 0 to 65535`);
  return port;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`npm run example: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
