// What the CLI prints and how it ends, where the outside world is careless or
// hostile: control characters from a server, a reader that stops early, a
// secret typed where an argument was not expected, bad numbers.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Io } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { startSandbox } from '../../src/sandbox';
import { oneServerPerTest } from '../support/one-server';
import { answer } from '../support/scripted-server';

const ROOT = resolve(__dirname, '../..');
const server = oneServerPerTest();

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), env };
  const code = await main(argv, io);
  return { code, out, err };
}

/** ESC, BEL, CSI as one C1 character, a carriage return, a bidi override: none may reach the terminal raw. */
const HOSTILE = 'x\u001b]0;owned\u0007\u001b[31mred\u009b2J\r\u202eover';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('text from a server never drives the terminal', () => {
  it('an error message (stderr) shows control characters as escapes', async () => {
    const api = await server.serve((req, res) =>
      req.url.includes('IntegrationAPI')
        ? answer(res, 200, 'application/json', JSON.stringify({ Data: 'cli-safety-token-0123456789' }))
        : answer(res, 500, 'application/json', JSON.stringify({ message: HOSTILE })),
    );
    const origin = new URL(api.url).origin;
    const { code, err } = await run(['cvs'], { IQR_API_KEY: 'CLI-SAFETY-KEY-0123', IQR_SIGNIN_URL: origin, IQR_API_URL: origin, IQR_RETRIES: '0' });
    expect(code).toBe(1);
    expect(err).not.toMatch(RAW_CONTROL);
    expect(err).toContain('\\u001b]0;owned\\u0007\\u001b[31mred\\u009b2J\\u000d\\u202eover');
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('an answer printed as JSON (stdout) stays valid JSON with the same data, with no raw control character', async () => {
    const api = await server.serve((req, res) =>
      req.url.includes('IntegrationAPI')
        ? answer(res, 200, 'application/json', JSON.stringify({ Data: 'cli-safety-token-0123456789' }))
        : answer(res, 200, 'application/json', JSON.stringify([{ cvid: 1, name: HOSTILE }])),
    );
    const origin = new URL(api.url).origin;
    for (const argv of [['cvs'], ['cvs', '--ndjson']]) {
      const { code, out } = await run(argv, { IQR_API_KEY: 'CLI-SAFETY-KEY-0123', IQR_SIGNIN_URL: origin, IQR_API_URL: origin });
      expect(code).toBe(0);
      expect(out).not.toMatch(RAW_CONTROL);
      const parsed = JSON.parse(out.trim().split('\n')[0]);
      expect(argv.includes('--ndjson') ? parsed.name : parsed[0].name).toBe(HOSTILE);
    }
  });
});

describe('arguments', () => {
  it('does not repeat a stray positional argument or an unknown command: either could be a secret', async () => {
    const secret = 'Typed-Secret-0123456789/+=';
    for (const argv of [['sso', '--user', 'x', secret], ['cvs', secret], [secret], ['sso', `--${secret}`]]) {
      const { code, out, err } = await run(argv);
      expect(code).toBe(2);
      expect(out + err).not.toContain(secret);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
    expect((await run(['nosuch'])).err).toContain('"nosuch"');
  });

  it('takes --help and --verbose only as options, never as the value of another option', async () => {
    const asValue = await run(['sso', '--user', '-h']);
    expect(asValue.code).toBe(2);
    expect(asValue.out).toBe('');
    const quoted = await run(['call', 'SO', 'GetSOs', '--query', 'note=--verbose', '--help']);
    expect(quoted).toMatchObject({ code: 0, err: '' });
    expect(quoted.out).toContain('iq-integration call');
    for (const argv of [
      ['sso', '-h'],
      ['sso', '--help'],
      ['cvs', '--verbose', '--help'],
    ])
      expect((await run(argv)).code).toBe(0);
  });

  it('prints usage on stderr with exit 2 when no command is given, on stdout with exit 0 for --help', async () => {
    const bare = await run([]);
    expect(bare).toMatchObject({ code: 2, out: '' });
    expect(bare.err).toContain('Usage: iq-integration');
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toContain('Usage: iq-integration');
  });

  it.each([
    [['sandbox', '--session-ttl', 'x'], '--session-ttl'],
    [['sandbox', '--session-ttl', '0'], '--session-ttl'],
    [['sandbox', '--latency=-1'], '--latency'],
    [['sandbox', '--port', '70000'], '--port'],
  ])('%j is a usage error (exit 2) naming the option', async (argv, option) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toContain(`${option} must be a whole number`);
  });
});

describe('a reader that stops early', () => {
  it('`cvs --ndjson | head -1` ends quietly: exit 0, nothing on stderr', async () => {
    const sandbox = await startSandbox({ reseller: { cvCount: 8_000 } });
    try {
      const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'src/cli/main.ts'), 'cvs', '--ndjson'], {
        env: { ...process.env, ...sandbox.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((ok) => child.once('exit', ok));
      const first = await new Promise<string>((ok) => {
        child.stdout.once('data', (d: Buffer) => ok(d.toString().split('\n')[0]));
        void exited.then(() => ok(`exited before writing: ${stderr}`));
      });
      child.stdout.destroy();
      const code = await exited;
      expect(JSON.parse(first)).toHaveProperty('cvid');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
