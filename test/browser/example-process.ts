// `npm run example` as a person runs it, in a child process: the sandbox and the app on free
// loopback ports, the app's URL read from what it prints.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface RunningExample {
  /** The URL it tells a person to open. */
  appUrl: string;
  /** The sandbox's SSO service. */
  sandboxUrl: string;
  /** Everything it has written to stdout and stderr so far. */
  output(): string;
  /** Ctrl-C, as a person would; resolves when it has exited (killed if it takes over 10 s). */
  stop(): Promise<void>;
}

export async function startExample(env: Record<string, string>): Promise<RunningExample> {
  // Its own process group, so that stop() reaches npm, the shell and node alike.
  const child = spawn('npm', ['run', '--silent', 'example', '--', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close': every process holding its output has ended, node included, not just npm.
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  const printed = await new Promise<RegExpExecArray>((ready, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Example app:\s+(\S+)/.exec(output);
      if (match && /printIQ sandbox:/.test(output)) ready(match);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`npm run example exited (${code}) before printing its URL:\n${output}`)));
  }).catch((error: unknown) => {
    signal('SIGKILL');
    throw error;
  });
  return {
    appUrl: printed[1],
    sandboxUrl: /printIQ sandbox:\s+(\S+)/.exec(output)![1],
    output: () => output,
    stop: async () => {
      signal('SIGINT');
      const killer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
