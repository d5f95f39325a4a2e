// Heap after N calls, in its own process so nothing else lives on the heap.
// Run by bench/run.ts as: node --expose-gc --import tsx bench/memory.ts <kind> <url> <first> <total> <concurrency>
// Prints one line of JSON.
import { setImmediate as tick } from 'node:timers/promises';
import { IqResellerClient, PrintIqSsoClient } from '../src';
import { API_KEY, APP_KEY, SSO_INPUT } from './lib/canned';
import { fetchGetCVs, fetchJsonSso, fetchSession, fetchSoap } from './lib/floor';

const [kind, url, firstArg, totalArg, concurrencyArg] = process.argv.slice(2);
const first = Number(firstArg);
const total = Number(totalArg);
const concurrency = Number(concurrencyArg);
const gc = (globalThis as { gc?: () => void }).gc;

async function settledHeap(): Promise<number> {
  if (!gc) throw new Error('run with --expose-gc');
  // Let finished requests release their sockets' buffers and timers, then collect fully, twice.
  for (let i = 0; i < 3; i++) {
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  let call: () => Promise<unknown>;
  let sessions = (): number | undefined => undefined;
  if (kind === 'soap12') {
    const client = new PrintIqSsoClient({ url, appKey: APP_KEY });
    call = () => client.request(SSO_INPUT);
  } else if (kind === 'json') {
    const client = new PrintIqSsoClient({ url, appKey: APP_KEY, transport: 'json' });
    call = () => client.request(SSO_INPUT);
  } else if (kind === 'getcvs') {
    const client = new IqResellerClient({ apiKey: API_KEY, signinUrl: url, apiUrl: url });
    call = () => client.getCVs();
    sessions = () => client.sessionsCreated;
  } else if (kind === 'fetch-soap12') {
    call = () => fetchSoap(url, '1.2');
  } else if (kind === 'fetch-json') {
    call = () => fetchJsonSso(url);
  } else if (kind === 'fetch-getcvs') {
    const token = await fetchSession(url, API_KEY);
    call = () => fetchGetCVs(url, token);
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
  let done = 0;
  let errors = 0;
  const run = async (until: number) => {
    const worker = async () => {
      while (done < until) {
        done++;
        await call().catch(() => errors++);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const before = await settledHeap();
  const t0 = performance.now();
  await run(first);
  const afterFirst = await settledHeap();
  await run(total);
  const afterTotal = await settledHeap();
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    JSON.stringify({ kind, first, total, concurrency, errors, sessions: sessions(), before, afterFirst, afterTotal, seconds, rss: process.memoryUsage().rss }) +
      '\n',
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String((error as Error)?.stack ?? error));
    process.exit(1);
  },
);
