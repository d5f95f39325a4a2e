// The WSDL commands as a user runs them: `wsdl check` and `wsdl update` with
// distinct exit codes (0 same, 1 changed, 2 usage, 3 could not check), an
// update that is all or nothing, and `generate` writing a codec into an app.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { IqValidationError } from '../../src';
import { main } from '../../src/cli/main';
import { serviceFolder } from '../../src/wsdl/generate';
import { snapshotFiles } from '../../src/wsdl/snapshot';
import { answer, startScriptedServer, type ScriptedServer } from '../support/scripted-server';

const ROOT = resolve(__dirname, '../..');
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/wsdl', name), 'utf8');
const BASE = readFileSync(join(ROOT, 'wsdl/Authentication.wsdl'), 'utf8');
const V2 = fixture('authentication.v2.wsdl');
// Every operation rpc style: a WSDL the codec cannot be generated from.
const RPC_ONLY = V2.split('style="document"').join('style="rpc"');

let server: ScriptedServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startScriptedServer((req, res) => {
    // /named?n=<name>: the v2 WSDL with that service name, as a hostile or careless one may carry.
    const named = /^\/named\?n=(.*)$/.exec(req.url);
    if (named) return answer(res, 200, 'text/xml', V2.replace('<wsdl:service name="Authentication">', `<wsdl:service name="${decodeURIComponent(named[1])}">`));
    const body = req.url.startsWith('/base')
      ? BASE
      : req.url.startsWith('/v2')
        ? V2
        : req.url.startsWith('/rpc')
          ? RPC_ONLY
          : '<html><head><title>Not a WSDL</title></head></html>';
    answer(res, 200, req.url.startsWith('/html') ? 'text/html' : 'text/xml; charset=utf-8', body);
  });
});
afterAll(async () => {
  await server.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const url = (path: string) => new URL(path, server.url).href;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

/** A project with the repository's snapshot and generated code. */
function project(): { dir: string; wsdl: string; generated: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iq-wsdl-cli-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'wsdl'), join(dir, 'wsdl'), { recursive: true });
  cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
  return { dir, wsdl: join(dir, 'wsdl'), generated: join(dir, 'generated') };
}

function snapshotOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : (out[join(d, e.name).slice(dir.length)] = readFileSync(join(d, e.name), 'utf8')),
    );
  walk(dir);
  return out;
}

describe('wsdl check', () => {
  it('exits 0 when the service matches the model the package was built from', async () => {
    const result = await run(['wsdl', 'check', '--url', url('/base?wsdl')]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('Compared with the WSDL this package was built from');
    expect(result.out).toContain('matches the snapshot');
  });

  it('exits 1 with the semantic diff when the service changed', async () => {
    const { wsdl } = project();
    const result = await run(['wsdl', 'check', '--url', url('/v2?wsdl'), '--dir', wsdl]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('+ operation AuthenticationSoap.SSOLogout');
  });

  it.each([
    ['an answer that is not a WSDL', () => url('/html'), /did not answer with a WSDL document/],
    ['a service that cannot be reached', () => 'http://127.0.0.1:1/x?wsdl', /could not reach/],
  ])('exits 3 (could not check), not 1, for %s', async (_label, target, message) => {
    const result = await run(['wsdl', 'check', '--url', target()]);
    expect(result.code).toBe(3);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });

  it.each([
    ['a snapshot folder that does not exist', '/nonexistent/snapshot'],
    ['a snapshot folder without a .wsdl', join(ROOT, 'test/fixtures')],
  ])('exits 3 (could not read), not 2, for %s', async (_label, dir) => {
    const result = await run(['wsdl', 'check', '--dir', dir, '--url', url('/base?wsdl')]);
    expect(result.code).toBe(3);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/snapshot/);
  });

  it.each([
    [['wsdl', 'check', '--out', 'x'], /go with wsdl update/],
    [['wsdl', 'verify'], /check or update/],
    [['wsdl', 'check', '--url', 'ftp://x/'], /http\(s\) URL/],
  ])('exits 2 for bad usage: %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('--help prints the usage with the exit codes and fetches nothing', async () => {
    const before = server.requests.length;
    const result = await run(['wsdl', 'check', '--url', url('/base?wsdl'), '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Exit codes: 0 no change (check) or updated (update); 1 the service changed (check);');
    expect(result.out).toContain('3 could not check or update');
    expect(server.requests.length).toBe(before);
  });
});

describe('wsdl update', () => {
  it('takes the new WSDL and regenerates the codec and its model together', async () => {
    const { dir, wsdl, generated } = project();
    const result = await run(['wsdl', 'update', '--url', url('/v2?wsdl'), '--dir', wsdl, '--out', generated]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(wsdl, 'Authentication.wsdl'), 'utf8')).toBe(V2);
    expect(readFileSync(join(generated, 'authentication/codec.ts'), 'utf8')).toContain('export const SSOLogout');
    expect(JSON.parse(readFileSync(join(generated, 'authentication/model.json'), 'utf8')).portTypes.AuthenticationSoap).toHaveProperty('SSOLogout');
    // Nothing temporary is left behind, and a check now finds no change.
    expect(Object.keys(snapshotOf(dir)).filter((f) => /\.tmp-|\.old-/.test(f))).toEqual([]);
    expect((await run(['wsdl', 'check', '--url', url('/v2?wsdl'), '--dir', wsdl])).code).toBe(0);
  });

  it('when the codec cannot be generated, changes nothing at all, exits 3, and check still reports the change', async () => {
    const { dir, wsdl, generated } = project();
    const before = snapshotOf(dir);
    const result = await run(['wsdl', 'update', '--url', url('/rpc?wsdl'), '--dir', wsdl, '--out', generated]);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/no document\/literal SOAP operation/);
    expect(snapshotOf(dir)).toEqual(before);
    const check = await run(['wsdl', 'check', '--url', url('/rpc?wsdl'), '--dir', wsdl]);
    expect(check.code).toBe(1);
  });
});

describe('a service name that is not a plain file name', () => {
  const BAD = ['..', '.', '', '../x', 'a/b', '/abs', 'a\\b', 'C:x'];

  it.each(BAD)('%j is refused as a validation error before a path is made of it', (name) => {
    expect(() => snapshotFiles(name, BASE, 'http://x/')).toThrow(IqValidationError);
    expect(() => serviceFolder(name)).toThrow(/service name/);
  });

  it.each(BAD)('wsdl update with a WSDL whose service is %j exits 2 and touches no file', async (name) => {
    const { dir, wsdl, generated } = project();
    const before = snapshotOf(dir);
    const result = await run(['wsdl', 'update', '--url', url(`/named?n=${encodeURIComponent(name)}`), '--dir', wsdl, '--out', generated]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/service name .* is not a plain file name/);
    expect(snapshotOf(dir)).toEqual(before);
    // Nor beside the project, where a folder named `..` would be staged.
    expect(readdirSync(join(dir, '..')).filter((n) => n.startsWith(`.${basename(dir)}`))).toEqual([]);
  });

  it('generate --url with such a WSDL exits 2 and creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iq-app-'));
    dirs.push(dir);
    const result = await run(['generate', '--url', url(`/named?n=${encodeURIComponent('../escape')}`), '--out', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('generate', () => {
  it('writes a codec module, its model and the snapshot into the app, importing the package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iq-app-'));
    dirs.push(dir);
    const result = await run(['generate', '--url', url('/v2?wsdl'), '--out', join(dir, 'printiq')]);
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, 'printiq')).sort()).toEqual(['Authentication.manifest.json', 'Authentication.wsdl', 'codec.ts', 'model.json']);
    const codec = readFileSync(join(dir, 'printiq/codec.ts'), 'utf8');
    expect(codec).toContain("import { soapCodec as rt } from 'iq-integration';");
    expect(codec).toContain('export const service');
    expect((await run(['wsdl', 'check', '--url', url('/v2?wsdl'), '--dir', join(dir, 'printiq')])).code).toBe(0);
  });

  it('from a WSDL file, and with nothing generated when it cannot be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iq-app-'));
    dirs.push(dir);
    const ok = await run(['generate', '--wsdl', join(ROOT, 'test/asmx-service/wsdl/Catalog.wsdl'), '--out', join(dir, 'catalog')]);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, 'catalog/codec.ts'), 'utf8')).toContain('export const Echo');
    const failed = await run(['generate', '--url', url('/rpc?wsdl'), '--out', join(dir, 'rpc')]);
    expect(failed.code).toBe(3);
    expect(existsSync(join(dir, 'rpc'))).toBe(false);
  });

  it.each([
    [['generate', '--out', 'x'], /one of --url and --wsdl/],
    [['generate', '--url', 'http://x/', '--wsdl', 'y', '--out', 'x'], /one of --url and --wsdl/],
    [['generate', '--url', 'http://x/'], /--out/],
  ])('exits 2 for bad usage: %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
