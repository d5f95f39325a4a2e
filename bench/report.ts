// Turns one run's measurements into the printed table and bench/RESULTS.md.
// Everything here comes from the Report of this run: no figure of an earlier
// run is carried over; the method text states how, not what was found before.
import type { DifferentialFigure } from './figures/differential';
import type { ColdMode, ColdResult } from './figures/cold';
import { COLD_GOAL } from './figures/cold';
import { INSTALL_GOAL, type InstallResult } from './figures/install';
import type { ConnectionRun, MemoryRun, ThroughputRound } from './figures/load';
import type { Comparison, GroupResult } from './figures/warm';
import type { Machine } from './lib/machine';
import { fmt, medianCi, quantile, summarize, type Summary } from './lib/stats';
import type { Counters } from './servers';

export interface Report {
  quick: boolean;
  config: {
    interleave: { rounds: number; block: number; warmup: number };
    coldRuns: number;
    tputN: number;
    tputRounds: number;
    connCalls: number;
    memFirst: number;
    memTotal: number;
    memConcurrency: number;
    corpus: number;
  };
  machine: Machine;
  packageOrigin: string;
  pki: { openssl: string } | { error: string };
  undiciError?: string;
  errors: Record<string, string>;
  groups: GroupResult[];
  cold?: ColdResult;
  install?: InstallResult;
  differential?: DifferentialFigure;
  throughput?: ThroughputRound[];
  connections?: ConnectionRun[];
  memory?: MemoryRun[];
  serverStats?: Record<string, Counters>;
  loadAfter?: string;
  seconds?: number;
}

const MB = 1024 * 1024;
const x = (v: number) => `${fmt(v, 2)}x`;
const spread = (s: Summary) => `${fmt(s.p10, 2)}–${fmt(s.p90, 2)}`;
const ci = (c: [number, number]) => `${fmt(c[0], 3)}–${fmt(c[1], 3)}`;

function verdict(ratio: number, interval: [number, number], goal: number): string {
  const met = ratio <= goal;
  const sure = met ? interval[1] <= goal : interval[0] > goal;
  return `${met ? 'met' : '**missed**'}${sure ? '' : ' (CI straddles the goal)'}`;
}

const comparisons = (r: Report) => r.groups.flatMap((g) => g.comparisons);
const byId = (r: Report, id: string) => comparisons(r).find((c) => c.id === id);

// ---------------------------------------------------------------- summaries

export function coldSummary(cold: ColdResult) {
  const of = (mode: ColdMode) => cold.runs.filter((run) => run.mode === mode);
  const pairs = (a: ColdMode, b: ColdMode) => {
    const [xs, ys] = [of(a), of(b)];
    const values = xs.slice(0, Math.min(xs.length, ys.length)).map((run, i) => run.firstResultMs / ys[i].firstResultMs);
    return { ratio: summarize(values), ci: medianCi(values) };
  };
  const steps = (mode: ColdMode) => {
    const names = [...new Set(of(mode).flatMap((run) => Object.keys(run.steps)))];
    return names.map((name) => ({
      name,
      ms: quantile(
        of(mode).map((run) => run.steps[name]),
        0.5,
      ),
    }));
  };
  const first = (mode: ColdMode) => summarize(of(mode).map((run) => run.firstResultMs));
  const med = (mode: ColdMode, pick: (run: ColdResult['runs'][number]) => number) => quantile(of(mode).map(pick), 0.5);
  return {
    n: of('package').length,
    first: { package: first('package'), raw: first('raw'), soap: first('node-soap') },
    boot: { package: med('package', (run) => run.bootMs), raw: med('raw', (run) => run.bootMs), soap: med('node-soap', (run) => run.bootMs) },
    wall: { package: med('package', (run) => run.wallMs), raw: med('raw', (run) => run.wallMs), soap: med('node-soap', (run) => run.wallMs) },
    packageVsRaw: pairs('package', 'raw'),
    soapVsRaw: pairs('node-soap', 'raw'),
    steps: { package: steps('package'), raw: steps('raw'), soap: steps('node-soap') },
  };
}

function tputSummary(rounds: ThroughputRound[]) {
  const measured = rounds.filter((r) => r.measured);
  const client = measured.filter((r) => r.kind === 'client');
  const viaFetch = measured.filter((r) => r.kind === 'fetch');
  const all = rounds.filter((r) => r.kind === 'client');
  const times = client.slice(0, Math.min(client.length, viaFetch.length)).map((r, i) => r.seconds / viaFetch[i].seconds);
  return {
    client: summarize(client.map((r) => r.rps)),
    fetch: summarize(viaFetch.map((r) => r.rps)),
    ratio: summarize(times),
    maxSessions: Math.max(...all.map((r) => r.sessionsSeenByServer)),
    maxClientSessions: Math.max(...all.map((r) => r.sessionsCreatedByClient ?? 0)),
    clientErrors: all.reduce((n, r) => n + r.errors + r.wrongAnswers, 0),
    rounds: all.length,
  };
}

// ---------------------------------------------------------------- the table

export function renderTable(r: Report): string {
  const head = ['#', 'measure', 'the package', 'baseline', 'ratio (median)', 'p10–p90', '95% CI of median', 'goal', 'verdict'];
  const rows: string[][] = [];
  const missing = (id: string, what: string, step: string) =>
    rows.push([id, `${what}: not measured (${r.errors[step] ? 'failed, see errors' : 'skipped'})`, '', '', '', '', '', '', '']);
  for (const [id, what] of [
    ['1', 'SSO SOAP 1.2, warm'],
    ['2', 'SSO SOAP 1.1, warm'],
    ['3', 'SSO JSON, warm'],
    ['4', 'getCVs, warm session'],
  ] as const) {
    const c = byId(r, id);
    if (!c) {
      missing(id, what, what);
      continue;
    }
    rows.push([
      id,
      `${what}: vs the hand-written floor (node:http keep-alive)`,
      `${fmt(c.subjectUs.median, 0)} µs/call`,
      `${fmt(c.baselineUs.median, 0)} µs/call`,
      x(c.ratio.median),
      spread(c.ratio),
      ci(c.ci),
      `<= ${fmt(c.goal!, 2)}x`,
      verdict(c.ratio.median, c.ci, c.goal!),
    ]);
  }
  if (r.cold && r.cold.runs.length > 0) {
    const s = coldSummary(r.cold);
    rows.push([
      '5',
      `cold start, new process to first SOAP 1.2 SSO result (${s.n} processes each)`,
      `${fmt(s.first.package.median, 0)} ms`,
      `${fmt(s.first.raw.median, 0)} ms`,
      x(s.packageVsRaw.ratio.median),
      spread(s.packageVsRaw.ratio),
      ci(s.packageVsRaw.ci),
      `<= ${fmt(COLD_GOAL, 2)}x`,
      verdict(s.packageVsRaw.ratio.median, s.packageVsRaw.ci, COLD_GOAL),
    ]);
    rows.push([
      '5a',
      'cold start, node-soap vs the same floor (for reference)',
      `${fmt(s.first.soap.median, 0)} ms`,
      `${fmt(s.first.raw.median, 0)} ms`,
      x(s.soapVsRaw.ratio.median),
      spread(s.soapVsRaw.ratio),
      ci(s.soapVsRaw.ci),
      '',
      '',
    ]);
  } else missing('5', 'cold start', 'figure 5: cold start');
  if (r.install) {
    const i = r.install;
    const met = i.ours.packages.length <= INSTALL_GOAL.packages && i.ours.bytes <= INSTALL_GOAL.bytes;
    rows.push([
      '9',
      'runtime dependencies of a default install of the packed package',
      `${i.ours.packages.length} packages, ${fmt(i.ours.bytes / MB, 2)} MB (the package itself ${fmt(i.ours.ownBytes / MB, 2)} MB)`,
      i.soap ? `soap@${i.soap.version}: ${i.soap.packages.length} packages, ${fmt(i.soap.bytes / MB, 1)} MB` : '',
      '',
      '',
      '',
      '<= 5 packages, 2 MB',
      met ? 'met' : '**missed**',
    ]);
  } else missing('9', 'runtime dependencies', 'figure 9: install');
  if (r.differential) {
    const d = r.differential.report;
    rows.push([
      '10',
      `differential corpus vs node-soap: ${d.inputs.toLocaleString('en-US')} inputs, ${d.requests.toLocaleString('en-US')} envelopes, ${d.recorded.toLocaleString('en-US')} recorded answers, ${d.hostile} hostile answers`,
      `${d.unexplained.length} unexplained differences`,
      `${d.explained.length} explained`,
      '',
      '',
      '',
      '0 differences',
      d.unexplained.length === 0 && d.unused.length === 0 ? 'met' : '**missed**',
    ]);
  } else missing('10', 'differential corpus', 'figure 10: differential');
  if (r.throughput && r.throughput.length > 0) {
    const s = tputSummary(r.throughput);
    rows.push([
      '6',
      `1,000 concurrent getCVs on a cold client, ${s.rounds} rounds: sessions ${s.maxSessions} (client says ${s.maxClientSessions}), errors ${s.clientErrors}`,
      `${fmt(s.client.median, 0)} req/s`,
      `fetch ${fmt(s.fetch.median, 0)} req/s`,
      `${x(s.ratio.median)} (time)`,
      spread(s.ratio),
      '',
      'sessions 1, errors 0',
      s.maxSessions === 1 && s.maxClientSessions === 1 && s.clientErrors === 0 ? 'met' : '**missed**',
    ]);
  }
  for (const scheme of ['http', 'https'] as const) {
    const runs = (r.connections ?? []).filter((c) => c.scheme === scheme);
    if (runs.length === 0) continue;
    const ours = runs.filter((c) => !c.kind.startsWith('fetch'));
    const bad = runs.reduce((n, c) => n + c.errors + c.bad, 0);
    rows.push([
      '7',
      `TCP connections for ${runs[0].calls} sequential calls over ${scheme}${bad ? `, ${bad} errors` : ''}`,
      ours.map((c) => c.connections).join(' / '),
      `fetch ${runs
        .filter((c) => c.kind.startsWith('fetch'))
        .map((c) => c.connections)
        .join(' / ')}`,
      '',
      '',
      '',
      'far below the calls',
      Math.max(...ours.map((c) => c.connections)) <= 10 && bad === 0 ? 'met' : '**missed**',
    ]);
  }
  for (const m of (r.memory ?? []).filter((mm) => !mm.kind.startsWith('fetch'))) {
    if (m.error) {
      rows.push(['8', `heap, ${m.kind}: failed`, '', '', '', '', '', '', '']);
      continue;
    }
    const perCall = (m.afterTotal - m.afterFirst) / (m.total - m.first);
    rows.push([
      '8',
      `heap after ${m.total.toLocaleString('en-US')} vs ${m.first.toLocaleString('en-US')} calls, ${m.kind}`,
      `${fmt(m.afterTotal / MB, 2)} MB`,
      `${fmt(m.afterFirst / MB, 2)} MB`,
      `${fmt(perCall, 1)} B/call`,
      '',
      '',
      'no growth',
      Math.abs(perCall) < 20 ? 'met' : '**check**',
    ]);
  }
  rows.sort((a, b) => parseInt(a[0], 10) - parseInt(b[0], 10));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- RESULTS.md

function groupTable(g: GroupResult): string {
  return [
    `**${g.name}**: ${g.options.rounds} rounds × ${g.variants.length} variants × blocks of ${g.options.block} sequential calls, after ${g.options.warmup} warm-up calls each (${fmt(g.seconds, 0)} s).`,
    '',
    '| variant | wall µs/call, median (p10–p90 of blocks) | client CPU µs/call, median |',
    '|---|---|---|',
    ...g.variants.map((v) => `| ${v.name} | ${fmt(v.wallUs.median, 0)} (${fmt(v.wallUs.p10, 0)}–${fmt(v.wallUs.p90, 0)}) | ${fmt(v.cpuUs.median, 0)} |`),
    '',
    '| comparison | ratio, median of rounds | p10–p90 | 95% CI of median | CPU ratio (medians) | goal |',
    '|---|---|---|---|---|---|',
    ...g.comparisons.map(
      (c) =>
        `| ${c.id}. ${c.title} | ${x(c.ratio.median)} | ${spread(c.ratio)} | ${ci(c.ci)} | ${x(c.subjectCpuUs / c.baselineCpuUs)} | ${c.goal ? `<= ${fmt(c.goal, 2)}x: ${verdict(c.ratio.median, c.ci, c.goal)}` : ''} |`,
    ),
  ].join('\n');
}

export function renderReport(r: Report): string {
  const m = r.machine;
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(
    '# Benchmark results',
    '',
    `Written by \`npm run bench${r.quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${m.date}, from this run's measurements only. ${r.quick ? '**A quick run: fewer rounds; indicative only.**' : 'A full run.'} Total time ${fmt(r.seconds ?? NaN, 0)} s.`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${fmt(m.memoryGiB, 1)} GiB; ${m.os}`,
    `- Node ${m.node} (bundled undici ${m.bundledUndici}); soap ${m.soap} and fast-xml-parser ${m.fastXmlParser} (baselines only), undici ${m.npmUndici} (https baselines only)`,
    `- Commit ${m.commit}; work tree: ${m.dirty}`,
    `- Load average (1/5/15 min) before: ${m.loadBefore}; after: ${r.loadAfter ?? 'n/a'}. A small shared VM whose speed drifts: every timing figure is a ratio taken within this run, subject and baseline interleaved.`,
    '',
    '## The table',
    '',
    'Ratios are the package / its baseline (lower is better). The baseline of figures 1–5 is the fastest hand-written call: `node:http` `request()` on a keep-alive agent, the SOAP envelope from a string template, the answer parsed with fast-xml-parser (`JSON.parse` for JSON). fetch and node-soap are further rows in the details.',
    '',
    renderTable(r),
    '',
    '## How it is measured',
    '',
    '- **Servers.** One minimal `node:http` server per protocol in a separate process (the other core; its CPU is not charged to the client), answering fixed buffers: the SSORequest answer as ASMX writes it, in the SOAP version asked; the ASMX JSON `{"d":{...}}`; an IQ Reseller session and a `GetCVs` array of 25 CVs. Each checks the request is of its protocol and counts connections and requests. The same servers listen over https with a certificate from a test CA made with openssl in this run.',
    `- **Figures 1–4 (warm).** The built package (\`dist/bundle/index.cjs\`, ${r.packageOrigin}; \`HttpPipeline\` for the attribution rows from tsc's \`dist/src\` beside it), loaded in this process as users load it: not the sources through tsx, whose output names every inner function as it is made. The floor is bench/lib/floor.ts. ${r.config.interleave.rounds} rounds; in each, one block of ${r.config.interleave.block} sequential calls of every variant, order rotated and reversed every other round; the ratio is block against block within a round. p10–p90 is the spread of those per-round ratios (the machine's noise: see the A/A control of figure 4), the 95% CI a bootstrap interval of their median. Attribution rows send the floor's own exchange through the package's \`HttpPipeline\`, splitting the package's cost into the pipeline's and the rest (codec, checks, validation, result mapping).`,
    `- **Figure 5 (cold).** ${r.config.coldRuns} new \`node\` processes of each kind, in rotation, after one unmeasured process of each: the built package (${r.packageOrigin}) making its first SOAP 1.2 call; the hand-written floor (fast-xml-parser and \`node:http\`, as above); node-soap (\`createClientAsync\` on the shipped WSDL, \`forceSoap12Headers\`). "First result" is \`performance.now()\` in the process (ms since it started) when the first result is in hand; plain JavaScript, no loader.`,
    '- **Figure 9 (install).** `npm pack`, then `npm install <tarball>` into an empty project; every package in `node_modules` besides `iq-integration` is a runtime dependency; sizes are the apparent sizes of their files. `soap` at the version this repository tests against is installed the same way beside it.',
    `- **Figure 10 (differential).** test/contract/differential/run.ts with ${r.config.corpus.toLocaleString('en-US')} inputs from a fixed seed, both SOAP versions: request envelopes compared as canonical XML (read with sax), answers recorded from the real ASMX service read by both, hostile answers read by both; every difference must be one the table in run.ts explains.`,
    `- **Figures 6–8 (behaviour under load).** ${r.config.tputN} concurrent \`getCVs()\` on a new client per round (${r.config.tputRounds} measured rounds, after one warm-up round, fetch beside it); ${r.config.connCalls} sequential calls per kind against a fresh listener counting TCP connections; heap after ${r.config.memFirst.toLocaleString('en-US')} and after ${r.config.memTotal.toLocaleString('en-US')} calls in a process of its own (\`--expose-gc\`, ${r.config.memConcurrency} in flight).`,
    '',
  );

  push('## Figures 1–4 in detail', '');
  for (const g of r.groups) push(groupTable(g), '');

  push('## Figure 5: cold start', '');
  if (r.cold && r.cold.runs.length > 0) {
    const s = coldSummary(r.cold);
    push(
      `Medians over ${s.n} processes of each kind.`,
      '',
      '| | the package (dist) | hand-written floor | node-soap |',
      '|---|---|---|---|',
      `| first SOAP 1.2 result, ms since the process started | ${fmt(s.first.package.median, 0)} (p10–p90 ${fmt(s.first.package.p10, 0)}–${fmt(s.first.package.p90, 0)}) | ${fmt(s.first.raw.median, 0)} (${fmt(s.first.raw.p10, 0)}–${fmt(s.first.raw.p90, 0)}) | ${fmt(s.first.soap.median, 0)} (${fmt(s.first.soap.p10, 0)}–${fmt(s.first.soap.p90, 0)}) |`,
      `| Node's boot, to the script's first line | ${fmt(s.boot.package, 1)} | ${fmt(s.boot.raw, 1)} | ${fmt(s.boot.soap, 1)} |`,
      `| spawn to exit, as the parent sees it | ${fmt(s.wall.package, 0)} | ${fmt(s.wall.raw, 0)} | ${fmt(s.wall.soap, 0)} |`,
      '',
      `Steps inside the process (medians, ms): the package: ${s.steps.package.map((st) => `${st.name} ${fmt(st.ms, 1)}`).join('; ')}. The floor: ${s.steps.raw.map((st) => `${st.name} ${fmt(st.ms, 1)}`).join('; ')}. node-soap: ${s.steps.soap.map((st) => `${st.name} ${fmt(st.ms, 1)}`).join('; ')}.`,
      ...(r.cold.errors.length ? ['', `Failed processes: ${r.cold.errors.join('; ')}`] : []),
      '',
    );
  } else push(`Not measured: ${r.errors['figure 5: cold start'] ?? r.cold?.errors.join('; ') ?? 'no runs'}`, '');

  push('## Figure 9: runtime dependencies', '');
  if (r.install) {
    const i = r.install;
    push(
      `The packed tarball is ${fmt(i.tarballBytes / 1024, 0)} KB. A default install of it adds ${i.ours.packages.length === 0 ? 'no other package' : `${i.ours.packages.length} packages (${i.ours.packages.join(', ')})`}, ${fmt(i.ours.bytes / MB, 2)} MB, beside the package's own ${fmt(i.ours.ownBytes / MB, 2)} MB.`,
      ...(i.soap
        ? [
            `\`soap@${i.soap.version}\`, the package's runtime dependency before the codec, installs ${i.soap.packages.length} further packages, ${fmt(i.soap.bytes / MB, 1)} MB, beside its own ${fmt(i.soap.ownBytes / MB, 2)} MB.`,
          ]
        : []),
      ...(i.errors.length ? [`Errors: ${i.errors.join('; ')}`] : []),
      '',
    );
  } else push(`Not measured: ${r.errors['figure 9: install'] ?? ''}`, '');

  push('## Figure 10: the differential corpus', '');
  if (r.differential) {
    const d = r.differential.report;
    push(
      `${d.inputs.toLocaleString('en-US')} SSO inputs; ${d.requests.toLocaleString('en-US')} request envelopes (SOAP 1.2 and 1.1) compared as canonical XML; ${d.recorded.toLocaleString('en-US')} answers recorded from the ASMX service${r.differential.withoutService ? ` (none: ${r.differential.withoutService})` : ''}, ${d.echoed.toLocaleString('en-US')} of them successes whose URL showed the service read the codec's reference exactly; ${d.hostile} hostile answers. Unexplained differences: ${d.unexplained.length}${d.unused.length ? `; explanations no difference needed: ${d.unused.join(', ')}` : ''}.`,
      '',
      ...(d.unexplained.length
        ? ['Unexplained:', '', ...d.unexplained.map((u) => `- SOAP ${u.version}, ${u.subject}: \`${u.detail.split('\n')[0].slice(0, 300)}\``), '']
        : []),
      'Explained differences on hostile answers (who is right, and why):',
      '',
      ...[...new Map(d.explained.map((e) => [e.subject, e.reason])).entries()].map(([subject, reason]) => `- **${subject}**: ${reason}`),
      '',
    );
  } else push(`Not measured: ${r.errors['figure 10: differential'] ?? ''}`, '');

  push('## Figures 6–8: behaviour under load', '');
  if (r.throughput && r.throughput.length > 0) {
    const s = tputSummary(r.throughput);
    push(
      '| round | kind | measured | seconds | req/s | errors | wrong answers | sessions (server) | sessions (client) | new TCP connections |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...r.throughput.map(
        (t, i) =>
          `| ${i + 1} | ${t.kind === 'client' ? 'IqResellerClient' : 'fetch'} | ${t.measured ? 'yes' : 'no (warm-up)'} | ${fmt(t.seconds, 3)} | ${fmt(t.rps, 0)} | ${t.errors} | ${t.wrongAnswers} | ${t.sessionsSeenByServer} | ${t.sessionsCreatedByClient ?? ''} | ${t.connectionsOpened} |`,
      ),
      '',
      `Median req/s: the client ${fmt(s.client.median, 0)}, fetch ${fmt(s.fetch.median, 0)}.`,
      '',
    );
  }
  if ('error' in r.pki) push(`HTTPS not measured: ${r.pki.error}.`, '');
  if (r.undiciError) push(`HTTPS through undici not measured: ${r.undiciError}.`, '');
  if (r.connections && r.connections.length > 0) {
    push(
      '| scheme | kind | calls | TCP connections accepted | requests seen | errors | ms/call | transport |',
      '|---|---|---|---|---|---|---|---|',
      ...r.connections.map(
        (c) => `| ${c.scheme} | ${c.kind} | ${c.calls} | ${c.connections} | ${c.requests} | ${c.errors + c.bad} | ${fmt(c.msPerCall, 2)} | ${c.dispatcher} |`,
      ),
      '',
    );
  }
  if (r.memory && r.memory.length > 0) {
    push(
      '| kind | calls | heap before any call | after the first | after all | growth | per call | errors | sessions | seconds |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...r.memory.map((mm) =>
        mm.error
          ? `| ${mm.kind} | failed: ${mm.error} | | | | | | | | |`
          : `| ${mm.kind} | ${mm.first.toLocaleString('en-US')} / ${mm.total.toLocaleString('en-US')} | ${fmt(mm.before / MB, 2)} MB | ${fmt(mm.afterFirst / MB, 2)} MB | ${fmt(mm.afterTotal / MB, 2)} MB | ${fmt((mm.afterTotal - mm.afterFirst) / MB, 3)} MB | ${fmt((mm.afterTotal - mm.afterFirst) / (mm.total - mm.first), 1)} B | ${mm.errors} | ${mm.sessions ?? ''} | ${fmt(mm.seconds, 1)} |`,
      ),
      '',
    );
  }

  push(...findings(r));
  if (r.serverStats) {
    const bad = Object.entries(r.serverStats).filter(([, c]) => c.bad > 0);
    push(
      '## Server-side checks',
      '',
      bad.length === 0
        ? `Every request the servers saw was of the right protocol (${Object.values(r.serverStats)
            .reduce((n, c) => n + c.requests, 0)
            .toLocaleString('en-US')} requests).`
        : `Wrong requests: ${bad.map(([k, c]) => `${k}: ${c.bad}`).join(', ')}`,
      '',
    );
  }
  if (Object.keys(r.errors).length > 0) push('## Errors in this run', '', ...Object.entries(r.errors).map(([k, v]) => `- ${k}: \`${v.split('\n')[0]}\``), '');
  return out.join('\n');
}

/** What this run's figures say about the goals; every number is this run's. */
function findings(r: Report): string[] {
  const out = ['## Findings of this run', ''];
  const say = (c: Comparison | undefined, pipeline: Comparison | undefined, rest: Comparison | undefined, label: string) => {
    if (!c) return;
    const met = c.ratio.median <= c.goal!;
    out.push(
      `- **${label}: ${x(c.ratio.median)} of the floor (CI ${fmt(c.ci[0], 2)}–${fmt(c.ci[1], 2)}), goal ${fmt(c.goal!, 2)}x: ${met ? 'met' : 'missed'}.**` +
        (pipeline
          ? ` The floor's own exchange through \`HttpPipeline\` is ${x(pipeline.ratio.median)} of the floor (the pipeline's share: timeouts, the deadline, retry bookkeeping, the size-capped read, header objects)`
          : '') +
        (rest ? `; the package is ${x(rest.ratio.median)} of that (the codec, the answer checks, validation and the result).` : '.'),
    );
  };
  const pipelineOf = (group: string) => r.groups.find((g) => g.name === group)?.comparisons.find((c) => c.subject.startsWith('attribution'));
  say(byId(r, '1'), pipelineOf('SSO over SOAP 1.2'), byId(r, '1p'), 'SOAP 1.2');
  say(byId(r, '2'), pipelineOf('SSO over SOAP 1.1'), byId(r, '2p'), 'SOAP 1.1');
  say(byId(r, '3'), pipelineOf('SSO over JSON'), undefined, 'JSON SSO');
  say(byId(r, '4'), pipelineOf('getCVs (warm session)'), undefined, 'getCVs');
  const aa = comparisons(r).find((c) => c.subject.startsWith('control'));
  if (aa)
    out.push(
      `- **The method's noise.** The A/A control (the floor against itself) reads ${x(aa.ratio.median)} (p10–p90 ${spread(aa.ratio)}); a difference smaller than that spread is not one this machine can show.`,
    );
  if (r.cold && r.cold.runs.length > 0) {
    const s = coldSummary(r.cold);
    out.push(
      `- **Cold start: ${x(s.packageVsRaw.ratio.median)} of the hand-written process, goal ${fmt(COLD_GOAL, 2)}x: ${s.packageVsRaw.ratio.median <= COLD_GOAL ? 'met' : 'missed'}.** node-soap's process is ${x(s.soapVsRaw.ratio.median)} of it.`,
    );
  }
  out.push('');
  return out;
}
