import { startHttpSandbox, type SandboxRequest } from '../shared/http-sandbox';
import { httpBaseUrl } from '../shared/listen';
import type { Reply } from '../shared/reply';
import { SampleData } from './data';
import { faultMatchesPath, statusFaultReply } from './faults';
import { resolveOptions, type ResolvedOptions } from './options';
import { apiError } from './reply';
import { SessionStore } from './sessions';
import { handleSession, SESSION_PATH } from './signin';
import { createStats, resetStats } from './stats';
import type { Fault, ResellerSandbox, ResellerSandboxOptions, ResellerSandboxStats } from './types';
import { handleWebApi } from './webapi';

/** Starts the emulator on `port` (default: a free port) of `host`. Signin and data hosts are served by the same server. */
export async function startResellerSandbox(options: ResellerSandboxOptions = {}): Promise<ResellerSandbox> {
  const config = resolveOptions(options);
  const state: SandboxState = {
    config,
    sessions: new SessionStore(config.sessionTtlMs),
    data: new SampleData(config),
    stats: createStats(),
  };
  const { stats } = state;

  const http = await startHttpSandbox<Fault>(
    {
      host: config.host,
      port: config.port,
      latencyMs: config.latencyMs,
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
    () => (request) => route(request, state),
  );
  const baseUrl = httpBaseUrl(http.address.address, http.address.port);

  return {
    signinUrl: baseUrl,
    apiUrl: baseUrl,
    stats,
    requests: http.requests,
    expireAllSessions: () => state.sessions.expireAll(),
    endAllSessions: () => {
      stats.sessionsEnded += state.sessions.endAll();
    },
    injectFault: http.injectFault,
    reset: () => {
      resetStats(stats);
      http.clear();
    },
    close: http.close,
  };
}

interface SandboxState {
  config: ResolvedOptions;
  sessions: SessionStore;
  data: SampleData;
  stats: ResellerSandboxStats;
}

function route({ method, url, headers, body }: SandboxRequest, state: SandboxState): Reply {
  if (SESSION_PATH.test(url.pathname)) {
    return handleSession(method, headers.authorization, body, state.config.apiKeys, state.sessions, {
      created: () => state.stats.sessionsCreated++,
      ended: () => state.stats.sessionsEnded++,
    });
  }
  const query = new Map<string, string>();
  for (const [name, value] of url.searchParams) if (!query.has(name.toLowerCase())) query.set(name.toLowerCase(), value);
  return handleWebApi({ method, pathname: url.pathname, query, headers, body }, state.sessions, state.data);
}
