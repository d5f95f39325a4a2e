// Figure 9: what a default install of the packed package brings at run time:
// `npm pack`, then `npm install <tarball>` into an empty project, counting the
// packages besides the package itself and their size on disk. node-soap's own
// install (the dependency the package had) is measured the same way beside it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INSTALL_GOAL = { packages: 5, bytes: 2 * 1024 * 1024 };

export interface Footprint {
  /** Installed packages besides the one asked for. */
  packages: string[];
  /** Their size on disk (apparent sizes of their files). */
  bytes: number;
  /** The size of the package asked for itself. */
  ownBytes: number;
}

export interface InstallResult {
  tarballBytes: number;
  ours: Footprint;
  soap?: Footprint & { version: string };
  errors: string[];
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

/** Installs `spec` into an empty project and measures what landed in node_modules. */
function footprint(spec: string, name: string): Footprint {
  const project = mkdtempSync(join(tmpdir(), 'iq-bench-install-'));
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
    npm(['install', '--prefer-offline', spec], project);
    const modules = join(project, 'node_modules');
    const names = readdirSync(modules)
      .filter((n) => !n.startsWith('.'))
      .flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]));
    const others = names.filter((n) => n !== name);
    return { packages: others, bytes: others.reduce((sum, n) => sum + sizeOf(join(modules, n)), 0), ownBytes: sizeOf(join(modules, name)) };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

export function measureInstall(repo: string): InstallResult {
  const errors: string[] = [];
  const packDir = mkdtempSync(join(tmpdir(), 'iq-bench-pack-'));
  try {
    npm(['pack', '--silent', '--pack-destination', packDir], repo);
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'))!;
    const result: InstallResult = { tarballBytes: statSync(join(packDir, tarball)).size, ours: footprint(join(packDir, tarball), 'iq-integration'), errors };
    try {
      const version = (JSON.parse(readFileSync(join(repo, 'node_modules/soap/package.json'), 'utf8')) as { version: string }).version;
      result.soap = { version, ...footprint(`soap@${version}`, 'soap') };
    } catch (error) {
      errors.push(`soap's install could not be measured: ${String((error as Error).message).split('\n')[0]}`);
    }
    return result;
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}
