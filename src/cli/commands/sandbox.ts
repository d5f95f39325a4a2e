import { startSandbox } from '../../sandbox';
import type { Command } from '../command';
import { parseArgs } from 'node:util';
import { usage } from '../parse';

export const sandbox: Command = {
  name: 'sandbox',
  summary: 'run local emulators of both vendor APIs until Ctrl-C',
  usage: `iq-integration sandbox [--session-ttl <ms>] [--latency <ms>]
  Starts the printIQ SSO and IQ Reseller emulators on free loopback ports and prints
  the environment that points IqClient.fromEnv() (and this CLI) at them.`,
  async run(argv, io) {
    const { values } = usage(() => parseArgs({ args: argv, strict: true, allowPositionals: false, options: { 'session-ttl': { type: 'string' }, latency: { type: 'string' } } }));
    const latencyMs = values.latency === undefined ? undefined : Number(values.latency);
    const sessionTtlMs = values['session-ttl'] === undefined ? undefined : Number(values['session-ttl']);
    const running = await startSandbox({ printiq: { latencyMs }, reseller: { latencyMs, sessionTtlMs } });
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
