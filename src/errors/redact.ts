// Where secrets are taken out of errors: once, at the edge of every public
// call. Vendor messages can echo input back, and Node's errors can hold a
// whole request; none of that leaves a client unscrubbed. Texts are redacted
// first and cut after, so a cut can never leave part of a secret behind.
import { IqError } from './IqError';

export const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this (an API key, an AppKey, a session token from a sign-in)
 * are refused: redacting a 1-character secret would blank out every such letter.
 */
export const MIN_SECRET_LENGTH = 8;

/** The longest text an error property keeps, after redaction; the rest is cut. */
const MAX_TEXT = { message: 1_000, faultString: 8_000, stack: 16_000, other: 2_000 } as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const GUID = /^[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[})]?$/i;

/**
 * The parts of the secret's base64 that do not depend on what surrounds it,
 * for each of the three alignments it can have inside a longer encoded text.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = offset === 0 ? 0 : 4;
    const end = 4 * Math.floor((offset + bytes.length) / 3);
    if (end - start >= 8) cores.push(encoded.slice(start, end));
  }
  return cores.flatMap((core) => [core, core.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/**
 * The forms a secret takes when a server echoes it, each matched in any case:
 * as is; XML-escaped with or without quotes (.NET), HTML-encoded (&#39;, &#x27;); JSON-escaped;
 * URL-encoded as encodeURIComponent does, with the apostrophe too, and as RFC 3986 does
 * (.NET's Uri.EscapeDataString: !'()* too); hex; a Guid in .NET's N form (D, B and P contain D);
 * base64 (standard and URL-safe, at any alignment).
 */
function spellings(secret: string): string[] {
  const markup = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // encodeURIComponent throws on a lone surrogate; a server could only echo such a key mangled anyway.
  const url = encodeURIComponent(secret.replace(LONE_SURROGATE, '\uFFFD'));
  const guid = GUID.exec(secret);
  return [
    secret,
    markup,
    markup.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    markup.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    markup.replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
    markup.replace(/"/g, '&#x22;').replace(/'/g, '&#x27;'),
    JSON.stringify(secret).slice(1, -1),
    url,
    url.replace(/'/g, '%27'),
    url.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    Buffer.from(secret, 'utf8').toString('hex'),
    ...(guid ? [guid.slice(1).join('-'), guid.slice(1).join('')] : []),
    ...base64Cores(secret),
  ];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

export class Redactor {
  #pattern?: RegExp;
  #patternOf = '';

  /** `secrets` is read at each use, so a refreshed session token is covered too. Too-short values are ignored. */
  constructor(private readonly secrets: () => Iterable<string | undefined>) {}

  /** One case-insensitive pattern for every spelling of every secret, made again only when the secrets change. */
  private pattern(): RegExp | undefined {
    const known = [...new Set([...this.secrets()].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))];
    const key = known.join('\n');
    if (key !== this.#patternOf) {
      this.#patternOf = key;
      const forms = [...new Set(known.flatMap(spellings))].sort((a, b) => b.length - a.length);
      this.#pattern = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'gi') : undefined;
    }
    return this.#pattern;
  }

  text(value: string): string {
    const pattern = this.pattern();
    return pattern ? value.replace(pattern, REDACTED) : value;
  }

  /** Returns an IqError with no secret in its message, stack, properties or cause, and no overlong text. */
  error(error: unknown): IqError {
    const err = error instanceof IqError ? error : new IqError(`unexpected failure: ${describe(error)}`, { cause: error });
    this.scrubObject(err, new Set());
    return err;
  }

  /** Scrubs `target` in place; returns what its holder should keep (a plain copy where its keys could not be renamed in place). */
  private scrubObject(original: object, seen: Set<object>): object {
    if (seen.has(original)) return original;
    seen.add(original);
    const target = fixed(original) ? plainCopy(original) : original;
    const record = target as Record<string, unknown>;
    const keys = Object.getOwnPropertyNames(target);
    for (const key of keys) {
      const value = record[key];
      if (typeof value === 'string') {
        record[key] = cut(this.text(value), MAX_TEXT[key as keyof typeof MAX_TEXT] ?? MAX_TEXT.other);
      } else if (key === 'cause') {
        Object.defineProperty(target, 'cause', { value: this.cleanCause(value, seen), enumerable: false, writable: true, configurable: true });
      } else if (value !== null && typeof value === 'object') {
        const kept = this.scrubObject(value, seen);
        if (kept !== value) record[key] = kept;
      }
    }
    const renamed = keys.filter((key) => !(Array.isArray(target) && (key === 'length' || /^\d+$/.test(key)))).map((key) => [key, this.keyName(key)] as const);
    if (renamed.every(([key, name]) => key === name)) return target;
    this.renameKeys(record, renamed);
    return target;
  }

  private keyName(key: string): string {
    return cut(this.text(key), MAX_TEXT.other);
  }

  /** Property names are scrubbed too (a fault's detail element may be named after a key), in their order. */
  private renameKeys(record: Record<string, unknown>, renamed: ReadonlyArray<readonly [string, string]>): void {
    const properties = renamed.map(([key, name]) => [name, Object.getOwnPropertyDescriptor(record, key)!] as const);
    for (const [key] of renamed) delete record[key];
    for (const [scrubbed, descriptor] of properties) {
      let name = scrubbed;
      for (let n = 2; Object.hasOwn(record, name); n++) name = `${scrubbed} (${n})`;
      Object.defineProperty(record, name, descriptor);
    }
  }

  /** Our own errors are scrubbed; a foreign one is replaced by a copy of its name, code, message and stack, scrubbed. */
  private cleanCause(cause: unknown, seen: Set<object>): unknown {
    if (cause instanceof IqError) {
      this.scrubObject(cause, seen);
      return cause;
    }
    if (cause === undefined || cause === null) return undefined;
    const copy = new Error(cut(this.text(describe(cause)), MAX_TEXT.message));
    const { name, code, stack } = cause as { name?: unknown; code?: unknown; stack?: unknown };
    copy.name = typeof name === 'string' ? name : 'Error';
    if (typeof code === 'string') (copy as Error & { code?: string }).code = this.text(code);
    copy.stack = typeof stack === 'string' ? cut(this.text(stack), MAX_TEXT.stack) : `${copy.name}: ${copy.message}`;
    return copy;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  return Object.prototype.toString.call(value);
}

/** An object whose properties cannot all be rewritten in place (sealed, frozen, not extensible, or holding a fixed property). */
function fixed(target: object): boolean {
  if (!Object.isExtensible(target)) return true;
  return Object.getOwnPropertyNames(target).some((key) => {
    const d = Object.getOwnPropertyDescriptor(target, key)!;
    return !d.configurable && !(Array.isArray(target) && key === 'length');
  });
}

/** A plain, writable copy of its own properties, for the holder to keep in its place. */
function plainCopy(target: object): object {
  const copy: object = Array.isArray(target) ? [] : {};
  for (const key of Object.getOwnPropertyNames(target)) {
    if (Array.isArray(target) && key === 'length') continue;
    const value = (target as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, { value, enumerable: Object.getOwnPropertyDescriptor(target, key)!.enumerable, writable: true, configurable: true });
  }
  return copy;
}
