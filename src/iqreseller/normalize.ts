// Opt-in tidying of IQ Reseller answers (`normalize: true`): the vendor writes
// dates as US-format strings without a zone (`3/6/2020 12:00:00 AM`) or in
// WCF's form (`/Date(1583452800000)/`), and pads text columns with spaces.
// Ids are left as sent: the vendor sends the same id as a string in one answer
// and a number in another, and only the caller knows which type it wants.

/** `3/6/2020`, `3/6/2020 12:00:00 AM`, `12/31/2019 11:59 PM`. */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
/** WCF's JSON date: milliseconds since 1970 UTC, with the server's offset (informative only) or without. */
const WCF_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A vendor date as ISO 8601: a US date-time becomes a local date-time without an offset
 * (`2020-03-06T00:00:00`; the vendor gives no zone, and inventing one would be wrong), a US
 * date alone a date (`2020-03-06`), a WCF date an instant in UTC (`2020-03-06T00:00:00.000Z`).
 * Anything else, an impossible date included (`2/30/2020`), is undefined.
 */
export function isoDate(text: string): string | undefined {
  const wcf = WCF_DATE.exec(text);
  if (wcf) {
    const date = new Date(Number(wcf[1]));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const us = US_DATE.exec(text);
  if (!us) return undefined;
  const [, month, day, year, hour, minute, second, half] = us;
  const m = Number(month);
  const d = Number(day);
  const y = Number(year);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  const date = `${year}-${two(m)}-${two(d)}`;
  if (hour === undefined) return date;
  let h = Number(hour);
  if (half) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (half.toUpperCase() === 'PM' ? 12 : 0);
  }
  const s = Number(second ?? 0);
  if (h > 23 || Number(minute) > 59 || s > 59) return undefined;
  return `${date}T${two(h)}:${minute}:${two(s)}`;
}

/**
 * A copy of an answer with every string trimmed and every vendor date as ISO 8601, at any
 * depth (the `SODetails` of a sales order too). Other values are kept as they are.
 * Iterative: an answer nested deeper than the call stack is still a JSON answer.
 */
export function normalize(value: unknown): unknown {
  const top = [value];
  // Copies whose fields are still the originals' values.
  const pending: Array<Record<string, unknown>> = [top as unknown as Record<string, unknown>];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const key of Object.keys(node)) {
      const field = node[key];
      if (typeof field === 'string') {
        const text = field.trim();
        node[key] = isoDate(text) ?? text;
      } else if (field !== null && typeof field === 'object') {
        // fromEntries defines each key, so a `__proto__` field stays a field (and is then set as one).
        const copy = Array.isArray(field) ? [...(field as unknown[])] : Object.fromEntries(Object.entries(field));
        node[key] = copy;
        pending.push(copy as Record<string, unknown>);
      }
    }
  }
  return top[0];
}
