// The built package for the cold-start processes, laid out as an installed
// package (node_modules/iq-integration/{dist,wsdl,package.json}) in a temp dir,
// so a rebuild or test run elsewhere in the work tree cannot change it mid-run.
// The package has no runtime dependency, so it needs no node_modules of its own.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/** Sources of what the package entry loads that are newer than its bundle. */
function staleSources(repo: string): string[] {
  const skip = new Set(['sandbox', 'demo', 'cli']);
  const built = statSync(join(repo, 'dist', 'bundle', 'index.cjs')).mtimeMs;
  const generated = readdirSync(join(repo, 'generated')).flatMap((service) => ['codec.ts', 'model.json'].map((f) => join(repo, 'generated', service, f)));
  return [...tsFiles(join(repo, 'src'), skip), ...generated].filter((source) => existsSync(source) && statSync(source).mtimeMs > built);
}

export function snapshotPackage(repo: string, log: (line: string) => void): PackageSnapshot {
  const stale = existsSync(join(repo, 'dist', 'bundle', 'index.cjs')) ? staleSources(repo) : ['dist/bundle/index.cjs (missing)'];
  let origin = "the work tree's dist/ (up to date with src/)";
  if (stale.length > 0) {
    log(`dist/ is older than ${stale.length} source file(s): npm run build`);
    execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    origin = `built by this run (\`npm run build\`: dist/ was older than ${relative(repo, stale[0])})`;
  }
  const root = mkdtempSync(join(tmpdir(), 'iq-bench-pkg-'));
  const pkg = join(root, 'node_modules', 'iq-integration');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(repo, 'wsdl'), join(pkg, 'wsdl'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
  return { entry: join(pkg, 'dist', 'bundle', 'index.cjs'), origin, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
