// The IQ Reseller emulator: its options, counters and injected faults, and the
// routing of each request to the sign-in host or the data host (one server
// plays both).
import { STATUS_CODES } from 'node:http';
import { NO_ANSWER, startHttpSandbox, type SandboxRequest } from '../shared/http-sandbox';
import { checkPort, httpBaseUrl } from '../shared/listen';
import type { Reply } from '../shared/reply';
import { SampleData } from './data';
import { PagingRules } from './paging';
import { apiError } from './replies';
import { handleSession, SessionStore, SESSION_PATH } from './sessions';
import type { Fault, ResellerSandbox, ResellerSandboxOptions, ResellerSandboxStats } from './types';
import { handleWebApi, type ApiContext } from './webapi';

interface Settings {
  apiKeys: ReadonlySet<string>;
  latencyMs: number;
  host: string;
  port: number;
}

/** Starts the emulator on `port` (default: a free port) of `host`. Signin and data hosts are served by the same server. */
export async function startResellerSandbox(options: ResellerSandboxOptions = {}): Promise<ResellerSandbox> {
  const settings: Settings = {
    apiKeys: new Set(options.apiKeys ?? ['sandbox-api-key']),
    latencyMs: check('latencyMs', options.latencyMs ?? 0, (n) => n >= 0),
    host: options.host ?? '127.0.0.1',
    port: checkPort(options.port ?? 0),
  };
  const stats = createStats();
  const context: ApiContext = {
    sessions: new SessionStore(check('sessionTtlMs', options.sessionTtlMs ?? 3_600_000, (n) => n > 0)),
    data: new SampleData({
      cvCount: check('cvCount', options.cvCount ?? 25, isCount),
      soCount: check('soCount', options.soCount ?? 120, isCount),
      inventoryCount: check('inventoryCount', options.inventoryCount ?? 120, isCount),
    }),
    paging: new PagingRules(options.paging),
    hung: () => stats.hung++,
  };

  const http = await startHttpSandbox<Fault>(
    {
      host: settings.host,
      port: settings.port,
      latencyMs: settings.latencyMs,
      counters: stats,
      count: ({ url }) => {
        stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
      },
      faultFits: (fault, { url }) => faultMatchesPath(fault, url.pathname),
      statusFaultReply,
      errorReply: apiError,
      sending: (reply) => {
        if (reply.status === 401) stats.unauthorized++;
      },
    },
    () => (request) => route(request, settings, stats, context),
  );
  const baseUrl = httpBaseUrl(http.address.address, http.address.port);

  return {
    signinUrl: baseUrl,
    apiUrl: baseUrl,
    stats,
    requests: http.requests,
    expireAllSessions: () => context.sessions.expireAll(),
    endAllSessions: () => {
      stats.sessionsEnded += context.sessions.endAll();
    },
    injectFault: http.injectFault,
    reset: () => {
      resetStats(stats);
      http.clear();
    },
    close: http.close,
  };
}

function route({ method, url, headers, body }: SandboxRequest, settings: Settings, stats: ResellerSandboxStats, context: ApiContext): Reply | typeof NO_ANSWER {
  if (SESSION_PATH.test(url.pathname)) {
    return handleSession(method, headers.authorization, body, settings.apiKeys, context.sessions, {
      created: () => stats.sessionsCreated++,
      ended: () => stats.sessionsEnded++,
    });
  }
  const query = new Map<string, string>();
  for (const [name, value] of url.searchParams) if (!query.has(name.toLowerCase())) query.set(name.toLowerCase(), value);
  return handleWebApi({ method, pathname: url.pathname, query, headers, body }, context);
}

// ---------------------------------------------------------------- options and counters

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** Fails at start-up on a bad option, rather than with odd behaviour later. */
function check(name: string, value: number, valid: (n: number) => boolean): number {
  if (!Number.isFinite(value) || !valid(value)) throw new RangeError(`Invalid sandbox option ${name}: ${value}`);
  return value;
}

function createStats(): ResellerSandboxStats {
  return { sessionsCreated: 0, sessionsEnded: 0, requests: 0, unauthorized: 0, byPath: {}, connections: 0, hung: 0 };
}

/** Zeroes the counters in place, so references held by tests stay live. */
function resetStats(stats: ResellerSandboxStats): void {
  Object.assign(stats, { sessionsCreated: 0, sessionsEnded: 0, requests: 0, unauthorized: 0, connections: 0, hung: 0 });
  for (const key of Object.keys(stats.byPath)) delete stats.byPath[key];
}

// ---------------------------------------------------------------- faults

/** Whether a queued fault serves a request to this path (a fault without `path` serves every request). */
function faultMatchesPath(fault: Fault, pathname: string): boolean {
  const pattern = fault.path;
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pathname.toLowerCase().includes(pattern.toLowerCase());
  pattern.lastIndex = 0; // a /g or /y pattern keeps state between test() calls
  return pattern.test(pathname);
}

/** The answer of a `status` fault: the given body, or the vendor's `{code, message}` shape. */
function statusFaultReply(fault: Extract<Fault, { kind: 'status' }>): Reply {
  const headers = Object.fromEntries(Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (fault.body === undefined && fault.contentType === undefined) {
    const reply = apiError(fault.status, STATUS_CODES[fault.status] ?? 'Error');
    return { ...reply, headers: { ...reply.headers, ...headers } };
  }
  return { status: fault.status, headers: { 'content-type': fault.contentType ?? 'application/json; charset=utf-8', ...headers }, body: fault.body ?? '' };
}
