import { startSandbox } from '../../sandbox';
import { UsageError, type Command } from '../command';
import { parseArgs } from 'node:util';
import { usage } from '../parse';

export const sandbox: Command = {
  name: 'sandbox',
  summary: 'run local emulators of both vendor APIs until Ctrl-C',
  usage: `iq-integration sandbox [--port <n>] [--session-ttl <ms>] [--latency <ms>]
  Starts the printIQ SSO emulator (on --port, else a free port) and the IQ Reseller
  emulator (on the next port, else a free one) on loopback, and prints
  the environment that points IqClient.fromEnv() (and this CLI) at them.`,
  async run(argv, io) {
    const { values } = usage(() => parseArgs({ args: argv, strict: true, allowPositionals: false, options: { port: { type: 'string' }, 'session-ttl': { type: 'string' }, latency: { type: 'string' } } }));
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65535)) throw new UsageError('--port must be a port number from 1 to 65534');
    const latencyMs = values.latency === undefined ? undefined : Number(values.latency);
    const sessionTtlMs = values['session-ttl'] === undefined ? undefined : Number(values['session-ttl']);
    const running = await startSandbox({ printiq: { latencyMs, port }, reseller: { latencyMs, sessionTtlMs, port: port && port + 1 } });
    io.out(`Sandbox running. In another shell:\n`);
    for (const [name, value] of Object.entries(running.env)) io.out(`export ${name}=${value}\n`);
    io.out('Ctrl-C stops it.\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return 0;
  },
};
