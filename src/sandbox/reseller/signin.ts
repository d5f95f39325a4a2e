import type { Reply } from '../shared/reply';
import { emptyReply, jsonReply, signinError } from './reply';
import type { SessionStore } from './sessions';

/** The sign-in host: `/api/IntegrationAPI/Session`, an ASP.NET Web API controller (errors are `{Message}`). */

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
