import { startSandbox } from '../../sandbox';
import type { Command } from '../command';
import { parse, wholeNumber } from '../parse';

export const sandbox: Command = {
  name: 'sandbox',
  summary: 'run local emulators of both vendor APIs until Ctrl-C',
  usage: `iq-integration sandbox [--port <n>] [--session-ttl <ms>] [--latency <ms>]
  Starts the printIQ SSO emulator (on --port, else a free port) and the IQ Reseller
  emulator (on the next port, else a free one) on loopback, and prints
  the environment that points IqClient.fromEnv() (and this CLI) at them.`,
  async run(argv, io) {
    const { values } = parse(argv, io, {
      allowPositionals: false,
      options: { port: { type: 'string' }, 'session-ttl': { type: 'string' }, latency: { type: 'string' } },
    });
    const port = wholeNumber(values.port, '--port', 1, 65534);
    const latencyMs = wholeNumber(values.latency, '--latency', 0, 600_000);
    const sessionTtlMs = wholeNumber(values['session-ttl'], '--session-ttl', 1);
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
