// What the package tells about its calls, on node:diagnostics_channel: a
// tracing channel for each operation as the caller sees it, one for each HTTP
// attempt inside it, and a plain channel for session events. While nobody
// subscribes nothing is published and no context object is made.
// Payloads carry no secret: errors are the scrubbed ones callers get, URLs
// carry no key, and results are described (a count), never included.
import diagnostics, { type TracingChannel } from 'node:diagnostics_channel';
import type { IqError } from '../errors/IqError';

export const CHANNEL_NAMES = {
  operation: 'iq-integration:operation',
  attempt: 'iq-integration:attempt',
  session: 'iq-integration:session',
} as const;

/** One operation as the caller sees it: an SSO request, an IQ Reseller call, a page of a walk. */
export interface OperationContext {
  /** `SSORequest`, `CV/GetCVs`, `SO/GetSOs`. */
  operation: string;
  api: 'printiq' | 'reseller';
  /** The SSO wire form (`soap12`, `soap11`, `json`). */
  transport?: string;
  /** For a page of a walk: its number and size. */
  page?: number;
  pageSize?: number;
  /** Set when it settles: the number of items a list answer held. */
  items?: number;
  /** Set when it fails: the error the caller gets, scrubbed. */
  error?: IqError;
}

/** One HTTP attempt of an operation. */
export interface AttemptContext {
  operation: string;
  method: string;
  url: string;
  /** 1 for the first attempt, 2 for the first retry... */
  attempt: number;
  /** Why this attempt is a retry (`HTTP 503`, `ECONNRESET`, `stale keep-alive socket`), and how long it waited first. */
  retryReason?: string;
  retryDelayMs?: number;
  /** Set when it settles. */
  status?: number;
  /** Bytes of the answer's body, unpacked (a gzip body counts at its unpacked size, as the size cap does). */
  bytes?: number;
  durationMs?: number;
  /** Set when it fails: the typed error, scrubbed. */
  error?: IqError;
}

export type SessionEventName = 'created' | 'refreshed' | 'ended' | 'expired' | 'waited';

/** A session event: never the token or the key. */
export interface SessionEvent {
  event: SessionEventName;
  /** Sessions this client has created so far. */
  sessionsCreated: number;
  /** For `refreshed`: what made it (`HTTP 401`, `HTTP 404 ended session`, `age`). */
  reason?: string;
}

export const operationChannel: TracingChannel<unknown, OperationContext> = diagnostics.tracingChannel(CHANNEL_NAMES.operation);
export const attemptChannel: TracingChannel<unknown, AttemptContext> = diagnostics.tracingChannel(CHANNEL_NAMES.attempt);
export const sessionChannel = diagnostics.channel(CHANNEL_NAMES.session);

/** Whether anyone listens to any event of a tracing channel (`hasSubscribers` itself is newer than Node 20.0). */
export function isTraced(channel: TracingChannel<unknown, object>): boolean {
  const c = channel as unknown as Record<'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error', diagnostics.Channel>;
  return c.start.hasSubscribers || c.end.hasSubscribers || c.asyncStart.hasSubscribers || c.asyncEnd.hasSubscribers || c.error.hasSubscribers;
}

/**
 * Runs `run` inside the tracing channel's events when someone listens: only then is `makeContext`
 * called, and `run` gets the context to fill in (status, counts, the scrubbed error) as it goes.
 * Subscribers see the context, never the answer itself.
 */
export function traced<C extends object, T>(channel: TracingChannel<unknown, C>, makeContext: () => C, run: (context?: C) => Promise<T>): Promise<T> {
  // Not an async function: with nobody listening, the call's own promise is returned as it is.
  return isTraced(channel) ? publishing(channel, makeContext(), run) : run();
}

async function publishing<C extends object, T>(channel: TracingChannel<unknown, C>, context: C, run: (context?: C) => Promise<T>): Promise<T> {
  let result!: T;
  await channel.tracePromise(async () => {
    result = await run(context);
  }, context);
  return result;
}

export function publishSession(event: SessionEvent): void {
  if (sessionChannel.hasSubscribers) sessionChannel.publish(event);
}
