// The package as users install it: npm pack, installed into a fresh project,
// then used through require, import, a strict TypeScript consumer and the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
let project: string;

function sh(command: string, args: string[], cwd = project): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, { cause: error });
  }
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'iq-consumer-'));
  sh('npm', ['pack', '--silent', '--pack-destination', project], ROOT);
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`]);
}, 240_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

it('ships the compiled code, the declarations and the WSDL, and nothing of the tests', () => {
  const listing = sh('npm', ['pack', '--dry-run', '--json'], ROOT);
  const files: string[] = JSON.parse(listing.slice(listing.indexOf('[')))[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(expect.arrayContaining(['wsdl/Authentication.wsdl', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/esm/index.mjs', 'dist/src/cli/main.js', 'dist/generated/authentication/client.js']));
  expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.test.js'))).toEqual([]);
});

it('works from require', () => {
  const out = sh('node', ['-e', `
    const iq = require('iq-integration');
    const { startSandbox } = require('iq-integration/sandbox');
    (async () => {
      const sandbox = await startSandbox();
      const client = iq.IqClient.fromEnv(sandbox.env);
      const r = await client.sso({ userName: 'testuser' });
      const refused = await client.sso({ userName: 'admin' }).catch((e) => e);
      await client.close(); await sandbox.close();
      console.log(JSON.stringify({ ok: r.landPageUrl.includes('AuthToken='), sso: refused instanceof iq.IqSsoError, base: refused instanceof iq.IqError }));
    })();`]);
  expect(JSON.parse(out)).toEqual({ ok: true, sso: true, base: true });
});

it('works from import, sharing the classes with require', () => {
  writeFileSync(join(project, 'esm.mjs'), `
    import { IqClient, IqSsoError, IqError } from 'iq-integration';
    import { startSandbox } from 'iq-integration/sandbox';
    import { createRequire } from 'node:module';
    const cjs = createRequire(import.meta.url)('iq-integration');
    const sandbox = await startSandbox();
    const client = IqClient.fromEnv(sandbox.env, { printiq: { transport: 'soap11' } });
    const r = await client.sso({ userName: 'testuser' });
    const refused = await client.sso({ userName: 'admin' }).catch((e) => e);
    const cvs = await client.reseller.getCVs();
    await client.close(); await sandbox.close();
    console.log(JSON.stringify({ ok: r.simplifiedUrl.includes('AuthToken='), sso: refused instanceof IqSsoError, same: cjs.IqError === IqError, cvs: cvs.length > 0 }));
  `);
  expect(JSON.parse(sh('node', ['esm.mjs']))).toEqual({ ok: true, sso: true, same: true, cvs: true });
});

it('ships iq-integration/redis for require and import; the default install does not pull the optional redis package', () => {
  expect(existsSync(join(project, 'node_modules/redis'))).toBe(false);
  const out = sh('node', ['-e', `
    const iq = require('iq-integration');
    const { RedisSessionStore, IqStoreError } = require('iq-integration/redis');
    let needs; try { new RedisSessionStore({ url: 'redis://127.0.0.1:1' }); } catch (e) { needs = e instanceof iq.IqValidationError && e.field; }
    const own = new RedisSessionStore({ client: { sendCommand: async () => null } });
    console.log(JSON.stringify({ needs, same: IqStoreError === iq.IqStoreError, lockTtlMs: own.lockTtlMs }));`]);
  expect(JSON.parse(out)).toEqual({ needs: 'url', same: true, lockTtlMs: 10000 });
  writeFileSync(join(project, 'redis.mjs'), `
    import { RedisSessionStore, IqStoreError } from 'iq-integration/redis';
    import { IqStoreError as FromMain } from 'iq-integration';
    console.log(JSON.stringify({ same: IqStoreError === FromMain, store: typeof RedisSessionStore }));
  `);
  expect(JSON.parse(sh('node', ['redis.mjs']))).toEqual({ same: true, store: 'function' });
});

it('type-checks a strict TypeScript consumer, CommonJS and ESM', () => {
  const consumer = `
    import { IqClient, PrintIqSsoClient, IqResellerClient, IqError, IqSsoError, type SsoResult, type Cv } from 'iq-integration';
    import { startSandbox, type Sandbox } from 'iq-integration/sandbox';
    import { RedisSessionStore } from 'iq-integration/redis';
    export const fleet = new IqResellerClient({ apiKey: 'k', sessionStore: new RedisSessionStore({ client: { sendCommand: async () => null } }), onStoreError: 'fail', maxConcurrent: 4 });
    export async function run(sandbox: Sandbox): Promise<string> {
      const iq = IqClient.fromEnv(sandbox.env);
      const sso: SsoResult = await iq.sso({ userName: 'testuser', customerCode: 'CUST001' });
      const cvs: Cv[] = await iq.reseller.getCVs();
      const direct = new PrintIqSsoClient({ url: sandbox.printiq.url, appKey: 'packed-test-key', transport: 'soap12', timeoutMs: 5000 });
      const reseller = new IqResellerClient({ apiKey: 'packed-test-key', retry: { retries: 1 } });
      try { await direct.request({ userName: 'x' }); } catch (e) { if (e instanceof IqSsoError) return e.vendorMessage; if (e instanceof IqError) return e.name; }
      await reseller.close();
      return sso.landPageUrl + String(cvs[0]?.cvid);
    }
    export const start: () => Promise<Sandbox> = startSandbox;
  `;
  writeFileSync(join(project, 'consumer.ts'), consumer);
  writeFileSync(join(project, 'consumer.mts'), consumer);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'esnext.disposable', 'dom'], types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], skipLibCheck: false },
    files: ['consumer.ts', 'consumer.mts'],
  }));
  expect(() => sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])).not.toThrow();
});

it('runs the CLI: help, and the demo on the shipped sandbox', () => {
  const bin = join(project, 'node_modules/.bin/iq-integration');
  expect(sh(bin, ['--help'])).toContain('Usage: iq-integration <command>');
  const demo = sh(bin, ['demo'], project);
  expect(demo).toContain('SSORequest over soap12: ok');
  expect(demo).toContain('Done.');
});
