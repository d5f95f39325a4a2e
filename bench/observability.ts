// npm run bench:otel — what observability costs per call: a warm IqResellerClient.getCVs() on a
// loopback server, in interleaved blocks, with nobody listening, with a subscriber that does
// nothing, and with the OpenTelemetry bridge on an SDK (spans to a discarding exporter, metrics
// to a reader). Also the cost of the instrumentation itself while nobody listens, against the
// noise of a call. Prints the figures; docs/observability.md quotes a run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { CHANNEL_NAMES, IqResellerClient } from '../src';
import { attemptChannel, traced } from '../src/diagnostics/channels';
import { instrumentOpenTelemetry, type OtelInstrumentation } from '../src/otel';
import diagnostics from 'node:diagnostics_channel';
import { describeMachine } from './lib/machine';
import { fmt, interleave, medianCi, ratios, summarize } from './lib/stats';

const CVS = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ cvid: i, name: `CV ${i}`, city: 'Auckland' })));

class DiscardingExporter implements SpanExporter {
  export(_spans: unknown, done: (result: { code: 0 }) => void): void {
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}
class Reader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

type Mode = 'none' | 'noop' | 'otel';
let current: Mode = 'none';
let stop: () => void = () => undefined;

function enter(mode: Mode): void {
  if (mode === current) return;
  stop();
  current = mode;
  if (mode === 'noop') {
    const handlers = { start() {}, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
    const channels = [CHANNEL_NAMES.operation, CHANNEL_NAMES.attempt].map((name) => diagnostics.tracingChannel(name));
    channels.forEach((c) => c.subscribe(handlers));
    stop = () => channels.forEach((c) => c.unsubscribe(handlers));
  } else if (mode === 'otel') {
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new DiscardingExporter())] });
    const meterProvider = new MeterProvider({ readers: [new Reader()] });
    const on: OtelInstrumentation = instrumentOpenTelemetry({ tracerProvider, meterProvider });
    stop = () => on.disable();
  } else {
    stop = () => undefined;
  }
}

/** ns per call of the instrumentation with nobody listening: traced() around a resolved promise, against the promise alone. */
async function idleCostNs(): Promise<number> {
  const n = 2_000_000;
  const run = () => Promise.resolve(1);
  const make = () => ({ operation: 'x', method: 'GET', url: 'http://x/', attempt: 1 });
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await f();
    return ((performance.now() - t0) * 1e6) / n;
  };
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) samples.push((await time(() => traced(attemptChannel, make, run))) - (await time(run)));
  return summarize(samples).median;
}

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.url?.includes('IntegrationAPI') ? '{"Data":"bench-session-token-0123456789"}' : CVS;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const iq = new IqResellerClient({ apiKey: 'bench-api-key-0123456789', signinUrl: origin, apiUrl: origin });
  const variant = (mode: Mode, name: string) => ({ name, call: () => (enter(mode), iq.getCVs()) });
  // The second 'nobody listening' is the same as the first: its ratio's CI is the bench's own noise (an A/A comparison).
  const variants = [
    variant('none', 'nobody listening'),
    variant('none', 'nobody listening, again (A/A: the noise)'),
    variant('noop', 'a subscriber doing nothing'),
    variant('otel', 'OpenTelemetry bridge on (SDK)'),
  ];
  const options = { rounds: Number(process.env.BENCH_ROUNDS ?? 40), block: 200, warmup: 300 };
  const blocks = await interleave(variants, options);
  enter('none');
  await iq.close();
  await new Promise<void>((ok) => server.close(() => ok()));

  const machine = describeMachine(`${__dirname}/..`);
  console.log(`# Observability cost (npm run bench:otel), ${machine.date}`);
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, commit ${machine.commit} (${machine.dirty}), load before: ${machine.loadBefore}`);
  console.log(
    `Method: a warm IqResellerClient.getCVs() (5 CVs) on a loopback node:http server; ${options.rounds} rounds of interleaved blocks of ${options.block} sequential calls per variant (order rotated each round); median of the per-block means, 95% bootstrap CI of the median ratio.\n`,
  );
  console.log('| variant | µs per call (median) | p10–p90 | CPU µs per call | vs nobody listening | 95% CI |');
  console.log('|---|---|---|---|---|---|');
  blocks.forEach((b, i) => {
    const wall = summarize(b.wallUs);
    const r = ratios(b.wallUs, blocks[0].wallUs);
    const ci = medianCi(r);
    console.log(
      `| ${variants[i].name} | ${fmt(wall.median, 1)} | ${fmt(wall.p10, 1)}–${fmt(wall.p90, 1)} | ${fmt(summarize(b.cpuUs).median, 1)} | ${i === 0 ? '1' : `${fmt(summarize(r).median, 3)}x`} | ${i === 0 ? '' : `${fmt(ci[0], 3)}–${fmt(ci[1], 3)}`} |`,
    );
  });
  const base = summarize(blocks[0].wallUs);
  const idle = await idleCostNs();
  const noise = medianCi(ratios(blocks[1].wallUs, blocks[0].wallUs));
  console.log(
    `\nThe instrumentation while nobody listens: ${fmt(idle, 0)} ns per traced step (a call has two: its operation and its attempt), ${fmt((2 * idle) / 10 / base.median, 2)}% of a ${fmt(base.median, 1)} µs call; the bench's noise on a call, from the A/A row: ${fmt((noise[0] - 1) * 100, 1)}% to ${fmt((noise[1] - 1) * 100, 1)}%.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
