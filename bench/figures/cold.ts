// Figure 5: cold start, a new process to its first SOAP 1.2 SSO result, for
// the package (built, as installed), the hand-written floor and node-soap.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_KEY } from '../lib/canned';
import { WSDL_PATH } from '../lib/floor';

export const COLD_GOAL = 1.25;
export type ColdMode = 'package' | 'raw' | 'node-soap';

export interface ColdRun {
  mode: ColdMode;
  /** Spawn to exit, as the parent sees it. */
  wallMs: number;
  bootMs: number;
  firstResultMs: number;
  steps: Record<string, number>;
}

export interface ColdResult {
  runs: ColdRun[];
  errors: string[];
}

export function runNode(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ wallMs: number; stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ wallMs: performance.now() - t0, stdout, stderr, code }));
  });
}

export async function coldStart(paths: { entry: string; fxp: string; soap: string }, url: string, runs: number, cwd: string): Promise<ColdResult> {
  const script = join(__dirname, '..', 'cold', 'first-sso.cjs');
  const args: Record<ColdMode, string[]> = {
    package: [script, 'package', paths.entry, url, APP_KEY],
    raw: [script, 'raw', paths.fxp, url, APP_KEY],
    'node-soap': [script, 'node-soap', paths.soap, WSDL_PATH, url, APP_KEY],
  };
  const out: ColdRun[] = [];
  const errors: string[] = [];
  const one = async (mode: ColdMode, measured: boolean) => {
    const result = await runNode(args[mode], cwd);
    if (result.code !== 0) errors.push(`${mode}: exit ${result.code}: ${result.stderr.split('\n')[0]}`);
    else if (measured) out.push({ mode, wallMs: result.wallMs, ...(JSON.parse(result.stdout) as Omit<ColdRun, 'mode' | 'wallMs'>) });
  };
  // One unmeasured process of each first (the file cache), then rotate which goes first.
  const modes: ColdMode[] = ['package', 'raw', 'node-soap'];
  for (const mode of modes) await one(mode, false);
  for (let i = 0; i < runs; i++) for (const mode of modes.map((_, k) => modes[(k + i) % modes.length])) await one(mode, true);
  return { runs: out, errors };
}
