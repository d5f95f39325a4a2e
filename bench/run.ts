// npm run bench [-- --quick]
// Measures the package against baselines doing the same work on loopback,
// prints a table and writes bench/RESULTS.md. A script, not a test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { coldStart, connections, getCvsGroup, jsonGroup, measureServerChoice, memory, soapGroup, SSO_PATH, throughput } from './figures';
import { Servers } from './lib/control';
import { describeMachine, loadAverage } from './lib/machine';
import { snapshotPackage } from './lib/package-snapshot';
import { renderReport, renderTable, type Report } from './report';
import { makeTestPki } from '../test/support/test-pki';

const REPO = join(__dirname, '..');
const QUICK = process.argv.includes('--quick');

const CONFIG = QUICK
  ? { mode: 'quick', interleave: { rounds: 30, block: 20, warmup: 200 }, choice: { rounds: 15, block: 20, warmup: 50 }, coldRuns: 3, tputN: 1000, tputRounds: 2, connCalls: 300, memFirst: 1000, memTotal: 5_000, memConcurrency: 8 }
  : { mode: 'full', interleave: { rounds: 100, block: 40, warmup: 500 }, choice: { rounds: 40, block: 20, warmup: 200 }, coldRuns: 10, tputN: 1000, tputRounds: 6, connCalls: 1000, memFirst: 1000, memTotal: 50_000, memConcurrency: 8 };

/** A kind whose heap grows by more than this per call gets a raw-fetch control run, to tell its growth from undici's. */
const GROWTH_WORTH_A_CONTROL = 20;

const log = (line: string) => process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

async function step<T>(name: string, run: () => Promise<T>, errors: Record<string, string>): Promise<T | undefined> {
  log(`${name}...`);
  const t0 = performance.now();
  try {
    const result = await run();
    log(`${name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    errors[name] = String((error as Error)?.stack ?? error);
    log(`${name}: FAILED: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine(REPO);
  log(`${QUICK ? 'quick' : 'full'} run on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load ${machine.loadBefore}`);
  const errors: Record<string, string> = {};

  const pkg = snapshotPackage(REPO, log);
  const pki = makeTestPki();
  let Agent: unknown;
  let undiciError: string | undefined;
  try {
     
    Agent = require('undici').Agent;
  } catch (error) {
    undiciError = `the undici package could not be loaded: ${(error as Error).message.split('\n')[0]}`;
  }
  const servers = await Servers.start('error' in pki ? undefined : pki);
  const report: Report = { quick: QUICK, config: CONFIG, machine, packageOrigin: pkg.origin, pki: 'error' in pki ? { error: pki.error } : { openssl: pki.opensslVersion }, undiciError, errors } as Report;
  try {
    const set = await servers.newSet('main');
    const soap = set.soap.http!;
    const json = set.json.http!;
    const reseller = set.reseller.http!;

    report.serverChoice = await step('server choice: minimal servers vs the sandbox', () => measureServerChoice(servers, soap, reseller, CONFIG.choice), errors);
    report.groups = [];
    const g1 = await step('figures 1-2: SOAP 1.2', () => soapGroup(soap, CONFIG.interleave), errors);
    if (g1) report.groups.push(g1);
    const g3a = await step('figure 3: JSON SSO', () => jsonGroup(json, CONFIG.interleave), errors);
    if (g3a) report.groups.push(g3a);
    const g3b = await step('figure 3: getCVs', () => getCvsGroup(reseller, CONFIG.interleave), errors);
    if (g3b) report.groups.push(g3b);
    report.throughput = await step('figure 5: 1,000 concurrent getCVs', () => throughput(servers, CONFIG.tputN, CONFIG.tputRounds), errors);
    report.connections = await step(
      'figure 6: connections (http, https)',
      () => connections(servers, CONFIG.connCalls, 'error' in pki || !Agent ? undefined : { ca: pki.ca, Agent: Agent as never }),
      errors,
    );
    report.cold = await step('figure 4: cold start', () => coldStart(pkg.entry, require.resolve('fast-xml-parser'), soap, CONFIG.coldRuns, REPO), errors);
    const memKinds = [
      { kind: 'soap12', url: `${soap}${SSO_PATH}`, control: 'raw-soap12' },
      { kind: 'json', url: `${json}${SSO_PATH}`, control: 'raw-json' },
      { kind: 'getcvs', url: reseller, control: 'raw-getcvs' },
    ];
    report.memory = await step(
      'figure 7: memory',
      async () => {
        const runs = await memory(memKinds, CONFIG.memFirst, CONFIG.memTotal, CONFIG.memConcurrency, REPO);
        const controls = memKinds.filter((k) => {
          const run = runs.find((r) => r.kind === k.kind);
          return run && !run.error && (run.afterTotal - run.afterFirst) / (run.total - run.first) > GROWTH_WORTH_A_CONTROL;
        });
        if (controls.length > 0) log(`heap grew for ${controls.map((k) => k.kind).join(', ')}: running raw-fetch controls`);
        return [...runs, ...(await memory(controls.map((k) => ({ kind: k.control, url: k.url })), CONFIG.memFirst, CONFIG.memTotal, CONFIG.memConcurrency, REPO))];
      },
      errors,
    );
    report.serverStats = await servers.stats();
  } finally {
    await servers.stop();
    if (!('error' in pki)) pki.dispose();
    pkg.dispose();
  }
  report.loadAfter = loadAverage();
  report.seconds = (performance.now() - started) / 1000;

  const table = renderTable(report);
  process.stdout.write(`\n${table}\n`);
  const out = join(__dirname, 'RESULTS.md');
  writeFileSync(out, renderReport(report));
  log(`wrote ${out} (${report.seconds.toFixed(0)} s in all)`);
  if (Object.keys(errors).length > 0) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
