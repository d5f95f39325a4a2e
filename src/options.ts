// The one check of numeric options: a clear IqValidationError naming the
// option, before anything is sent.
import { IqValidationError } from './errors/IqValidationError';

/** Node's timers overflow above this many milliseconds and fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface NumberRule {
  /** Smallest value allowed (inclusive). Default 0. */
  min?: number;
  /** Values must be greater than this (exclusive), e.g. 0 for "positive". */
  above?: number;
  /** Largest value allowed (inclusive). */
  max?: number;
  integer?: boolean;
  /** What the number counts, for the message: "milliseconds", "bytes". */
  unit?: string;
}

/** `value`, or `fallback` when it is undefined; anything outside `rule` is refused. */
export function numberOption<F extends number | undefined>(value: unknown, fallback: F, field: string, rule: NumberRule = {}): number | F {
  if (value === undefined) return fallback;
  const { min = 0, above, max, integer = false, unit } = rule;
  const fits =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (above === undefined ? value >= min : value > above) &&
    (max === undefined || value <= max);
  if (fits) return value;
  const sign = above === 0 ? 'a positive ' : 'a ';
  const kind = `${sign}${integer ? 'whole number' : 'number'}${unit ? ` of ${unit}` : ''}`;
  const bounds = [above === undefined ? `at least ${min}` : above !== 0 ? `greater than ${above}` : '', max !== undefined ? `at most ${max}` : ''].filter(
    Boolean,
  );
  throw new IqValidationError(`${field} must be ${kind}${bounds.length ? `, ${bounds.join(' and ')}` : ''}`, field);
}
