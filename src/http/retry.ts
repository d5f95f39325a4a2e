import { IqValidationError } from '../errors/IqValidationError';
import type { RetryOptions } from './types';

export const RETRYABLE_STATUSES = new Set([502, 503, 504]);

export interface RetryPolicy {
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

function setting(value: number | undefined, fallback: number, field: string, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new IqValidationError(`retry.${field} must be a number from 0 to ${max}`, `retry.${field}`);
  }
  return value;
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  if (options === null || typeof options !== 'object') throw new IqValidationError('retry must be an object', 'retry');
  return {
    retries: Math.floor(setting(options.retries, 2, 'retries', 10)),
    initialDelayMs: setting(options.initialDelayMs, 500, 'initialDelayMs', 60_000),
    maxDelayMs: setting(options.maxDelayMs, 5_000, 'maxDelayMs', 300_000),
    maxRetryAfterMs: setting(options.maxRetryAfterMs, 30_000, 'maxRetryAfterMs', 3_600_000),
  };
}

/** Exponential backoff with "equal jitter": never less than half the step, so retries stay spread. */
export function backoffDelay(policy: RetryPolicy, retryNumber: number, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retryNumber - 1));
  return step / 2 + random() * (step / 2);
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
