// Puts a client's session machinery together from its options: where the
// session comes from (this process, or a fleet's store), the maxConcurrent
// budget, and the one `send` every request to the vendor goes through.
import { publishSession } from '../../diagnostics/channels';
import { IqValidationError } from '../../errors/IqValidationError';
import type { HttpPipeline } from '../../http/pipeline';
import type { HttpRequest } from '../../http/types';
import { numberOption } from '../../options';
import { FleetBudget, LocalBudget, type Budget } from './budget';
import { FleetSource, type OnStoreError } from './fleet';
import { StoreLink } from './link';
import { LocalSource } from './local';
import { SessionManager } from './manager';
import { storeScope, type SessionStore } from './store';
import { SESSION_PATH, VendorSessions, type Send, type Tell } from './vendor';

export { tokenRefusal } from './vendor';
export type { SessionManager } from './manager';

/** Vendor sessions last about an hour: a stored one is dropped after that unless maxSessionAgeMs says sooner. */
const RECORD_TTL_MS = 3_600_000;
const LOCK_POLL_MS = 25;
const SLOT_POLL_MS = 10;

export interface SessionOptions {
  signinUrl: string;
  apiKey: string;
  pipeline: HttpPipeline;
  maxSessionAgeMs?: number;
  sessionStore?: unknown;
  onStoreError?: unknown;
  maxConcurrent?: unknown;
}

export interface Sessions {
  manager: SessionManager;
  /** Every request to the vendor goes through this: the budget, then the pipeline. */
  send: Send;
  /** Every token this client was given, for its redactor. */
  tokens: ReadonlySet<string>;
  vendor: VendorSessions;
  /** Publishes a session event. */
  tell: Tell;
}

const STORE_METHODS = ['get', 'put', 'remove', 'lock', 'renewLock', 'unlock', 'acquireSlot', 'renewSlot', 'releaseSlot'] as const;

function checkStore(value: unknown): SessionStore | undefined {
  if (value === undefined) return undefined;
  const store = value as Record<string, unknown> | null;
  const ok =
    typeof store === 'object' &&
    store !== null &&
    STORE_METHODS.every((name) => typeof store[name] === 'function') &&
    (['lockTtlMs', 'slotTtlMs', 'timeoutMs'] as const).every((name) => typeof store[name] === 'number' && (store[name] as number) > 0);
  if (!ok) throw new IqValidationError('sessionStore must be a SessionStore, e.g. new RedisSessionStore({ url }) from iq-integration/redis', 'sessionStore');
  return value as SessionStore;
}

function checkOnStoreError(value: unknown): OnStoreError {
  if (value === undefined || value === 'local' || value === 'fail') return value ?? 'local';
  throw new IqValidationError("onStoreError must be 'local' or 'fail'", 'onStoreError');
}

export function openSessions(options: SessionOptions): Sessions {
  const store = checkStore(options.sessionStore);
  const onStoreError = checkOnStoreError(options.onStoreError);
  const max = numberOption(options.maxConcurrent, undefined, 'maxConcurrent', { min: 1, max: 10_000, integer: true });
  const link = store && new StoreLink(store, storeScope(options.signinUrl, options.apiKey));
  let budget: Budget | undefined;
  if (max !== undefined) budget = link ? new FleetBudget(link, max, { onStoreError, pollMs: SLOT_POLL_MS }) : new LocalBudget(max);
  const { pipeline } = options;
  const send: Send = budget
    ? (request: HttpRequest) =>
        budget.run(() => pipeline.send(request), {
          signal: request.signal,
          operation: request.operation,
          request: { method: request.method, url: request.url },
        })
    : (request: HttpRequest) => pipeline.send(request);
  const tokens = new Set<string>();
  const tell: Tell = (event, reason) => publishSession({ event, sessionsCreated: vendor.created, ...(reason !== undefined && { reason }) });
  const vendor = new VendorSessions(`${options.signinUrl}${SESSION_PATH}`, options.apiKey, send, tokens, tell);
  const source = link
    ? new FleetSource(vendor, link, tell, {
        onStoreError,
        maxAgeMs: options.maxSessionAgeMs,
        recordTtlMs: RECORD_TTL_MS,
        waitLimitMs: link.store.lockTtlMs + pipeline.deadlineMs,
        pollMs: LOCK_POLL_MS,
      })
    : new LocalSource(vendor);
  return { manager: new SessionManager(source, tell, options.maxSessionAgeMs), send, tokens, vendor, tell };
}
