// npm run reliability: runs the whole suite with the secret sweep counting, and
// writes docs/reliability.md: every fault, security and bad-input case with its
// outcome, and the totals (cases tried, passed, errors swept, secrets found).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: string;
}
interface FileResult {
  name: string;
  assertionResults: Assertion[];
}
interface Sweep {
  file: string;
  errorsChecked: number;
  writesChecked: number;
  leaks: number;
}

const ROOT = resolve(__dirname, '..');
const SECTIONS: Array<[string, string, string]> = [
  ['test/unit/sso-hostile-answers.test.ts', 'Hostile and broken answers: printIQ SSO', 'every transport (SOAP 1.2, SOAP 1.1, JSON)'],
  ['test/reseller/hostile-answers.test.ts', 'Hostile and broken answers: IQ Reseller', 'JSON and XML calls, and session creation'],
  ['test/reseller/sessions.test.ts', 'Faults survived: sessions', 'expiry in a burst, ended sessions (404), refused replays, renewal, close'],
  ['test/reseller/calls.test.ts', 'Faults survived: calls', 'resets, 503, timeouts, malformed bodies, bad calls'],
  ['test/reseller/paginate.test.ts', 'Faults survived: paging', "the vendor's past-the-end 500, failing pages, pacing"],
  ['test/unit/pipeline.test.ts', 'The HTTP pipeline', 'retries, backoff, Retry-After, timeouts, aborts, keep-alive'],
  ['test/unit/transports.test.ts', 'The transports', 'node:http, a corporate CA, an undici dispatcher and a CONNECT proxy, gzip and gzip bombs'],
  ['test/unit/sso-secrets.test.ts', 'Secrets: printIQ SSO', 'AppKeys echoed back in every kind of answer and failure'],
  ['test/reseller/secrets.test.ts', 'Secrets: IQ Reseller', 'API keys and session tokens echoed back'],
  ['test/unit/sso-validation.test.ts', 'Bad input', 'each an IqValidationError, with nothing sent'],
  ['test/unit/xml-reader.test.ts', 'Hostile XML: the one reader', 'DTDs, two roots, deep nesting, __proto__, characters XML cannot carry, every truncation'],
  [
    'test/unit/wsdl-codegen.test.ts',
    'Hostile WSDLs: the generator',
    'code injection through names, namespaces, enum values and actions; what is left out and why',
  ],
  ['test/contract/differential.test.ts', 'The codec against node-soap', 'thousands of envelopes, recorded and hostile answers, every difference explained'],
];

function run(): { results: FileResult[]; sweeps: Sweep[]; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'iq-reliability-'));
  const outputFile = join(dir, 'results.json');
  const sweepFile = join(dir, 'sweep.jsonl');
  writeFileSync(sweepFile, '');
  const started = Date.now();
  const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${outputFile}`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, IQ_SWEEP_OUT: sweepFile },
  });
  const seconds = (Date.now() - started) / 1000;
  if (jest.error) throw jest.error;
  const results = (JSON.parse(readFileSync(outputFile, 'utf8')) as { testResults: FileResult[] }).testResults;
  const sweeps = readFileSync(sweepFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Sweep);
  return { results, sweeps, seconds };
}

function mark(status: string): string {
  return status === 'passed' ? 'passed' : `**${status}**`;
}

function main(): void {
  const { results, sweeps, seconds } = run();
  const all = results.flatMap((r) => r.assertionResults);
  const passed = all.filter((a) => a.status === 'passed').length;
  const leaks = sweeps.reduce((n, s) => n + s.leaks, 0);
  const errorsChecked = sweeps.reduce((n, s) => n + s.errorsChecked, 0);
  const byFile = new Map(results.map((r) => [relative(ROOT, r.name), r.assertionResults]));
  const lines = [
    '# Reliability: fault, security and bad-input cases',
    '',
    `Written by \`npm run reliability\`, which runs the whole test suite (${seconds.toFixed(0)} s on ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}).`,
    'Every test file runs under the secret sweep (`test/support/secret-sweep.ts`): each error that leaves a',
    'client is checked (message, stack, properties, cause, `util.inspect`, `JSON.stringify`) for the secrets that',
    'client holds, and every console and stdio write for any secret seen so far. The fault and secret suites',
    'also fail any case that leaves a client connection in use once it has settled (a leaked socket).',
    '',
    '| figure | count |',
    '|---|---|',
    `| cases tried (whole suite) | ${all.length} |`,
    `| cases passed | ${passed} |`,
    `| cases failed | ${all.length - passed} |`,
    `| errors swept for secrets | ${errorsChecked} |`,
    `| secrets found | ${leaks} |`,
    '',
  ];
  for (const [file, title, scope] of SECTIONS) {
    const cases = byFile.get(file);
    if (!cases) continue;
    const ok = cases.filter((c) => c.status === 'passed').length;
    lines.push(`## ${title}`, '', `${scope}: ${cases.length} cases, ${ok} passed (\`${file}\`).`, '', '| case | outcome |', '|---|---|');
    for (const c of cases) lines.push(`| ${[...c.ancestorTitles, c.title].join(' › ').replace(/\|/g, '\\|')} | ${mark(c.status)} |`);
    lines.push('');
  }
  const listed = new Set(SECTIONS.map(([f]) => f));
  lines.push('## The rest of the suite', '', '| file | cases | passed |', '|---|---|---|');
  for (const [file, cases] of [...byFile].filter(([f]) => !listed.has(f)).sort()) {
    lines.push(`| \`${file}\` | ${cases.length} | ${cases.filter((c) => c.status === 'passed').length} |`);
  }
  writeFileSync(join(ROOT, 'docs/reliability.md'), `${lines.join('\n')}\n`);
  process.stdout.write(`docs/reliability.md: ${all.length} cases, ${passed} passed, ${errorsChecked} errors swept, ${leaks} secrets found\n`);
  if (passed !== all.length || leaks > 0) process.exitCode = 1;
}

main();
