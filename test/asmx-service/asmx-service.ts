// Starts the C# ASMX test service (app/) under Mono's FastCGI server behind
// nginx, both on free loopback ports, and stops them again. xsp4 is broken on
// Debian bookworm, so this is the stack that hosts ASMX here (see field notes).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port';

export const TEST_APP_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';
const APP_DIR = resolve(__dirname, 'app');

export interface AsmxService {
  /** Base URL of the site, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  /** The service's Authentication.asmx URL, as a tenant's would be. */
  url: string;
  /** The changed service used to test the WSDL check. */
  changedUrl: string;
  /** Catalog.asmx: a service of our own with richer types, for the generated codec's contract tests. */
  catalogUrl: string;
  stop(): Promise<void>;
}

function nginxConfig(dir: string, httpPort: number, fcgiPort: number): string {
  return `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  fastcgi_temp_path ${dir}/fastcgi;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${httpPort};
    location / {
      fastcgi_pass 127.0.0.1:${fcgiPort};
      include /etc/nginx/fastcgi_params;
      fastcgi_param PATH_INFO "";
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    }
  }
}
`;
}

function launch(command: string, args: string[], logFile: string): ChildProcess {
  // A process group of its own, so that stop() ends mono's children too.
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(d));
  child.stderr?.on('data', (d: Buffer) => log.push(d));
  child.on('exit', () => writeFileSync(logFile, Buffer.concat(log)));
  child.unref();
  // If the parent dies without stop(), do not leave the servers behind.
  const reap = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', reap);
  child.once('exit', () => process.removeListener('exit', reap));
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((ok) => {
    // The child was unref'd so it never holds a process open; waiting for its exit must.
    child.ref();
    child.once('exit', () => ok());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      ok();
    }
  });
}

async function waitUntilServing(url: string, deadline: number, children: ChildProcess[]): Promise<void> {
  let last = '';
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited with code ${dead.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
      const text = await res.text();
      if (res.status === 200 && text.includes('wsdl:definitions')) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the ASMX test service did not answer at ${url} in time (last: ${last})`);
}

export async function startAsmxService(options: { timeoutMs?: number } = {}): Promise<AsmxService> {
  const dir = mkdtempSync(join(tmpdir(), 'iq-asmx-'));
  for (const sub of ['body', 'fastcgi']) mkdirSync(join(dir, sub));
  const [httpPort, fcgiPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, httpPort, fcgiPort));

  const mono = launch('fastcgi-mono-server4', [`/applications=/:${APP_DIR}`, `/socket=tcp:127.0.0.1:${fcgiPort}`], join(dir, 'mono.log'));
  const nginx = launch('nginx', ['-c', join(dir, 'nginx.conf')], join(dir, 'nginx.log'));
  const children = [mono, nginx];
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const service: AsmxService = {
    baseUrl,
    url: `${baseUrl}/webservice/Authentication.asmx`,
    changedUrl: `${baseUrl}/webservice/AuthenticationV2.asmx`,
    catalogUrl: `${baseUrl}/webservice/Catalog.asmx`,
    stop: async () => {
      await Promise.all(children.map(kill));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    // The first request compiles each .asmx; warm them up so tests see steady timings.
    await waitUntilServing(`${service.url}?wsdl`, deadline, children);
    await waitUntilServing(`${service.changedUrl}?wsdl`, deadline, children);
    await waitUntilServing(`${service.catalogUrl}?wsdl`, deadline, children);
    await fetch(`${service.url}/SSORequest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ input: { UserName: 'testuser', AppKey: TEST_APP_KEY } }),
    }).then((r) => r.text());
  } catch (e) {
    const logs = ['mono.log', 'nginx-error.log']
      .map((f) => {
        try {
          return readFileSync(join(dir, f), 'utf8').slice(-2000);
        } catch {
          return '';
        }
      })
      .join('\n');
    await service.stop();
    throw new Error(`${(e as Error).message}\n${logs}`, { cause: e });
  }
  return service;
}
