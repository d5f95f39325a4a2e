// When an answer or a failure is worth another attempt, and how long to wait first.
import { IqValidationError } from '../errors/IqValidationError';
import { numberOption } from '../options';
import type { RetryOptions } from './types';

/** Statuses that say the request was not processed: replayed for any method. */
const NOT_PROCESSED = new Set([408, 429]);
/** Statuses of a server or gateway in trouble: replayed only where sending twice does no harm. */
const TRANSIENT = new Set([502, 503, 504]);

export interface RetryPolicy {
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const ms = (value: number | undefined, fallback: number, field: string, max: number) =>
    numberOption(value, fallback, `retry.${field}`, { max, unit: 'milliseconds' });
  if (options === null || typeof options !== 'object') throw new IqValidationError('retry must be an object', 'retry');
  return {
    retries: numberOption(options.retries, 2, 'retry.retries', { max: 10, integer: true }),
    initialDelayMs: ms(options.initialDelayMs, 500, 'initialDelayMs', 60_000),
    maxDelayMs: ms(options.maxDelayMs, 5_000, 'maxDelayMs', 300_000),
    maxRetryAfterMs: ms(options.maxRetryAfterMs, 30_000, 'maxRetryAfterMs', 3_600_000),
  };
}

/** Whether an answer with this status may be sent again. */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return NOT_PROCESSED.has(status) || (idempotent && TRANSIENT.has(status));
}

/** Exponential backoff with "equal jitter": never less than half the step, so retries stay spread. */
export function backoffDelay(policy: RetryPolicy, retryNumber: number, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retryNumber - 1));
  return step / 2 + random() * (step / 2);
}

/**
 * HTTP-date in the three forms RFC 9110 says a recipient must read: IMF-fixdate, RFC 850, asctime.
 * Anything else (JavaScript's Date.parse reads "1.5", "-1" or "2, 2" as dates in 2001) is not a date.
 */
const HTTP_DATE = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** Retry-After as whole seconds or an HTTP-date; undefined when absent or unreadable (the backoff applies then). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d{1,10}$/.test(text)) return Number(text);
  if (!HTTP_DATE.some((form) => form.test(text))) return undefined;
  const at = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
