// Where secrets are taken out of errors: once, at the edge of every public
// call. Vendor messages can echo input back, and Node's or node-soap's errors
// can hold a whole request; none of that leaves a client unscrubbed.
import { IqError } from './IqError';

export const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this (an API key, an AppKey, a session token from a sign-in)
 * are refused: redacting a 1-character secret would blank out every such letter.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * The forms a secret takes when a server echoes it: as is; XML-escaped with or
 * without quotes (.NET), HTML-encoded (&#39;); JSON-escaped; URL-encoded with
 * upper- or lower-case hex and with or without the apostrophe encoded.
 */
function spellings(secret: string): string[] {
  const markup = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const url = encodeURIComponent(secret);
  const urlAll = url.replace(/'/g, '%27');
  return [...new Set([
    secret,
    markup,
    markup.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    markup.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    markup.replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
    JSON.stringify(secret).slice(1, -1),
    url,
    urlAll,
    url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    urlAll.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  ])];
}

export class Redactor {
  /** `secrets` is read at each use, so a refreshed session token is covered too. */
  constructor(private readonly secrets: () => Iterable<string | undefined>) {}

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets()) {
      if (typeof secret !== 'string' || !secret) continue;
      for (const form of spellings(secret)) out = out.split(form).join(REDACTED);
    }
    return out;
  }

  /** Returns an IqError with no secret in its message, stack, properties or cause. */
  error(error: unknown): IqError {
    const err = error instanceof IqError ? error : new IqError(`unexpected failure: ${describe(error)}`);
    this.scrubObject(err, new Set());
    return err;
  }

  private scrubObject(target: object, seen: Set<object>): void {
    if (seen.has(target)) return;
    seen.add(target);
    const record = target as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(target)) {
      const value = record[key];
      if (typeof value === 'string') {
        record[key] = this.text(value);
      } else if (key === 'cause') {
        Object.defineProperty(target, 'cause', { value: this.cleanCause(value, seen), enumerable: false, writable: true, configurable: true });
      } else if (value !== null && typeof value === 'object') {
        this.scrubObject(value, seen);
      }
    }
  }

  /** Our own errors are scrubbed; a foreign one is replaced by a bare copy of its name, code and message. */
  private cleanCause(cause: unknown, seen: Set<object>): unknown {
    if (cause instanceof IqError) {
      this.scrubObject(cause, seen);
      return cause;
    }
    if (cause === undefined || cause === null) return undefined;
    const copy = new Error(this.text(describe(cause)));
    copy.name = cause instanceof Error ? cause.name : 'Error';
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    copy.stack = `${copy.name}: ${copy.message}`;
    return copy;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  return Object.prototype.toString.call(value);
}
