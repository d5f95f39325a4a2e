// The built package for the cold-start processes, laid out as an installed
// package (node_modules/iq-integration/{dist,wsdl,package.json}) in a temp dir,
// so a rebuild or test run elsewhere in the work tree cannot change it mid-run.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface PackageSnapshot {
  /** `require()` this: the package's CommonJS entry. */
  entry: string;
  /** How dist was obtained. */
  origin: string;
  dispose(): void;
}

function tsFiles(dir: string, skip: Set<string>): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skip.has(name)) out.push(...tsFiles(path, skip));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Sources (of what the package entry loads) newer than their built file, or without one. */
function staleSources(repo: string): string[] {
  const skip = new Set(['sandbox', 'demo', 'cli']);
  const sources = [...tsFiles(join(repo, 'src'), skip), ...tsFiles(join(repo, 'generated'), skip)];
  return sources.filter((source) => {
    const built = join(repo, 'dist', relative(repo, source).replace(/\.ts$/, '.js'));
    return !existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs;
  });
}

export function snapshotPackage(repo: string, log: (line: string) => void): PackageSnapshot {
  let origin: string;
  const root = mkdtempSync(join(tmpdir(), 'iq-bench-pkg-'));
  const pkg = join(root, 'node_modules', 'iq-integration');
  mkdirSync(pkg, { recursive: true });
  if (!existsSync(join(repo, 'dist', 'src', 'index.js'))) {
    log('dist/ is missing: npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    origin = 'built by this run (`npm run build`: dist/ was missing)';
  } else {
    const stale = staleSources(repo);
    if (stale.length > 0) {
      // Compiled into the snapshot only: the work tree's dist/ is left alone.
      log(`dist/ is older than ${stale.length} source file(s): compiling src/ into the snapshot with tsc`);
      execFileSync(join(repo, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', join(pkg, 'dist')], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
      origin = `compiled by this run with tsc from the work tree (dist/ was older than ${stale.length} source file(s), e.g. ${relative(repo, stale[0])})`;
    } else {
      origin = 'the work tree\'s dist/ (up to date with src/)';
    }
  }
  if (!existsSync(join(pkg, 'dist'))) {
    cpSync(join(repo, 'dist', 'src'), join(pkg, 'dist', 'src'), { recursive: true });
    cpSync(join(repo, 'dist', 'generated'), join(pkg, 'dist', 'generated'), { recursive: true });
  }
  cpSync(join(repo, 'wsdl'), join(pkg, 'wsdl'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  return { entry: join(pkg, 'dist', 'src', 'index.js'), origin, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
