// The regenerate-on-WSDL-change workflow, end to end against the ASMX service.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { IqProtocolError } from '../../src';
import { checkWsdl } from '../../src/wsdl/check';
import { fetchWsdl } from '../../src/wsdl/fetch';
import { generateAll } from '../../src/wsdl/generate';
import { sha256 } from '../../src/wsdl/snapshot';
import { asmxUrl, catalogAsmxUrl, changedAsmxUrl } from '../support/asmx';
import { startRecordingProxy } from '../support/recording-proxy';

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

/** A copy of the repository's snapshots and generated code in a temp dir, as `npm run generate` lays them out. */
function layout(): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'wsdl'), join(dir, 'wsdl'), { recursive: true });
  cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
  return dir;
}

it('generated/ (and the Catalog codec) is exactly what the generator makes from the snapshots, twice over', async () => {
  for (const run of [1, 2]) {
    const dir = tempDir();
    const runtime = { path: join(dir, 'src/soap/codec.ts') };
    await generateAll([join(ROOT, 'wsdl')], [join(dir, 'generated')], { runtime, oracle: true });
    await generateAll([join(ROOT, 'test/asmx-service/wsdl')], [join(dir, 'test/asmx-service/generated')], { runtime, oracle: false });
    const committed = filesUnder(join(ROOT, 'generated'));
    expect(Object.keys(committed)).toEqual(expect.arrayContaining(['authentication/codec.ts', 'authentication/model.json', 'authentication/client.ts']));
    expect({ run, files: filesUnder(join(dir, 'generated')) }).toEqual({ run, files: committed });
    expect(filesUnder(join(dir, 'test/asmx-service/generated'))).toEqual(filesUnder(join(ROOT, 'test/asmx-service/generated')));
  }
});

it('the committed snapshots match the services (their addresses aside)', async () => {
  const printiq = await checkWsdl(`${asmxUrl()}?wsdl`, { wsdlDir: join(ROOT, 'wsdl') });
  expect(printiq.changes).toEqual([]);
  expect(printiq.updated).toBe(false);
  // By default the live service is compared with the model the package was built from.
  expect((await checkWsdl(`${asmxUrl()}?wsdl`)).changes).toEqual([]);
  expect((await checkWsdl(`${catalogAsmxUrl()}?wsdl`, { wsdlDir: join(ROOT, 'test/asmx-service/wsdl') })).changes).toEqual([]);
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

it('wsdl:check -- --help prints the help and fetches nothing', async () => {
  const proxy = await startRecordingProxy(asmxUrl());
  try {
    const run = await script('wsdl-check.ts', ['--url', `${proxy.url}?wsdl`, '--help'], layout());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes: 0 no change');
    expect(proxy.requests).toHaveLength(0);
  } finally {
    await proxy.close();
  }
});

describe('against a changed service', () => {
  it('wsdl:check exits 1 and says what changed', async () => {
    const dir = layout();
    const run = await script('wsdl-check.ts', ['--url', `${changedAsmxUrl()}?wsdl`], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('+ operation AuthenticationSoap.SSOLogout');
    expect(run.stdout).toContain('+ field SSORequestInput.Department');
    expect(run.stdout).toMatch(/~ field SSORequestResponse\.ErrorMessage: type s:string -> s:int/);
    expect(run.stdout).toContain('- field SSORequestResponse.LandPageURL');
    expect(readFileSync(join(dir, 'wsdl/Authentication.wsdl'), 'utf8')).toBe(readFileSync(join(ROOT, 'wsdl/Authentication.wsdl'), 'utf8'));
  });

  it('wsdl:update takes the new WSDL and regenerates the codec, its model and the oracle client', async () => {
    const dir = layout();
    const run = await script('wsdl-check.ts', ['--update', '--url', `${changedAsmxUrl()}?wsdl`], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Snapshot updated');
    const manifest = JSON.parse(readFileSync(join(dir, 'wsdl/Authentication.manifest.json'), 'utf8'));
    expect(manifest.sourceUrl).toBe(`${changedAsmxUrl()}?wsdl`);
    const codec = readFileSync(join(dir, 'generated/authentication/codec.ts'), 'utf8');
    expect(codec).toContain('export const SSOLogout: rt.SoapOperation<');
    expect(codec).toMatch(/Department\?: string;/);
    expect(readFileSync(join(dir, 'generated/authentication/client.ts'), 'utf8')).toContain('SSOLogoutAsync');
    expect(JSON.parse(readFileSync(join(dir, 'generated/authentication/model.json'), 'utf8')).portTypes.AuthenticationSoap).toHaveProperty('SSOLogout');
    const again = await script('wsdl-check.ts', ['--url', `${changedAsmxUrl()}?wsdl`], dir);
    expect(again.code).toBe(0);
  });
});

it('an answer that is not a WSDL is a typed error, and exit code 3 (could not check), not 1 (changed)', async () => {
  await expect(fetchWsdl(asmxUrl())).rejects.toBeInstanceOf(IqProtocolError);
  const run = await script('wsdl-check.ts', ['--url', asmxUrl()], layout());
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('did not answer with a WSDL document');
});
