// One member of a test fleet, run as a child process: an IqResellerClient on
// the shared Redis store, doing what the parent says over IPC and reporting
// what happened (counts, and the name and message of each kind of failure).
import { IqResellerClient, type IqResellerOptions } from '../../../src';
import { RedisSessionStore, type RedisSessionStoreOptions } from '../../../src/redis';

export interface WorkerConfig {
  apiKey: string;
  signinUrl: string;
  apiUrl: string;
  /** Without it the member keeps its session in its own process. */
  store?: RedisSessionStoreOptions;
  client?: Partial<IqResellerOptions>;
}

export type ToWorker =
  | { type: 'run'; calls: number; concurrency: number }
  | { type: 'endShared' }
  /** A new client (and store connection) with this config: a cold member again, without a new process. */
  | { type: 'reset'; config: WorkerConfig }
  | { type: 'close' };

export interface RunReport {
  ok: number;
  failed: number;
  /** "Name: message" of each distinct failure, at most 5. */
  errors: string[];
  /** Epoch ms of the first and last answered call. */
  firstOkAt?: number;
  lastOkAt?: number;
  sessionsCreated: number;
}

export type FromWorker = { type: 'ready' } | ({ type: 'ran' } & RunReport) | { type: 'endedShared'; error?: string } | { type: 'closed' };

let store: RedisSessionStore | undefined;
let client: IqResellerClient;
const tell = (message: FromWorker) => process.send?.(message);

function open(config: WorkerConfig): void {
  store = config.store && new RedisSessionStore(config.store);
  client = new IqResellerClient({ apiKey: config.apiKey, signinUrl: config.signinUrl, apiUrl: config.apiUrl, sessionStore: store, ...config.client });
}

async function shut(): Promise<void> {
  await client.close().catch(() => undefined);
  await store?.close();
}

async function run(calls: number, concurrency: number): Promise<RunReport> {
  const report: RunReport = { ok: 0, failed: 0, errors: [], sessionsCreated: 0 };
  let next = 0;
  const lane = async () => {
    while (next < calls) {
      next++;
      try {
        await client.getCVs();
        report.ok++;
        report.firstOkAt ??= Date.now();
        report.lastOkAt = Date.now();
      } catch (error) {
        report.failed++;
        const text = `${(error as Error).name}: ${(error as Error).message}`;
        if (report.errors.length < 5 && !report.errors.includes(text)) report.errors.push(text);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  report.sessionsCreated = client.sessionsCreated;
  return report;
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'run') void run(message.calls, message.concurrency).then((report) => tell({ type: 'ran', ...report }));
  if (message.type === 'endShared') {
    void client.endSharedSession().then(
      () => tell({ type: 'endedShared' }),
      (error: Error) => tell({ type: 'endedShared', error: `${error.name}: ${error.message}` }),
    );
  }
  if (message.type === 'reset') {
    void shut().then(() => {
      open(message.config);
      tell({ type: 'ready' });
    });
  }
  if (message.type === 'close') {
    void shut().then(() => {
      tell({ type: 'closed' });
      process.disconnect();
    });
  }
});
open(JSON.parse(process.env.IQ_FLEET_WORKER ?? '{}') as WorkerConfig);
tell({ type: 'ready' });
