// npm run bench [-- --quick]
// Measures the package against hand-written baselines doing the same work on
// loopback, prints the table and writes bench/RESULTS.md from this run only.
// A script, not a test: no figure here is asserted anywhere.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeTestPki } from '../test/support/test-pki';
import { coldStart } from './figures/cold';
import { differential } from './figures/differential';
import { measureInstall } from './figures/install';
import { connections, memory, throughput } from './figures/load';
import { getCvsGroup, jsonGroup, soapGroup, SSO_PATH, type BuiltPackage, type GroupResult } from './figures/warm';
import { Servers } from './lib/control';
import { describeMachine, loadAverage } from './lib/machine';
import { snapshotPackage } from './lib/package-snapshot';
import { renderReport, renderTable, type Report } from './report';

const REPO = join(__dirname, '..');
const QUICK = process.argv.includes('--quick');

const CONFIG: Report['config'] = QUICK
  ? {
      interleave: { rounds: 30, block: 20, warmup: 200 },
      coldRuns: 5,
      tputN: 1000,
      tputRounds: 2,
      connCalls: 300,
      memFirst: 1000,
      memTotal: 5_000,
      memConcurrency: 8,
      corpus: 500,
    }
  : {
      interleave: { rounds: 100, block: 40, warmup: 500 },
      coldRuns: 15,
      tputN: 1000,
      tputRounds: 6,
      connCalls: 1000,
      memFirst: 1000,
      memTotal: 50_000,
      memConcurrency: 8,
      corpus: 2000,
    };

/** A kind whose heap grows by more than this per call gets a fetch control run, to tell its growth from undici's. */
const GROWTH_WORTH_A_CONTROL = 20;

const log = (line: string) => process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

async function step<T>(name: string, run: () => Promise<T> | T, errors: Record<string, string>): Promise<T | undefined> {
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
  const built: BuiltPackage = { ...require(pkg.entry), HttpPipeline: require(join(dirname(pkg.entry), '..', 'src', 'http', 'pipeline.js')).HttpPipeline };
  const pki = makeTestPki();
  let Agent: unknown;
  let undiciError: string | undefined;
  try {
    Agent = require('undici').Agent;
  } catch (error) {
    undiciError = `the undici package could not be loaded: ${(error as Error).message.split('\n')[0]}`;
  }
  const servers = await Servers.start('error' in pki ? undefined : pki);
  const report: Report = {
    quick: QUICK,
    config: CONFIG,
    machine,
    packageOrigin: pkg.origin,
    pki: 'error' in pki ? { error: pki.error } : { openssl: pki.opensslVersion },
    undiciError,
    errors,
    groups: [],
  };
  try {
    const set = await servers.newSet('main');
    const [soap, json, reseller] = [set.soap.http!, set.json.http!, set.reseller.http!];
    const groups: Array<[string, () => Promise<GroupResult>]> = [
      ['figure 1: SOAP 1.2', () => soapGroup(built, soap, '1.2', CONFIG.interleave)],
      ['figure 2: SOAP 1.1', () => soapGroup(built, soap, '1.1', CONFIG.interleave)],
      ['figure 3: JSON SSO', () => jsonGroup(built, json, CONFIG.interleave)],
      ['figure 4: getCVs', () => getCvsGroup(built, reseller, CONFIG.interleave)],
    ];
    for (const [name, run] of groups) {
      const result = await step(name, run, errors);
      if (result) report.groups.push(result);
    }
    report.cold = await step(
      'figure 5: cold start',
      () =>
        coldStart({ entry: pkg.entry, fxp: require.resolve('fast-xml-parser'), soap: require.resolve('soap') }, `${soap}${SSO_PATH}`, CONFIG.coldRuns, REPO),
      errors,
    );
    report.throughput = await step('figure 6: 1,000 concurrent getCVs', () => throughput(servers, CONFIG.tputN, CONFIG.tputRounds), errors);
    report.connections = await step(
      'figure 7: connections (http, https)',
      () => connections(servers, CONFIG.connCalls, 'error' in pki || !Agent ? undefined : { ca: pki.ca, Agent: Agent as never }),
      errors,
    );
    const memKinds = [
      { kind: 'soap12', url: `${soap}${SSO_PATH}`, control: 'fetch-soap12' },
      { kind: 'json', url: `${json}${SSO_PATH}`, control: 'fetch-json' },
      { kind: 'getcvs', url: reseller, control: 'fetch-getcvs' },
    ];
    report.memory = await step(
      'figure 8: memory',
      async () => {
        const runs = await memory(memKinds, CONFIG.memFirst, CONFIG.memTotal, CONFIG.memConcurrency, REPO);
        const grew = memKinds.filter((k) => {
          const run = runs.find((r) => r.kind === k.kind);
          return run && !run.error && (run.afterTotal - run.afterFirst) / (run.total - run.first) > GROWTH_WORTH_A_CONTROL;
        });
        return [
          ...runs,
          ...(await memory(
            grew.map((k) => ({ kind: k.control, url: k.url })),
            CONFIG.memFirst,
            CONFIG.memTotal,
            CONFIG.memConcurrency,
            REPO,
          )),
        ];
      },
      errors,
    );
    report.serverStats = await servers.stats();
  } finally {
    await servers.stop();
    if (!('error' in pki)) pki.dispose();
    pkg.dispose();
  }
  report.install = await step('figure 9: install', () => measureInstall(REPO), errors);
  report.differential = await step('figure 10: differential', () => differential(CONFIG.corpus, 20261201), errors);
  report.loadAfter = loadAverage();
  report.seconds = (performance.now() - started) / 1000;

  process.stdout.write(`\n${renderTable(report)}\n`);
  const out = join(__dirname, 'RESULTS.md');
  writeFileSync(out, renderReport(report));
  log(`wrote ${out} (${report.seconds.toFixed(0)} s in all)`);
  if (Object.keys(errors).length > 0) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
