// The package as users install it: npm pack, installed into a fresh project,
// then used through require, import, a strict TypeScript consumer and the CLI.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

let sandbox: ChildProcess | undefined;
/** The shipped sandbox, in a process of its own, started from the installed package. */
async function startShippedSandbox(): Promise<{ url: string; wsdlUrl: string; appKey: string }> {
  sandbox = spawn(
    process.execPath,
    [
      '-e',
      `
    require('iq-integration/sandbox').startPrintIqSandbox().then((s) => {
      process.stdout.write(JSON.stringify({ url: s.url, wsdlUrl: s.wsdlUrl, appKey: s.appKey }) + '\\n');
      process.stdin.on('end', () => s.close().then(() => process.exit(0)));
      process.stdin.resume();
    });`,
    ],
    { cwd: project, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    sandbox!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out));
    });
    sandbox!.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
}
afterEach(() => {
  sandbox?.stdin?.end();
  sandbox = undefined;
});

it('installs with no runtime dependency: node-soap, axios and fast-xml-parser are not among them', () => {
  const tree = JSON.parse(sh('npm', ['ls', '--all', '--omit=dev', '--json'])) as {
    dependencies: Record<string, { dependencies?: Record<string, { version?: string }> }>;
  };
  expect(Object.keys(tree.dependencies)).toEqual(['iq-integration']);
  // Only the optional peer (@opentelemetry/api, for iq-integration/otel) is listed, and it is not installed.
  const installed = Object.entries(tree.dependencies['iq-integration'].dependencies ?? {}).filter(([, d]) => d.version !== undefined);
  expect(installed).toEqual([]);
  expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['iq-integration']);
});

it('ships the compiled code, the declarations and the WSDL, and nothing of the tests', () => {
  const listing = sh('npm', ['pack', '--dry-run', '--json'], ROOT);
  const files: string[] = JSON.parse(listing.slice(listing.indexOf('[')))[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(
    expect.arrayContaining([
      'wsdl/Authentication.wsdl',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/esm/index.mjs',
      'dist/esm/wsdl.mjs',
      'dist/src/cli/main.js',
      'dist/generated/authentication/codec.js',
      'dist/generated/authentication/model.json',
    ]),
  );
  expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.test.js'))).toEqual([]);
  // wsdl-tsclient's node-soap client is the tests' oracle: it is not shipped, and neither is node-soap.
  expect(files.filter((f) => f.startsWith('dist/generated/') && !/\/(codec\.(js|d\.ts|js\.map)|model\.json)$/.test(f))).toEqual([]);
});

it('works from require', () => {
  const out = sh('node', [
    '-e',
    `
    const iq = require('iq-integration');
    const { startSandbox } = require('iq-integration/sandbox');
    (async () => {
      const sandbox = await startSandbox();
      const client = iq.IqClient.fromEnv(sandbox.env);
      const r = await client.sso({ userName: 'testuser' });
      const refused = await client.sso({ userName: 'admin' }).catch((e) => e);
      await client.close(); await sandbox.close();
      console.log(JSON.stringify({ ok: r.landPageUrl.includes('AuthToken='), sso: refused instanceof iq.IqSsoError, base: refused instanceof iq.IqError }));
    })();`,
  ]);
  expect(JSON.parse(out)).toEqual({ ok: true, sso: true, base: true });
});

it('the WSDL tooling (iq-integration/wsdl) throws the same error classes as the main entry, from require and import', () => {
  const out = sh('node', [
    '-e',
    `
    const iq = require('iq-integration');
    const wsdl = require('iq-integration/wsdl');
    import('iq-integration/wsdl').then(async (esm) => {
      const a = await wsdl.fetchWsdl('http://127.0.0.1:1/x?wsdl', { timeoutMs: 2000 }).catch((e) => e);
      const b = await esm.fetchWsdl('http://127.0.0.1:1/x?wsdl', { timeoutMs: 2000 }).catch((e) => e);
      console.log(JSON.stringify({ cjs: a instanceof iq.IqNetworkError, esm: b instanceof iq.IqNetworkError, base: b instanceof iq.IqError }));
    });`,
  ]);
  expect(JSON.parse(out)).toEqual({ cjs: true, esm: true, base: true });
});

it('works from import, sharing the classes with require', () => {
  writeFileSync(
    join(project, 'esm.mjs'),
    `
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
  `,
  );
  expect(JSON.parse(sh('node', ['esm.mjs']))).toEqual({ ok: true, sso: true, same: true, cvs: true });
});

it('ships iq-integration/redis for require and import; the default install does not pull the optional redis package', () => {
  expect(existsSync(join(project, 'node_modules/redis'))).toBe(false);
  const out = sh('node', [
    '-e',
    `
    const iq = require('iq-integration');
    const { RedisSessionStore, IqStoreError } = require('iq-integration/redis');
    let needs; try { new RedisSessionStore({ url: 'redis://127.0.0.1:1' }); } catch (e) { needs = e instanceof iq.IqValidationError && e.field; }
    const own = new RedisSessionStore({ client: { sendCommand: async () => null } });
    console.log(JSON.stringify({ needs, same: IqStoreError === iq.IqStoreError, lockTtlMs: own.lockTtlMs }));`,
  ]);
  expect(JSON.parse(out)).toEqual({ needs: 'url', same: true, lockTtlMs: 10000 });
  writeFileSync(
    join(project, 'redis.mjs'),
    `
    import { RedisSessionStore, IqStoreError } from 'iq-integration/redis';
    import { IqStoreError as FromMain } from 'iq-integration';
    console.log(JSON.stringify({ same: IqStoreError === FromMain, store: typeof RedisSessionStore }));
  `,
  );
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
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'esnext.disposable', 'dom'],
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
        skipLibCheck: false,
      },
      files: ['consumer.ts', 'consumer.mts'],
    }),
  );
  expect(() => sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])).not.toThrow();
});

it('runs the CLI: help, and the demo on the shipped sandbox', () => {
  const bin = join(project, 'node_modules/.bin/iq-integration');
  expect(sh(bin, ['--help'])).toContain('Usage: iq-integration <command>');
  const demo = sh(bin, ['demo'], project);
  expect(demo).toContain('SSORequest over soap12: ok');
  expect(demo).toContain('Done.');
});

describe.each(['cjs', 'esm'] as const)('bundled by esbuild into one %s file', (format) => {
  it('makes the SOAP 1.2 SSO call with no wsdl/ folder and no node_modules beside it', async () => {
    const { url, appKey } = await startShippedSandbox();
    const app =
      format === 'cjs'
        ? "const { PrintIqSsoClient } = require('iq-integration');\nnew PrintIqSsoClient({ url: process.argv[2], appKey: process.argv[3] }).request({ userName: 'testuser', opportunityRef: 'a&b <c>' }).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e.name + ': ' + e.message); process.exit(1); });\n"
        : "import { PrintIqSsoClient } from 'iq-integration';\nconst r = await new PrintIqSsoClient({ url: process.argv[2], appKey: process.argv[3] }).request({ userName: 'testuser', opportunityRef: 'a&b <c>' });\nconsole.log(JSON.stringify(r));\n";
    writeFileSync(join(project, `app.${format === 'cjs' ? 'js' : 'mjs'}`), app);
    const out = mkdtempSync(join(tmpdir(), 'iq-bundle-'));
    try {
      const { buildSync } = await import('esbuild');
      const outfile = join(out, format === 'cjs' ? 'app.js' : 'app.mjs');
      // An ES module bundle of CommonJS code needs a require for Node's built-ins: esbuild's documented banner.
      const banner = format === 'esm' ? { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } : undefined;
      const result = buildSync({
        entryPoints: [join(project, `app.${format === 'cjs' ? 'js' : 'mjs'}`)],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format,
        outfile,
        banner,
        absWorkingDir: project,
        logLevel: 'silent',
        metafile: true,
      });
      expect(result.errors).toEqual([]);
      expect(readdirSync(out)).toEqual([outfile.split('/').pop()]);
      const bundled = readFileSync(outfile, 'utf8');
      const inputs = Object.keys(result.metafile!.inputs);
      expect(inputs.filter((f) => /node_modules\/(soap|axios|fast-xml-parser)\//.test(f) || /\/wsdl\/(check|generate|fetch)\.js$/.test(f))).toEqual([]);
      expect(bundled).not.toContain('wsdl/Authentication.wsdl');
      expect(existsSync(join(out, 'wsdl'))).toBe(false);
      const answer = JSON.parse(sh(process.execPath, [outfile, url, appKey], out));
      expect(answer.simplifiedUrl).toContain('quoteref1=a&b <c>&AuthToken=');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

it("generate writes a codec for the tenant's WSDL into the app, which a strict TypeScript app uses with PrintIqSsoClient", async () => {
  const { url, wsdlUrl, appKey } = await startShippedSandbox();
  const bin = join(project, 'node_modules/.bin/iq-integration');
  mkdirSync(join(project, 'src'), { recursive: true });
  expect(sh(bin, ['generate', '--url', wsdlUrl, '--out', 'src/printiq'])).toContain('Wrote the Authentication codec');
  expect(sh(bin, ['wsdl', 'check', '--url', wsdlUrl, '--dir', 'src/printiq'])).toContain('matches the snapshot');
  // Without --dir, the tenant's WSDL is compared with the one the installed package was built from.
  expect(sh(bin, ['wsdl', 'check', '--url', wsdlUrl])).toContain('Compared with the WSDL this package was built from.\nThe service matches');
  writeFileSync(
    join(project, 'src/sso.ts'),
    `
    import { PrintIqSsoClient, type SsoResult } from 'iq-integration';
    import { service, SSORequest, type SSORequestResponse } from './printiq/codec';
    export async function run(url: string, appKey: string): Promise<SsoResult> {
      const fields: Array<keyof SSORequestResponse> = ['IsError', 'SimplifiedURL'];
      if (SSORequest.name !== 'SSORequest' || fields.length !== 2) throw new Error('unexpected codec');
      return new PrintIqSsoClient({ url, appKey, service }).request({ userName: 'testuser' });
    }
    run(process.argv[2], process.argv[3]).then((r) => console.log(JSON.stringify(r)));
  `,
  );
  writeFileSync(
    join(project, 'tsconfig.app.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noUnusedLocals: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
        outDir: 'build',
        skipLibCheck: false,
      },
      files: ['src/sso.ts'],
    }),
  );
  sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.app.json']);
  const answer = JSON.parse(sh(process.execPath, ['build/sso.js', url, appKey]));
  expect(answer.landPageUrl).toContain('AuthToken=');
});

// Last: it installs the optional peer into the consumer project, which the tests above prove absent.
it('ships iq-integration/otel for require and import, working on the optional @opentelemetry/api once the app installs it', async () => {
  const { url, appKey } = await startShippedSandbox();
  sh('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--no-save',
    `@opentelemetry/api@${JSON.parse(readFileSync(join(ROOT, 'node_modules/@opentelemetry/api/package.json'), 'utf8')).version}`,
  ]);
  const out = sh('node', [
    '-e',
    `
    const { instrumentOpenTelemetry } = require('iq-integration/otel');
    const { PrintIqSsoClient } = require('iq-integration');
    const otel = instrumentOpenTelemetry(); // the API's no-op providers: the calls must work as before
    new PrintIqSsoClient({ url: ${JSON.stringify(url)}, appKey: ${JSON.stringify(appKey)} }).request({ userName: 'testuser' })
      .then((r) => { otel.disable(); console.log(JSON.stringify({ ok: r.landPageUrl.includes('AuthToken='), disable: typeof otel.disable })); });`,
  ]);
  expect(JSON.parse(out)).toEqual({ ok: true, disable: 'function' });
  writeFileSync(join(project, 'otel.mjs'), "import { instrumentOpenTelemetry } from 'iq-integration/otel';\nconsole.log(typeof instrumentOpenTelemetry);\n");
  expect(sh('node', ['otel.mjs']).trim()).toBe('function');
}, 120_000);
