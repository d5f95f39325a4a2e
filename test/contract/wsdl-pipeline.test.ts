// The regenerate-on-WSDL-change workflow, end to end against the ASMX service.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { IqProtocolError } from '../../src';
import { checkWsdl } from '../../src/wsdl/check';
import { fetchWsdl } from '../../src/wsdl/fetch';
import { generateStubs } from '../../src/wsdl/generate';
import { sha256 } from '../../src/wsdl/snapshot';
import { asmxUrl, changedAsmxUrl } from '../support/asmx';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iq-wsdl-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) =>
    readdirSync(d).forEach((name) => {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    });
  walk(dir);
  return out;
}

async function script(name: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [join(ROOT, 'scripts', name), ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

it('generated/ is exactly what the generator makes from wsdl/, and a second run changes nothing', async () => {
  const first = tempDir();
  const second = tempDir();
  await generateStubs(join(ROOT, 'wsdl'), first);
  await generateStubs(join(ROOT, 'wsdl'), second);
  const committed = filesUnder(join(ROOT, 'generated'));
  expect(Object.keys(committed).length).toBeGreaterThan(5);
  expect(filesUnder(first)).toEqual(committed);
  expect(filesUnder(second)).toEqual(committed);
});

it('the committed snapshot matches the service (its address aside)', async () => {
  const result = await checkWsdl(`${asmxUrl()}?wsdl`, { wsdlDir: join(ROOT, 'wsdl'), generatedDir: join(ROOT, 'generated') });
  expect(result.changes).toEqual([]);
  expect(result.updated).toBe(false);
});

it('wsdl:fetch writes the snapshot and a manifest with source, time and sha256', async () => {
  const dir = tempDir();
  const before = Date.now();
  const run = await script('wsdl-fetch.ts', ['--url', `${asmxUrl()}?wsdl`, '--out', join(dir, 'wsdl')], dir);
  expect(run.code).toBe(0);
  const wsdl = readFileSync(join(dir, 'wsdl/Authentication.wsdl'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(dir, 'wsdl/Authentication.manifest.json'), 'utf8'));
  expect(wsdl).toContain('<wsdl:definitions');
  expect(manifest.sha256).toBe(sha256(wsdl));
  expect(manifest.bytes).toBe(Buffer.byteLength(wsdl));
  expect(manifest.sourceUrl).toBe(`${asmxUrl()}?wsdl`);
  expect(Date.parse(manifest.fetchedAt)).toBeGreaterThanOrEqual(before - 1000);
});

describe('against a changed service', () => {
  it('wsdl:check exits 1 and says what changed', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'wsdl'), join(dir, 'wsdl'), { recursive: true });
    const run = await script('wsdl-check.ts', ['--url', `${changedAsmxUrl()}?wsdl`], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('+ operation AuthenticationSoap.SSOLogout');
    expect(run.stdout).toContain('+ field SSORequestInput.Department');
    expect(run.stdout).toMatch(/~ field SSORequestResponse\.ErrorMessage: type s:string -> s:int/);
    expect(run.stdout).toContain('- field SSORequestResponse.LandPageURL');
    expect(readFileSync(join(dir, 'wsdl/Authentication.wsdl'), 'utf8')).toBe(readFileSync(join(ROOT, 'wsdl/Authentication.wsdl'), 'utf8'));
  });

  it('wsdl:update takes the new WSDL and regenerates the stubs', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'wsdl'), join(dir, 'wsdl'), { recursive: true });
    cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
    const run = await script('wsdl-check.ts', ['--url', `${changedAsmxUrl()}?wsdl`, '--update'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Snapshot updated');
    const manifest = JSON.parse(readFileSync(join(dir, 'wsdl/Authentication.manifest.json'), 'utf8'));
    expect(manifest.sourceUrl).toBe(`${changedAsmxUrl()}?wsdl`);
    const client = readFileSync(join(dir, 'generated/authentication/client.ts'), 'utf8');
    expect(client).toContain('SSOLogoutAsync');
    const input = readFileSync(join(dir, 'generated/authentication/definitions/Input.ts'), 'utf8');
    expect(input).toContain('Department?: string;');
    const again = await script('wsdl-check.ts', ['--url', `${changedAsmxUrl()}?wsdl`], dir);
    expect(again.code).toBe(0);
  });
});

it('refuses an answer that is not a WSDL, with a typed error', async () => {
  await expect(fetchWsdl(asmxUrl())).rejects.toBeInstanceOf(IqProtocolError);
  const run = await script('wsdl-check.ts', ['--url', asmxUrl()], tempDir());
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('did not answer with a WSDL document');
});
