// The parent's handle on the servers process (bench/servers.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Counters, Protocol, Scheme, SetUrls } from '../servers';

export interface SandboxUrls {
  soapUrl: string;
  appKey: string;
  signinUrl: string;
  apiUrl: string;
  apiKey: string;
}

export class Servers {
  #child: ChildProcess;
  #next = 1;
  #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message: { id?: number; payload?: unknown; error?: string }) => {
      const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message.payload);
    });
    child.on('exit', (code) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`servers process exited (${code})`));
      this.#pending.clear();
    });
  }

  static async start(tls?: { keyPath: string; certPath: string }): Promise<Servers> {
    const child = fork(join(__dirname, '..', 'servers.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...(tls && { BENCH_TLS_KEY: tls.keyPath, BENCH_TLS_CERT: tls.certPath }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`servers process exited early (${code})`)));
    });
    return new Servers(child);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  #ask<T>(command: Record<string, unknown>): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, ...command });
    });
  }

  newSet(name: string): Promise<SetUrls> {
    return this.#ask({ type: 'newSet', name });
  }

  /** A fresh listener (a new origin, so no pooled connection can be reused), counted under `key`. */
  listen(key: string, protocol: Protocol, scheme: Scheme): Promise<string> {
    return this.#ask({ type: 'listen', key, protocol, scheme });
  }

  stats(): Promise<Record<string, Counters>> {
    return this.#ask({ type: 'stats' });
  }

  cpu(): Promise<NodeJS.CpuUsage> {
    return this.#ask({ type: 'cpu' });
  }

  sandbox(): Promise<SandboxUrls> {
    return this.#ask({ type: 'sandbox' });
  }

  async stop(): Promise<void> {
    await this.#ask({ type: 'exit' }).catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.#child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.#child.kill();
        resolve();
      }, 2000);
      this.#child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
