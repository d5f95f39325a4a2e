// Looking for a secret everywhere an error (or any value) could show it, in
// every spelling a server could echo it in. Shared by the SSO and IQ Reseller
// secret suites; each suite picks the spellings and the secrets it checks.
import { inspect } from 'node:util';

// ---------------------------------------------------------------- spellings

export const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
/** How .NET's XmlWriter writes element text: only &, < and > are escaped. */
export const xmlTextEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** HttpUtility.HtmlEncode, as on an ASP.NET error page. */
export const htmlEncode = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Every character as a decimal character reference. */
export const htmlDecimalAll = (text: string) => [...text].map((c) => `&#${c.codePointAt(0)};`).join('');
/** Every character as a hex character reference. */
export const htmlHexAll = (text: string) => [...text].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('');
export const jsonEscape = (text: string) => JSON.stringify(text).slice(1, -1);
/** JavaScriptSerializer (ASMX's JSON) escapes <, >, & and ' as \u00XX. */
export const jsonUnicodeEscape = (text: string) => jsonEscape(text).replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
export const urlEncode = encodeURIComponent;
/** URLSearchParams / HttpUtility.UrlEncode style: ' escaped too, lower-case hex. */
export const urlEncodeLower = (text: string) =>
  encodeURIComponent(text)
    .replace(/'/g, '%27')
    .replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

/** The other case, and .NET's spellings of a Guid it parsed: D, N, B and P, in lower and upper case. */
export function dotNetSpellings(secret: string): string[] {
  const hex = /^[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[})]?$/i.exec(secret)?.slice(1);
  const guid = hex ? [hex.join('-'), hex.join(''), `{${hex.join('-')}}`, `(${hex.join('-')})`] : [];
  return [secret.toLowerCase(), secret.toUpperCase(), ...guid.flatMap((g) => [g.toLowerCase(), g.toUpperCase()])];
}

/** Escapes servers write that the spelling lists above do not: RFC 3986 (.NET's Uri.EscapeDataString), hex entities, hex. */
export function escapeSpellings(secret: string): string[] {
  return [
    encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#x22;').replace(/'/g, '&#x27;'),
    Buffer.from(secret).toString('hex'),
  ];
}

/** The secret base64-encoded (standard and URL-safe) on its own, and inside a longer text at each alignment. */
export function base64Spellings(secret: string): string[] {
  const cores: string[] = [];
  for (const prefix of ['', 'u:', 'user:']) {
    const encoded = Buffer.from(`${prefix}${secret}`).toString('base64');
    // Only the characters that depend on the secret's bytes alone: a reader could decode those.
    const start = prefix.length === 0 ? 0 : 4 * Math.ceil(prefix.length / 3);
    const end = 4 * Math.floor((prefix.length + Buffer.byteLength(secret)) / 3);
    cores.push(encoded.slice(start, end));
  }
  return cores.flatMap((c) => [c, c.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/** The spellings the SSO brief names: as is, XML-escaped, JSON-escaped, URL-encoded. */
export function spellings(secret: string): string[] {
  return [...new Set([secret, xmlEscape(secret), jsonEscape(secret), urlEncode(secret)])];
}
/** The SSO suite's further spellings real servers produce; any of them is as good as the key to a reader. */
export function moreSpellings(secret: string): string[] {
  return [
    ...new Set([
      ...spellings(secret),
      xmlTextEscape(secret),
      htmlEncode(secret),
      jsonUnicodeEscape(secret),
      urlEncodeLower(secret),
      secret.replace(/'/g, '&#39;'),
      ...dotNetSpellings(secret),
      ...base64Spellings(secret),
      ...escapeSpellings(secret),
    ]),
  ];
}
/** The IQ Reseller suite's spellings: every one a reader would recognise as the secret. */
export function everySpelling(secret: string): string[] {
  return [
    ...new Set([
      secret,
      xmlEscape(secret),
      xmlTextEscape(secret),
      htmlEncode(secret),
      htmlDecimalAll(secret),
      htmlHexAll(secret),
      jsonEscape(secret),
      urlEncode(secret),
      urlEncodeLower(secret),
      ...dotNetSpellings(secret),
      ...base64Spellings(secret),
      ...escapeSpellings(secret),
    ]),
  ];
}

// ---------------------------------------------------------------- looking everywhere

/** Every string reachable from a value: own properties (enumerable or not, symbols too), recursively. */
export function reachableTexts(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' && typeof value !== 'function') return [String(value)];
  if (seen.has(value)) return [];
  seen.add(value);
  const out: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    out.push(String(key));
    let child: unknown;
    try {
      child = (value as Record<PropertyKey, unknown>)[key];
    } catch {
      continue;
    }
    out.push(...reachableTexts(child, seen));
  }
  return out;
}

export interface ViewOptions {
  /**
   * Also show each cause's own stack on its own line. A null cause then ends the chain
   * (it has no stack); without this option it is shown once, as "null".
   */
  causeStacks?: boolean;
}

/** What a logger, a crash report or a JSON log line could show of an error. */
export function errorViews(error: unknown, { causeStacks = false }: ViewOptions = {}): Record<string, string> {
  const err = error as Error;
  const causes: string[] = [];
  for (let cause: unknown = err.cause, depth = 0; cause !== undefined && !(causeStacks && cause === null) && depth < 10; depth++) {
    causes.push(inspect(cause, { depth: 10, showHidden: true }), ...(causeStacks ? [String((cause as Error).stack)] : []), ...reachableTexts(cause));
    cause = (cause as { cause?: unknown } | null)?.cause;
  }
  return {
    message: err.message,
    stack: String(err.stack),
    toString: String(err),
    properties: reachableTexts(err).join('\n'),
    cause: causes.join('\n'),
    inspect: inspect(err, { depth: 10, showHidden: true }),
    json: JSON.stringify(err) ?? '',
  };
}

/** Everything an error shows at once (inspect, JSON, message, stack), for a plain `not.toContain`. */
export function everything(error: unknown): string {
  return `${inspect(error, { depth: 10, showHidden: true })}\n${JSON.stringify(error)}\n${(error as Error).message}\n${(error as Error).stack}`;
}

/**
 * Throws if any spelling (`forms`) of any of the named secrets appears in `value`: in the text
 * itself if it is a string, else in any of its error views. The message names the secret, the
 * spelling and the view: "{name} (spelled "…") appears in {view}".
 */
export function expectNoSecrets(
  value: unknown,
  secrets: ReadonlyArray<readonly [name: string, secret: string]>,
  forms: (secret: string) => string[],
  options: ViewOptions = {},
): void {
  const seen = typeof value === 'string' ? { text: value } : errorViews(value, options);
  for (const [where, text] of Object.entries(seen)) {
    for (const [name, secret] of secrets) {
      for (const form of forms(secret)) {
        if (text.includes(form)) throw new Error(`${name} (spelled ${JSON.stringify(form)}) appears in ${where}:\n${text}`);
      }
    }
  }
}
