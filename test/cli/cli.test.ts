// The CLI, run in-process against the embedded sandbox.
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import { startSandbox, type Sandbox } from '../../src/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ printiq: { appKey: 'CLI-SECRET-APPKEY-42' } });
});
afterAll(() => sandbox.close());

async function run(argv: string[], env: NodeJS.ProcessEnv = sandbox.env) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), env };
  const code = await main(argv, io);
  return { code, out, err };
}

it('sso prints the URLs as JSON on stdout', async () => {
  for (const transport of ['soap12', 'soap11', 'json']) {
    const { code, out, err } = await run(['sso', '--user', 'testuser', '--customer', 'CUST001', '--ref', 'web&site', '--transport', transport]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const result = JSON.parse(out);
    expect(Object.keys(result)).toEqual(['simplifiedUrl', 'landPageUrl']);
    expect(result.simplifiedUrl).toContain('cusID=13926&quoteref1=web&site&AuthToken=');
  }
});

it('exits 1 with one line on stderr when the remote refuses, without the AppKey', async () => {
  const { code, out, err } = await run(['sso', '--user', 'admin']);
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).toContain('Admin');
  const wrong = await run(['sso', '--user', 'testuser'], { ...sandbox.env, PRINTIQ_SSO_APP_KEY: 'WRONG-CLI-KEY-77' });
  expect(wrong.code).toBe(1);
  expect(wrong.err + wrong.out).not.toContain('WRONG-CLI-KEY-77');
  expect(err).not.toContain('CLI-SECRET-APPKEY-42');
});

it.each([
  [['sso'], /--user is required/],
  [['sso', '--user', 'x', '--transport', 'smtp'], /transport must be one of/],
  [['sso', '--user', 'x', '--bogus'], /unknown option "--bogus"/],
  [['sso', '--user', ' '], /userName/],
  [['call', 'CV'], /Module> <Operation>/],
  [['call', 'CV', 'GetCVs', '--query', 'novalue'], /key=value/],
  [['cvs', '--body', '{nope'], /must be JSON/],
  [['wsdl', 'compare'], /check or update/],
  [['nosuch'], /unknown command/],
  [['sandbox', '--port', 'x'], /--port must be/],
])('exits 2 for bad usage: %j', async (argv, message) => {
  const { code, err } = await run(argv);
  expect(code).toBe(2);
  expect(err).toMatch(message);
  expect(err.trim().split('\n')).toHaveLength(1);
});

it('names the missing setting', async () => {
  const { code, err } = await run(['cvs'], {});
  expect(code).toBe(2);
  expect(err).toContain('IQR_API_KEY');
});

it('cvs prints JSON, or NDJSON one CV a line', async () => {
  const json = await run(['cvs']);
  expect(json.code).toBe(0);
  const list = JSON.parse(json.out);
  const ndjson = await run(['cvs', '--ndjson']);
  const lines = ndjson.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toEqual(list);
  const filtered = await run(['cvs', '--body', '{"name":"Smith"}']);
  expect(JSON.parse(filtered.out).length).toBeLessThan(list.length);
});

it('call reaches any endpoint, with query, format and all pages', async () => {
  const page = await run(['call', 'SO', 'GetSOs', '--query', 'Page=1', '--query', 'PageSize=7']);
  expect(JSON.parse(page.out)).toHaveLength(7);
  const all = await run(['call', 'SO', 'GetSOs', '--all-pages', '--page-size', '50']);
  expect(all.out.trim().split('\n')).toHaveLength(120);
  const xml = await run(['call', 'CV', 'GetCVs', '--method', 'POST', '--format', 'xml', '--body', '{}']);
  expect(JSON.parse(xml.out)).toHaveProperty('ArrayOfCV');
  const missing = await run(['call', 'Nope', 'GetNothing']);
  expect(missing.code).toBe(1);
  expect(missing.err).toContain('HTTP 404');
});

it('wsdl check compares the sandbox WSDL with the snapshot', async () => {
  const { code, out } = await run(['wsdl', 'check', '--url', sandbox.printiq.wsdlUrl]);
  expect(code).toBe(0);
  expect(out).toContain('matches the snapshot');
});

it('--help works for the CLI and each command', async () => {
  const top = await run(['--help']);
  expect(top.code).toBe(0);
  for (const name of ['sso', 'cvs', 'call', 'wsdl', 'sandbox', 'demo']) {
    expect(top.out).toContain(name);
    const help = await run([name, '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain(`iq-integration ${name}`);
  }
});

it('demo runs the whole journey on the sandbox and exits 0', async () => {
  const { code, out } = await run(['demo'], {});
  expect(code).toBe(0);
  for (const step of [
    '1. IQ Reseller',
    'SSORequest over soap12',
    'SSORequest over soap11',
    'SSORequest over json',
    'refused as expected: IqSsoError',
    'DELETE session',
    'Done.',
  ]) {
    expect(out).toContain(step);
  }
});

it('sandbox runs until SIGINT and prints the environment that points the facade at it', async () => {
  const { spawn } = await import('node:child_process');
  const { resolve } = await import('node:path');
  const { IqClient } = await import('../../src');
  const root = resolve(__dirname, '../..');
  const { freePort } = await import('../support/free-port');
  const port = await freePort();
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'src/cli/main.ts'), 'sandbox', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C')) ok();
    });
    child.on('exit', (code) => fail(new Error(`sandbox exited early with ${code}: ${out}`)));
  });
  const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  expect(Object.keys(env).sort()).toEqual(['IQR_API_KEY', 'IQR_API_URL', 'IQR_SIGNIN_URL', 'PRINTIQ_SSO_APP_KEY', 'PRINTIQ_SSO_URL']);
  expect(env.PRINTIQ_SSO_URL).toBe(`http://127.0.0.1:${port}/webservice/Authentication.asmx`);
  const iq = IqClient.fromEnv(env);
  await expect(iq.sso({ userName: 'testuser' })).resolves.toHaveProperty('landPageUrl');
  await expect(iq.reseller.getCVs()).resolves.not.toHaveLength(0);
  await iq.close();
  const exited = new Promise<number | null>((ok) => child.once('exit', ok));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
}, 30_000);
