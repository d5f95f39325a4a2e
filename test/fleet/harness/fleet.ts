// Starts a fleet of real child processes (harness/worker.ts under tsx), each an
// IqResellerClient, and drives them over IPC: run calls, end the shared
// session, close, or SIGKILL one.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FromWorker, RunReport, ToWorker, WorkerConfig } from './worker';

const ROOT = join(__dirname, '../../..');
const WORKER = join(__dirname, 'worker.ts');

export interface Member {
  pid: number;
  send(message: ToWorker): void;
  /** The next message of this type from the member. */
  next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>>;
  run(calls: number, concurrency: number): Promise<RunReport>;
  kill(): Promise<void>;
  readonly alive: boolean;
}

function startMember(config: WorkerConfig): Promise<Member> {
  const child: ChildProcess = fork(WORKER, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, IQ_FLEET_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Array<{ type: string; resolve: (m: FromWorker) => void; reject: (e: Error) => void }> = [];
  let exited = false;
  child.on('message', (message: FromWorker) => {
    const at = waiting.findIndex((w) => w.type === message.type);
    if (at >= 0) waiting.splice(at, 1)[0].resolve(message);
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const w of waiting.splice(0)) w.reject(new Error(`fleet member ${child.pid} exited (${signal ?? code}) before sending ${w.type}`));
  });
  const member: Member = {
    pid: child.pid!,
    send: (message) => child.send(message),
    next: (type) => new Promise((resolve, reject) => waiting.push({ type, resolve: resolve as (m: FromWorker) => void, reject })),
    async run(calls, concurrency) {
      const ran = member.next('ran');
      member.send({ type: 'run', calls, concurrency });
      return ran;
    },
    async kill() {
      if (exited) return;
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGKILL');
      await gone;
    },
    get alive() {
      return !exited;
    },
  };
  return member.next('ready').then(() => member);
}

export interface Fleet {
  /** The members now: reset() replaces the dead ones. */
  members: Member[];
  /** Every member becomes a cold client with `config`; dead members are replaced by new processes. */
  reset(config: WorkerConfig): Promise<void>;
  /** Every live member runs `calls` calls, `concurrency` at a time, all starting together. */
  runAll(calls: number, concurrency: number): Promise<RunReport[]>;
  close(): Promise<void>;
}

export async function startFleet(size: number, config: WorkerConfig): Promise<Fleet> {
  const members = await Promise.all(Array.from({ length: size }, () => startMember(config)));
  return {
    members,
    async reset(next) {
      await Promise.all(
        members.map(async (m, i) => {
          if (!m.alive) {
            members[i] = await startMember(next);
            return;
          }
          const ready = m.next('ready');
          m.send({ type: 'reset', config: next });
          await ready;
        }),
      );
    },
    runAll: (calls, concurrency) => Promise.all(members.filter((m) => m.alive).map((m) => m.run(calls, concurrency))),
    async close() {
      await Promise.all(
        members.map(async (m) => {
          if (!m.alive) return;
          const closed = m.next('closed').catch(() => undefined);
          m.send({ type: 'close' });
          await closed;
          await m.kill();
        }),
      );
    },
  };
}

/** The sum of the members' reports. */
export function total(reports: RunReport[]): { ok: number; failed: number; errors: string[] } {
  return {
    ok: reports.reduce((n, r) => n + r.ok, 0),
    failed: reports.reduce((n, r) => n + r.failed, 0),
    errors: [...new Set(reports.flatMap((r) => r.errors))],
  };
}
