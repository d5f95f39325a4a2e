// Turns the measurements into the printed table and bench/RESULTS.md.
import type { ColdResult, Comparison, ConnectionRun, GroupResult, MemoryRun, ServerChoice, ThroughputRound } from './figures';
import type { Counters } from './servers';
import type { Machine } from './lib/machine';
import { fmt, medianCi, quantile, summarize, type Summary } from './lib/stats';

export interface Report {
  quick: boolean;
  config: Record<string, unknown> & { interleave: { rounds: number; block: number; warmup: number }; coldRuns: number; tputN: number; tputRounds: number; connCalls: number; memFirst: number; memTotal: number; memConcurrency: number };
  machine: Machine;
  packageOrigin: string;
  pki: { openssl: string } | { error: string };
  undiciError?: string;
  errors: Record<string, string>;
  serverChoice?: ServerChoice;
  groups?: GroupResult[];
  cold?: ColdResult;
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

function verdict(c: { ratio: Summary; ci: [number, number]; goal?: Comparison['goal'] }): string {
  if (!c.goal) return '';
  const ok = (v: number) => (c.goal!.strict ? v < c.goal!.max : v <= c.goal!.max);
  const median = ok(c.ratio.median);
  const sure = median ? ok(c.ci[1]) : !ok(c.ci[0]);
  return `${median ? 'met' : '**missed**'}${sure ? '' : ' (CI straddles the goal)'}`;
}

function comparisons(report: Report): Comparison[] {
  return (report.groups ?? []).flatMap((g) => g.comparisons);
}

function byId(report: Report, id: string): Comparison | undefined {
  return comparisons(report).find((c) => c.id === id);
}

// ---------------------------------------------------------------- cold start

function coldSummary(cold: ColdResult) {
  const pkg = cold.runs.filter((r) => r.mode === 'package');
  const raw = cold.runs.filter((r) => r.mode === 'raw');
  const pairs = Math.min(pkg.length, raw.length);
  const pairRatios = Array.from({ length: pairs }, (_, i) => pkg[i].firstResultMs / raw[i].firstResultMs);
  const med = (rows: typeof pkg, pick: (r: (typeof pkg)[number]) => number | undefined) => {
    const values = rows.map(pick).filter((v): v is number => typeof v === 'number');
    return values.length ? quantile(values, 0.5) : NaN;
  };
  const keys = (rows: typeof pkg, field: 'steps' | 'parts') => [...new Set(rows.flatMap((r) => Object.keys(r[field])))];
  return {
    pkg,
    raw,
    ratio: summarize(pairRatios),
    ci: medianCi(pairRatios),
    first: { pkg: summarize(pkg.map((r) => r.firstResultMs)), raw: summarize(raw.map((r) => r.firstResultMs)) },
    wall: { pkg: summarize(pkg.map((r) => r.wallMs)), raw: summarize(raw.map((r) => r.wallMs)) },
    boot: { pkg: med(pkg, (r) => r.bootMs), raw: med(raw, (r) => r.bootMs) },
    warm: { pkg: med(pkg, (r) => r.warmCallMs), raw: med(raw, (r) => r.warmCallMs) },
    steps: keys(pkg, 'steps').map((k) => ({ name: k, pkg: med(pkg, (r) => r.steps[k]), raw: med(raw, (r) => r.steps[k]) })),
    parts: [...new Set([...keys(pkg, 'parts'), ...keys(raw, 'parts')])].map((k) => ({ name: k, pkg: med(pkg, (r) => r.parts[k]), raw: med(raw, (r) => r.parts[k]) })),
  };
}

// ---------------------------------------------------------------- throughput

function tputSummary(rounds: ThroughputRound[]) {
  const measured = rounds.filter((r) => r.measured);
  const client = measured.filter((r) => r.kind === 'client');
  const raw = measured.filter((r) => r.kind === 'raw');
  const pairs = Math.min(client.length, raw.length);
  const timeRatios = Array.from({ length: pairs }, (_, i) => client[i].seconds / raw[i].seconds);
  const all = rounds.filter((r) => r.kind === 'client');
  return {
    client: summarize(client.map((r) => r.rps)),
    raw: summarize(raw.map((r) => r.rps)),
    ratio: summarize(timeRatios),
    ci: medianCi(timeRatios),
    maxSessions: Math.max(...all.map((r) => r.sessionsSeenByServer)),
    maxClientSessions: Math.max(...all.map((r) => r.sessionsCreatedByClient ?? 0)),
    errors: rounds.reduce((n, r) => n + r.errors + r.wrongAnswers, 0),
    clientErrors: all.reduce((n, r) => n + r.errors + r.wrongAnswers, 0),
    rounds: all.length,
  };
}

// ---------------------------------------------------------------- the table

export function renderTable(report: Report): string {
  const rows: string[][] = [];
  const head = ['#', 'measure', 'subject (median)', 'baseline (median)', 'ratio, median', 'p10–p90', '95% CI of median', 'goal', 'verdict'];
  for (const id of ['1', '2', '3a', '3b']) {
    const c = byId(report, id);
    if (!c) {
      rows.push([id, 'not measured (see errors)', '', '', '', '', '', '', '']);
      continue;
    }
    rows.push([id, c.title, `${fmt(c.subjectUs.median, 0)} µs/call`, `${fmt(c.baselineUs.median, 0)} µs/call`, x(c.ratio.median), spread(c.ratio), `${fmt(c.ci[0], 3)}–${fmt(c.ci[1], 3)}`, c.goal?.text ?? '', verdict(c)]);
  }
  if (report.cold && report.cold.runs.length > 0) {
    const s = coldSummary(report.cold);
    rows.push(['4', `cold start: new process to first SOAP 1.2 SSO result (${s.pkg.length} runs each)`, `${fmt(s.first.pkg.median, 0)} ms`, `${fmt(s.first.raw.median, 0)} ms`, x(s.ratio.median), spread(s.ratio), `${fmt(s.ci[0], 2)}–${fmt(s.ci[1], 2)}`, 'report', '']);
  } else rows.push(['4', 'cold start: not measured (see errors)', '', '', '', '', '', '', '']);
  if (report.throughput && report.throughput.length > 0) {
    const s = tputSummary(report.throughput);
    rows.push([
      '5',
      `1,000 concurrent getCVs, cold client: sessions ${s.maxSessions} (client says ${s.maxClientSessions}), errors ${s.clientErrors}, over ${s.rounds} rounds`,
      `${fmt(s.client.median, 0)} req/s`,
      `${fmt(s.raw.median, 0)} req/s`,
      `${x(s.ratio.median)} (time)`,
      spread(s.ratio),
      `${fmt(s.ci[0], 2)}–${fmt(s.ci[1], 2)}`,
      'sessions 1, errors 0',
      s.maxSessions === 1 && s.maxClientSessions === 1 && s.clientErrors === 0 ? 'met' : '**missed**',
    ]);
  } else rows.push(['5', 'throughput: not measured (see errors)', '', '', '', '', '', '', '']);
  if (report.connections && report.connections.length > 0) {
    for (const scheme of ['http', 'https'] as const) {
      const runs = report.connections.filter((r) => r.scheme === scheme);
      if (runs.length === 0) continue;
      const ours = runs.filter((r) => !r.kind.startsWith('raw'));
      const raw = runs.filter((r) => r.kind.startsWith('raw'));
      const worst = Math.max(...ours.map((r) => r.connections));
      const bad = runs.reduce((n, r) => n + r.errors + r.bad, 0);
      rows.push([
        '6',
        `TCP connections for ${runs[0].calls} sequential calls over ${scheme} (SOAP 1.2 / JSON / getCVs${ours.length > 3 ? ' / getCVs through an undici dispatcher' : ''})${bad ? `, ${bad} errors` : ''}`,
        ours.map((r) => r.connections).join(' / '),
        raw.map((r) => r.connections).join(' / '),
        '',
        '',
        '',
        'far below 1,000',
        worst <= 10 && bad === 0 ? 'met' : '**missed**',
      ]);
    }
    if (!report.connections.some((r) => r.scheme === 'https')) rows.push(['6', `https not measured: ${'error' in report.pki ? report.pki.error : report.undiciError ?? 'see errors'}`, '', '', '', '', '', '', '']);
  } else rows.push(['6', 'connections: not measured (see errors)', '', '', '', '', '', '', '']);
  for (const m of (report.memory ?? []).filter((r) => !r.kind.startsWith('raw'))) {
    if (m.error) {
      rows.push(['7', `memory ${m.kind}: failed`, '', '', '', '', '', '', '']);
      continue;
    }
    const growth = m.afterTotal - m.afterFirst;
    rows.push([
      '7',
      `heap after ${m.total.toLocaleString('en-US')} vs ${m.first.toLocaleString('en-US')} calls, ${m.kind}${m.errors ? ` (${m.errors} errors)` : ''}`,
      `${fmt(m.afterTotal / MB, 2)} MB`,
      `${fmt(m.afterFirst / MB, 2)} MB`,
      `${fmt(growth / MB, 2)} MB`,
      `${fmt(growth / (m.total - m.first), 1)} B/call`,
      '',
      'no growth',
      Math.abs(growth / (m.total - m.first)) < 20 ? 'met' : '**check**',
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- RESULTS.md

function groupTable(g: GroupResult): string {
  const lines = [
    `**${g.name}**: ${g.options.rounds} rounds × ${g.variants.length} variants × blocks of ${g.options.block} sequential calls, after ${g.options.warmup} warm-up calls each (${fmt(g.seconds, 0)} s).`,
    '',
    '| variant | wall µs/call, median (p10–p90 of blocks) | client CPU µs/call, median |',
    '|---|---|---|',
    ...g.variants.map((v) => `| ${v.name} | ${fmt(v.wallUs.median, 0)} (${fmt(v.wallUs.p10, 0)}–${fmt(v.wallUs.p90, 0)}) | ${fmt(v.cpuUs.median, 0)} |`),
    '',
    '| comparison | ratio, median of rounds | p10–p90 | 95% CI of median | CPU ratio (medians) | goal |',
    '|---|---|---|---|---|---|',
    ...g.comparisons.map(
      (c) => `| ${c.id}. ${c.title} | ${x(c.ratio.median)} | ${spread(c.ratio)} | ${fmt(c.ci[0], 3)}–${fmt(c.ci[1], 3)} | ${x(c.subjectCpuUs / c.baselineCpuUs)} | ${c.goal ? `${c.goal.text}: ${verdict(c)}` : ''} |`,
    ),
  ];
  return lines.join('\n');
}

export function renderReport(r: Report): string {
  const m = r.machine;
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(
    '# Benchmark results',
    '',
    `Written by \`npm run bench${r.quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${m.date}. ${r.quick ? `**A quick run: fewer rounds, ${r.config.memTotal.toLocaleString('en-US')} calls for memory; figures are indicative only.**` : 'A full run.'} Total time ${fmt(r.seconds ?? NaN, 0)} s.`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${fmt(m.memoryGiB, 1)} GiB; ${m.os}`,
    `- Node ${m.node} (bundled undici ${m.bundledUndici}); soap ${m.soap}, fast-xml-parser ${m.fastXmlParser}, undici (npm, for the https dispatcher) ${m.npmUndici}`,
    `- Commit ${m.commit}; work tree: ${m.dirty}`,
    `- Load average (1/5/15 min) before: ${m.loadBefore}; after: ${r.loadAfter ?? 'n/a'}. The machine is a small VM whose speed drifts from minute to minute; every figure is a ratio taken within one run, subject and baseline interleaved.`,
    '',
    '## The table',
    '',
    'Ratios are subject / baseline (lower is better for the subject). For figures 1–3 each round runs one block of every variant back to back (order rotated and reversed every other round), and the ratio is taken block against block within the round; "p10–p90" is the spread of those per-round ratios (mostly the machine\'s noise: see the A/A control), and the 95% CI is a bootstrap interval of their median (the precision of the figure).',
    '',
    renderTable(r),
    '',
  );

  // ---- how
  push(
    '## How it is measured',
    '',
    '- **Servers.** One minimal `node:http` server per protocol, in a separate process (so it has the other core and its CPU is not charged to the client), answering fixed buffers at once: a SOAP 1.2 answer as ASMX writes it (`application/soap+xml; charset=utf-8`), the ASMX JSON `{"d":{...}}` answer, an IQ Reseller session answer `{"Data":"<token>"}`, and a `GetCVs` JSON array of 25 CVs (about 6 KB). Each server checks the request is of its protocol (a SOAP 1.2 envelope with the SOAP 1.2 content type; the ASMX JSON form; the session header) and counts TCP connections, requests, wrong requests and sessions. The same servers listen over https with a certificate from a test CA made with openssl at run time.',
    `- **Subjects** are the package's source (\`src/\`, loaded through tsx) in this process, except the cold start, which \`require\`s the built package: ${r.packageOrigin}, copied into a temp dir laid out as an installed package.`,
    '- **Baselines.** Floor for SOAP 1.2: the envelope built by hand with a template, sent with Node\'s `fetch` (keep-alive through its default dispatcher), the answer parsed with fast-xml-parser. node-soap: `soap.createClientAsync(wsdl/Authentication.wsdl, { forceSoap12Headers: true }, endpoint)` then `client.SSORequestAsync(...)` (node-soap sends through axios on Node\'s keep-alive `http` agent). JSON and GetCVs: `fetch` with the same method, headers and body as the package sends, then `response.json()`.',
    `- **Figures 1–3:** rounds of interleaved blocks (see above), ${r.config.interleave.rounds} rounds of ${r.config.interleave.block} sequential calls per variant. Attribution variants run in the same rounds, so their ratios can be set side by side.`,
    `- **Figure 4:** ${r.config.coldRuns} new \`node\` processes of each kind, alternating, after one unmeasured pair; "first result" is \`performance.now()\` (ms since the process started) when the first SSO result is in hand; the process is plain JavaScript (no tsx), and the breakdown comes from timing \`require\`, \`createClientAsync\` and the first \`fetch\` inside it.`,
    `- **Figure 5:** a new \`IqResellerClient\` per round, ${r.config.tputN} \`getCVs()\` started at once; the baseline creates the session with one fetch, then starts ${r.config.tputN} fetches at once. ${r.config.tputRounds} measured rounds of each, interleaved, after one unmeasured warm-up round each (the first of which opens the pool's ~1,000 connections).`,
    `- **Figure 6:** ${r.config.connCalls} sequential calls per kind, each kind against a fresh listener (a new origin, so no connection pooled earlier can be reused): the package on its default transport (node:http; over https with the test CA as its \`ca\` option) and once with an undici \`Agent\` as its \`dispatcher\`; raw fetch on Node's global dispatcher over http and with \`new Agent({ connect: { ca } })\` from the \`undici\` package over https.`,
    `- **Figure 7:** one process per kind (\`node --expose-gc\`); ${r.config.memFirst.toLocaleString('en-US')} calls, then \`gc()\` three times with pauses and \`heapUsed\`; then up to ${r.config.memTotal.toLocaleString('en-US')} calls in all and the same again. ${r.config.memConcurrency} calls in flight at a time, to keep the run short. A kind whose heap grows by more than 20 bytes per call gets a raw-fetch control run of the same shape, to tell its growth from undici's.`,
    '',
  );

  // ---- server choice
  const sc = r.serverChoice;
  push('## Minimal servers or the sandbox?', '');
  if (!sc || sc.error) {
    push(`The sandbox could not be measured (${sc?.error ?? 'step failed'}); the minimal servers were used.`, '');
  } else {
    push(
      `Raw fetch calls, interleaved, against the minimal servers and against the project's sandbox (\`startSandbox()\`, started in the same server process): SOAP 1.2 SSO ${fmt(sc.minimalUs!.median, 0)} µs vs ${fmt(sc.sandboxUs!.median, 0)} µs per call (sandbox/minimal ${x(sc.ratio!.median)}, p10–p90 ${spread(sc.ratio!)}); GetCVs ${fmt(sc.cvMinimalUs!.median, 0)} µs vs ${fmt(sc.cvSandboxUs!.median, 0)} µs (${x(sc.cvRatio!.median)}, ${spread(sc.cvRatio!)}).`,
      '',
      `**Chosen: the minimal servers.** ${sc.ratio!.median > 1.05 ? `The sandbox adds ${fmt((sc.ratio!.median - 1) * 100, 0)}% to a SOAP call, time that would be common to subject and baseline and so dilute every ratio toward 1. It also` : 'The sandbox is about as fast for one call, but it'} parses each request fully, emulates the vendor's rules, and keeps a log of every request (a 50,000-call memory run would grow the server, and the emulator's faults and latency knobs are not wanted here); its GetCVs answer differs in size. The minimal servers answer in a few µs of their own CPU, so the ratios measure the clients.`,
      '',
    );
  }

  // ---- figures 1-3 details
  push('## Figures 1–3 in detail', '');
  for (const g of r.groups ?? []) push(groupTable(g), '');

  // ---- cold
  push('## Figure 4: cold start', '');
  if (r.cold && r.cold.runs.length > 0) {
    const s = coldSummary(r.cold);
    push(
      `Median over ${s.pkg.length} processes each. "First result" counts from the process's start (Node's own boot included); "wall" is spawn to exit as the parent sees it.`,
      '',
      '| | package (dist, SOAP 1.2) | raw fetch + fast-xml-parser |',
      '|---|---|---|',
      `| first SSO result, ms since process start | ${fmt(s.first.pkg.median, 0)} (p10–p90 ${fmt(s.first.pkg.p10, 0)}–${fmt(s.first.pkg.p90, 0)}) | ${fmt(s.first.raw.median, 0)} (${fmt(s.first.raw.p10, 0)}–${fmt(s.first.raw.p90, 0)}) |`,
      `| wall, spawn to exit, ms | ${fmt(s.wall.pkg.median, 0)} | ${fmt(s.wall.raw.median, 0)} |`,
      `| Node boot (to the script's first line) | ${fmt(s.boot.pkg, 1)} | ${fmt(s.boot.raw, 1)} |`,
      ...s.steps.map((st) => `| ${st.name} | ${fmt(st.pkg, 1)} | ${fmt(st.raw, 1)} |`),
      ...s.parts.map((p) => `| ↳ of which ${p.name} | ${fmt(p.pkg, 1)} | ${fmt(p.raw, 1)} |`),
      `| second call, same process (warm, for reference) | ${fmt(s.warm.pkg, 1)} | ${fmt(s.warm.raw, 1)} |`,
      '',
      `Ratio of first-result times, pair by pair: median ${x(s.ratio.median)}, p10–p90 ${spread(s.ratio)}.`,
      '',
      `Loading a transport cold, ms in a new process (median of ${s.pkg.length}): ${Object.entries(r.cold.loads).map(([name, ms]) => `${name} ${ms.length ? fmt(quantile(ms, 0.5), 1) : 'n/a'}`).join('; ')}.`,
      ...(r.cold.errors.length ? ['', `Failed runs: ${r.cold.errors.join('; ')}`] : []),
      '',
    );
  } else push(`Not measured: ${r.errors['figure 4: cold start'] ?? r.cold?.errors.join('; ') ?? 'no runs'}`, '');

  // ---- throughput
  push('## Figure 5: 1,000 concurrent getCVs on a cold client', '');
  if (r.throughput && r.throughput.length > 0) {
    const s = tputSummary(r.throughput);
    push(
      '| round | kind | measured | seconds | req/s | errors | wrong answers | sessions (server) | sessions (client) | new TCP connections |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...r.throughput.map((t, i) => `| ${i + 1} | ${t.kind === 'client' ? 'IqResellerClient' : 'raw fetch'} | ${t.measured ? 'yes' : 'no (warm-up)'} | ${fmt(t.seconds, 3)} | ${fmt(t.rps, 0)} | ${t.errors} | ${t.wrongAnswers} | ${t.sessionsSeenByServer} | ${t.sessionsCreatedByClient ?? ''} | ${t.connectionsOpened} |`),
      '',
      `Median req/s: client ${fmt(s.client.median, 0)}, raw ${fmt(s.raw.median, 0)}; time ratio client/raw ${x(s.ratio.median)} (p10–p90 ${spread(s.ratio)}).`,
      '',
    );
  } else push(`Not measured: ${r.errors['figure 5: 1,000 concurrent getCVs'] ?? ''}`, '');

  // ---- connections
  push('## Figure 6: TCP connections', '');
  if ('error' in r.pki) push(`HTTPS: ${r.pki.error}.`, '');
  if (r.undiciError) push(`HTTPS: ${r.undiciError}.`, '');
  if (r.connections && r.connections.length > 0) {
    push(
      '| scheme | kind | calls | TCP connections accepted | requests seen | errors | ms/call | dispatcher |',
      '|---|---|---|---|---|---|---|---|',
      ...r.connections.map((c) => `| ${c.scheme} | ${c.kind} | ${c.calls} | ${c.connections} | ${c.requests} | ${c.errors + c.bad} | ${fmt(c.msPerCall, 2)} | ${c.dispatcher} |`),
      '',
    );
  } else push(`Not measured: ${r.errors['figure 6: connections (http, https)'] ?? ''}`, '');

  // ---- memory
  push('## Figure 7: memory', '');
  if (r.memory && r.memory.length > 0) {
    push(
      '| kind | calls | heap before any call | heap after first | heap after all | growth | per call | errors | sessions | seconds |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...r.memory.map((mm) =>
        mm.error
          ? `| ${mm.kind} | failed: ${mm.error} | | | | | | | | |`
          : `| ${mm.kind}${mm.kind.startsWith('raw') ? ' (control: raw fetch)' : ''} | ${mm.first.toLocaleString('en-US')} / ${mm.total.toLocaleString('en-US')} | ${fmt(mm.before / MB, 2)} MB | ${fmt(mm.afterFirst / MB, 2)} MB | ${fmt(mm.afterTotal / MB, 2)} MB | ${fmt((mm.afterTotal - mm.afterFirst) / MB, 3)} MB | ${fmt((mm.afterTotal - mm.afterFirst) / (mm.total - mm.first), 1)} B | ${mm.errors} | ${mm.sessions ?? ''} | ${fmt(mm.seconds, 1)} |`,
      ),
      '',
    );
  } else push(`Not measured: ${r.errors['figure 7: memory'] ?? ''}`, '');

  push(...analysis(r));

  if (r.serverStats) {
    const bad = Object.entries(r.serverStats).filter(([, c]) => c.bad > 0);
    push('## Server-side checks', '', bad.length === 0 ? `Every request the servers saw was of the right protocol (${Object.values(r.serverStats).reduce((n, c) => n + c.requests, 0).toLocaleString('en-US')} requests in this process's part of the run).` : `Wrong requests: ${bad.map(([k, c]) => `${k}: ${c.bad}`).join(', ')}`, '');
  }
  if (Object.keys(r.errors).length > 0) {
    push('## Errors in this run', '', ...Object.entries(r.errors).map(([k, v]) => `- ${k}: \`${v.split('\n')[0]}\``), '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- findings

function analysis(r: Report): string[] {
  const out: string[] = ['## Findings', ''];
  const c = (id: string) => byId(r, id);
  const [f1, f2, a1, b1, n2, r1, f3a, f3b, aa, p3, cl3, r3] = ['1', '2', '1a', '1b', '2a', '1r', '3a', '3b', '3c', '3d', '3e', '3r'].map(c);
  const ci = (k?: Comparison) => (k ? `${x(k.ratio.median)} (CI ${fmt(k.ci[0], 2)}–${fmt(k.ci[1], 2)})` : 'n/a');
  const us = (k: Comparison | undefined, side: 'subjectUs' | 'baselineUs') => (k ? `${fmt(k[side].median, 0)} µs` : 'n/a');
  if (aa) out.push(`- **Noise of the method.** The A/A control (the same raw fetch as two variants) reads ${ci(aa)}; per-round spreads of ±${fmt(Math.max(aa.ratio.p90 - 1, 1 - aa.ratio.p10) * 100, 0)}% are this VM, not the code, which is why every figure is a median of per-round ratios with its confidence interval.`);
  if (a1 || p3) {
    out.push(
      `- **The transport decides figures 1–3.** The package sends on node:http with a keep-alive agent; every baseline sends with Node 20's \`fetch\`. The same exchange through the package's \`HttpPipeline\` (timeout, retry policy, size-capped read, error mapping included) is ${ci(a1)} of the floor's fetch for SOAP and ${ci(p3)} of raw fetch for GetCVs: \`fetch\` builds WHATWG \`Request\`/\`Response\` objects and web streams and follows an \`AbortSignal\` through them, which costs more per call on loopback than everything the package does on top. (Until 2026-12-01 the package sent with \`fetch\` too; the full run of 2026-11-23, commit 0629461, measured it at 1.30x of the floor and 1.10x of raw fetch for GetCVs: the goals were out of reach with it.)`,
    );
  }
  if (f1) {
    out.push(
      `- **Figure 1, SOAP 1.2 vs the floor: ${ci(f1)}; goal 1.10x.** On top of the pipeline, the package costs ${ci(b1)} of the pipeline alone: node-soap building the envelope from the WSDL and parsing the answer with sax (where the floor uses a string template and fast-xml-parser), the answer checks (envelope version, content type, DTD, faults), input validation and the result mapping. That is the price of the generated stubs on the call path; the transport pays for it with room to spare.`,
      `- **Figure 2, vs node-soap direct: ${ci(f2)}; goal < 1.** node-soap direct does the same envelope work and sends through axios over \`node:http\`; it is ${ci(n2)} of the floor here. The package does node-soap's work minus axios.`,
    );
  }
  if (f3a) out.push(`- **Figure 3, JSON SSO vs raw fetch: ${ci(f3a)}; goal 1.05x.** The JSON transport is the pipeline plus input checks and one \`JSON.parse\` (${us(f3a, 'subjectUs')} against ${us(f3a, 'baselineUs')} per call).`);
  if (f3b) out.push(`- **Figure 3, getCVs vs raw fetch: ${ci(f3b)}; goal 1.05x.** The client's own layers (the session lookup, building the call's URL, the in-flight tracking that \`close()\` waits for, reading the answer) cost ${ci(cl3)} of the bare pipeline.`);
  if (r1 || r3) {
    const load = (prefix: string) => {
      const ms = Object.entries(r.cold?.loads ?? {}).find(([name]) => name.startsWith(prefix))?.[1] ?? [];
      return ms.length ? `${fmt(quantile(ms, 0.5), 0)} ms` : 'n/a';
    };
    out.push(
      `- **A faster transport exists, at a price.** undici's \`request()\` (the dispatcher API of the npm \`undici\` package) sends the floor's exchanges at ${ci(r1)} of \`fetch\` for SOAP and ${ci(r3)} for GetCVs, faster still than node:http. It would make undici a run-time dependency that costs ${load('undici')} to \`require\` cold (node:http and node:https: ${load('node:http')}; figure 4), and undici 8 does not run on Node 20. Users who pass an undici \`dispatcher\` (a \`ProxyAgent\`) get that transport, through their own copy.`,
    );
  }
  if (r.cold && r.cold.runs.length > 0) {
    const s = coldSummary(r.cold);
    const part = (name: string) => s.parts.find((p) => p.name === name)?.pkg ?? NaN;
    const step = (name: string, side: 'pkg' | 'raw') => s.steps.find((st) => st.name === name)?.[side] ?? NaN;
    out.push(
      `- **Figure 4, cold start: ${x(s.ratio.median)} of the raw process (no goal).** It is dominated by node-soap: \`require('soap')\` ${fmt(part('require soap'), 0)} ms and reading the WSDL ${fmt(part('soap createClientAsync (WSDL)'), 0)} ms, against the raw process's first \`fetch\` (loading Node's bundled undici) ${fmt(s.parts.find((p) => p.name.startsWith('first fetch'))?.raw ?? NaN, 0)} ms. node-soap's entry loads axios and its form-data chain and xml-crypto (WS-Security), which the package never uses (it sends through its own pipeline and signs nothing), but node-soap's client module requires them; the generated stubs are on the call path by design, so this stays until node-soap loads them lazily. What the package controls is loaded on first use: node-soap only for SOAP (a JSON user never loads it), fast-xml-parser only for XML that node-soap does not read, the WSDL tooling only when called; requiring the package costs ${fmt(step('require package', 'pkg'), 0)} ms.`,
    );
  }
  if (r.throughput && r.throughput.length > 0) {
    const s = tputSummary(r.throughput);
    const opened = (kind: ThroughputRound['kind']) => {
      const counts = r.throughput!.filter((t) => t.measured && t.kind === kind).map((t) => t.connectionsOpened);
      return counts.length ? fmt(quantile(counts, 0.5), 0) : 'n/a';
    };
    out.push(
      `- **Figure 5.** One session for 1,000 concurrent calls on a cold client, and no errors, in every round. Throughput ${fmt(s.client.median, 0)} vs ${fmt(s.raw.median, 0)} req/s, time ratio ${x(s.ratio.median)} with a p10–p90 of ${spread(s.ratio)} over ${s.client.n} rounds. New TCP connections per measured round (median): the package ${opened('client')}, raw fetch ${opened('raw')}. Node's http agent keeps at most 256 idle connections per origin (its \`maxFreeSockets\` default), so each burst of 1,000 opens the rest again, where fetch's pool keeps them all${s.ratio.median < 1 ? '; the package is faster all the same' : ', which costs the package time here'}.`,
    );
  }
  if (r.connections && r.connections.length > 0) {
    const ours = r.connections.filter((cn) => !cn.kind.startsWith('raw') && !cn.dispatcher.startsWith('undici'));
    const viaUndici = r.connections.filter((cn) => cn.dispatcher.startsWith('undici'));
    out.push(
      `- **Figure 6.** Keep-alive holds for every kind over http and over https. The package on node:http(s) opens ${[...new Set(ours.map((cn) => cn.connections))].join(' or ')} connection(s) for ${r.config.connCalls} sequential calls; everything that goes through undici (fetch, or the package with an undici dispatcher) opens ${[...new Set(viaUndici.map((cn) => cn.connections))].join(' or ')}: undici dispatches the second request before the first connection is back in its pool, and from then on alternates between the two.`,
    );
  }
  const mem = (r.memory ?? []).filter((m) => !m.error);
  if (mem.length > 0) {
    const perCall = (m: MemoryRun) => (m.afterTotal - m.afterFirst) / (m.total - m.first);
    const ours = mem.filter((m) => !m.kind.startsWith('raw'));
    const worst = Math.max(...ours.map(perCall));
    const controls = mem.filter((m) => m.kind.startsWith('raw'));
    out.push(
      worst <= 20
        ? `- **Figure 7.** No growth worth the name: after the first ${ours[0].first.toLocaleString('en-US')} calls (which load node-soap and the WSDL for SOAP, and warm the JIT and the connection pool) the heap stays flat, at most ${fmt(worst, 1)} bytes per call over ${ours[0].total.toLocaleString('en-US')} calls.`
        : `- **Figure 7.** The heap grew by up to ${fmt(worst, 1)} bytes per call over ${ours[0].total.toLocaleString('en-US')} calls; the raw-fetch controls of the same shape grew by ${controls.map((m) => `${fmt(perCall(m), 1)} (${m.kind})`).join(', ') || 'n/a'} bytes per call. Growth matched by the controls is warm-up or undici's; growth beyond them is the package's and worth a heap snapshot.`,
    );
  }
  out.push(
    `- **undici on Node 20.** The bench's https baselines need an undici \`Agent\` (Node 20 exposes none of its bundled copy), so undici ${r.machine.npmUndici} is a devDependency. \`npm install undici\` today installs 8.x, whose engines say Node >= 22.19; on Node 20 it throws as soon as it is required. The README tells proxy users to install \`undici@7\` on Node 20.`,
    '',
  );
  return out;
}
