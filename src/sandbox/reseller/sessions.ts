// The sign-in host: `/api/IntegrationAPI/Session`, an ASP.NET Web API controller
// (errors are `{Message}`), and the sessions it hands out.
import { randomBytes } from 'node:crypto';
import type { Reply } from '../shared/reply';
import { emptyReply, jsonReply, signinError } from './replies';

/** What the store knows about a token. `ended` is kept apart because the vendor answers it with 404. */
export type TokenState = 'live' | 'expired' | 'ended' | 'unknown';

interface Session {
  createdAt: number;
  /** Set by expireAll() or by ending; a live session has neither. */
  forced?: 'expired' | 'ended';
}

/** Tokens remembered at most: a sandbox left running for days forgets the oldest (they then answer 401). */
const KEPT_SESSIONS = 10_000;

/** Session tokens with a fixed lifetime counted from creation. Ended tokens are remembered so they can answer 404. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(): string {
    const token = randomBytes(16).toString('hex');
    this.sessions.set(token, { createdAt: this.now() });
    if (this.sessions.size > KEPT_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return token;
  }

  state(token: string | undefined): TokenState {
    const session = token === undefined ? undefined : this.sessions.get(token);
    if (!session) return 'unknown';
    if (session.forced) return session.forced;
    return this.now() - session.createdAt >= this.ttlMs ? 'expired' : 'live';
  }

  /** Ends a live session; returns false when the token was not live. */
  end(token: string): boolean {
    if (this.state(token) !== 'live') return false;
    this.sessions.get(token)!.forced = 'ended';
    return true;
  }

  /** Ends every live session and returns how many were ended. */
  endAll(): number {
    let ended = 0;
    for (const token of this.sessions.keys()) if (this.end(token)) ended++;
    return ended;
  }

  expireAll(): void {
    for (const [token, session] of this.sessions) {
      if (this.state(token) === 'live') session.forced = 'expired';
    }
  }
}

export const SESSION_PATH = /^\/api\/IntegrationAPI\/Session\/?$/i;

const DENIED = 'Authorization has been denied for this request.';

export interface SessionEvents {
  created(): void;
  ended(): void;
}

export function handleSession(
  method: string,
  authorization: string | undefined,
  body: string,
  apiKeys: ReadonlySet<string>,
  sessions: SessionStore,
  events: SessionEvents,
): Reply {
  if (method === 'POST') return createSession(body, apiKeys, sessions, events);
  if (method === 'DELETE') return endSession(authorization, sessions, events);
  return signinError(405, `The requested resource does not support http method '${method}'.`);
}

function createSession(body: string, apiKeys: ReadonlySet<string>, sessions: SessionStore, events: SessionEvents): Reply {
  const apiToken = readApiToken(body);
  if (apiToken === undefined) return signinError(400, 'The request is invalid: a JSON body with APIToken is required.');
  // The key is never echoed back: it is a long-lived secret.
  if (!apiKeys.has(apiToken)) return signinError(401, DENIED);
  const token = sessions.create();
  events.created();
  return jsonReply(200, { Data: token, Success: true, Message: null });
}

function endSession(authorization: string | undefined, sessions: SessionStore, events: SessionEvents): Reply {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  const state = sessions.state(token);
  if (state === 'ended') return signinError(404, 'Session not found.');
  if (state !== 'live' || !token) return signinError(401, DENIED);
  sessions.end(token);
  events.ended();
  return emptyReply(200);
}

/** The APIToken member of a JSON object body, matched ignoring case as ASP.NET's JSON binding does. */
function readApiToken(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entry = Object.entries(parsed).find(([key]) => key.toLowerCase() === 'apitoken');
  return typeof entry?.[1] === 'string' && entry[1] !== '' ? entry[1] : undefined;
}
