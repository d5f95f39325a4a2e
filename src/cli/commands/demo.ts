import { runJourney } from '../../demo/journey';
import { DEFAULT_AUTH_TOKEN_TTL_MS, startSandbox } from '../../sandbox';
import type { Command } from '../command';
import { parse } from '../parse';

const REAL_SETTINGS = ['PRINTIQ_SSO_URL', 'PRINTIQ_SSO_APP_KEY', 'IQR_API_KEY'];

export const demo: Command = {
  name: 'demo',
  summary: 'run the whole journey: on the embedded sandbox, or on the real services',
  usage: `iq-integration demo [--user <printIQ user>]
  With PRINTIQ_SSO_URL, PRINTIQ_SSO_APP_KEY and IQR_API_KEY set, runs against the real services
  (as --user, or PRINTIQ_SSO_USER); otherwise starts the sandbox and runs there.`,
  async run(argv, io) {
    const { values } = parse(argv, io, { allowPositionals: false, options: { user: { type: 'string' } } });
    const say = (line: string) => io.out(`${line}\n`);
    if (REAL_SETTINGS.every((name) => io.env[name])) {
      say('Running against the services named in the environment.');
      await runJourney({ env: io.env, userName: values.user ?? io.env.PRINTIQ_SSO_USER ?? 'testuser', say });
      return 0;
    }
    const sandbox = await startSandbox();
    say(`No settings in the environment: using the embedded sandbox`);
    say(`   printIQ SSO at ${sandbox.printiq.url}`);
    say(`   IQ Reseller at ${sandbox.reseller.apiUrl}`);
    try {
      const ssoUrlNote =
        `On the sandbox a pair signs in once, within ${DEFAULT_AUTH_TOKEN_TTL_MS / 60_000} minutes, and only while the sandbox runs: ` +
        'this one stops with the demo; `iq-integration sandbox` keeps one running (see the README).';
      await runJourney({ env: sandbox.env, userName: values.user ?? 'testuser', customerCode: 'CUST001', ssoUrlNote, say });
    } finally {
      await sandbox.close();
    }
    return 0;
  },
};
