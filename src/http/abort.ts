// The caller's AbortSignal, in one place: the error it ends a call with, and
// the one abortable wait of the package (retry backoff, paging pauses).
import { setTimeout as wait } from 'node:timers/promises';
import { IqAbortError } from '../errors/IqAbortError';
import type { IqRequestInfo } from '../errors/IqError';
import { MAX_TIMER_MS } from '../options';

export interface AbortContext {
  operation: string;
  request?: IqRequestInfo;
}

/**
 * What the error tells of the signal's reason: the platform's own (a TimeoutError from
 * `AbortSignal.timeout()`, an AbortError from `abort()`) as it is; of a reason the caller
 * made, its name only, since its text could hold anything.
 */
function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  // Checked by tag, not instanceof: test runners and bundlers may give another realm's DOMException.
  if (Object.prototype.toString.call(reason) === '[object DOMException]') return reason as Error;
  const copy = new Error('the caller gave a reason of its own');
  copy.name = reason instanceof Error ? reason.name : 'AbortError';
  return copy;
}

/** The error for a call the caller aborted; `cause` tells why (see reasonOf). */
export function abortError(context: AbortContext, signal: AbortSignal): IqAbortError {
  return new IqAbortError(`${context.operation} was aborted by the caller`, { ...context, cause: reasonOf(signal) });
}

/** Throws the abort error if the signal has already fired: checked before anything is sent. */
export function throwIfAborted(signal: AbortSignal | undefined, context: AbortContext): void {
  if (signal?.aborted) throw abortError(context, signal);
}

/** Waits `ms` (clamped to what a timer can hold), or rejects with the abort error as soon as `signal` fires. */
export async function sleep(ms: number, signal: AbortSignal | undefined, context: AbortContext): Promise<void> {
  throwIfAborted(signal, context);
  try {
    await wait(Math.min(Math.max(0, ms), MAX_TIMER_MS), undefined, signal && { signal });
  } catch (error) {
    if (signal?.aborted) throw abortError(context, signal);
    throw error;
  }
}

/**
 * Settles with `promise`, or rejects with the abort error as soon as `signal` fires; the
 * promise itself goes on (it may be shared with other callers). The listener is removed either way.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, context: AbortContext): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(context, signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(context, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
