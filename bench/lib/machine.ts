import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  bundledUndici: string;
  npmUndici: string;
  soap: string;
  fastXmlParser: string;
  os: string;
  date: string;
  commit: string;
  dirty: string;
  loadBefore: string;
}

function version(repo: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function describeMachine(repo: string): Machine {
  const git = (...args: string[]) => {
    try {
      // Read-only: --no-optional-locks keeps `status` from refreshing the index.
      return execFileSync('git', ['--no-optional-locks', ...args], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  };
  const changed = git('status', '--porcelain', '--', 'src', 'generated', 'wsdl');
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    bundledUndici: process.versions.undici ?? 'unknown',
    npmUndici: version(repo, 'undici'),
    soap: version(repo, 'soap'),
    fastXmlParser: version(repo, 'fast-xml-parser'),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD'),
    dirty:
      changed === 'unknown'
        ? 'unknown'
        : changed
          ? `${changed.split('\n').length} uncommitted change(s) under src/, generated/, wsdl/ (measured as they are in the work tree)`
          : 'clean',
    loadBefore: loadAverage(),
  };
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
}
