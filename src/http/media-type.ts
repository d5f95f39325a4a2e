/** A Content-Type value taken apart: the media type in lower case, and the charset if one is named. */
export interface MediaType {
  type: string;
  charset?: string;
}

/** A server sends the same few Content-Type values again and again: each is taken apart once. */
const seen = new Map<string, Readonly<MediaType>>();
const SEEN_LIMIT = 64;
const NONE: Readonly<MediaType> = Object.freeze({ type: '' });

/** The one reader of Content-Type values in this package; an absent header is type ''. The result is shared: do not change it. */
export function parseMediaType(value: string | null | undefined): Readonly<MediaType> {
  if (!value) return NONE;
  let known = seen.get(value);
  if (!known) {
    known = Object.freeze(parse(value));
    if (seen.size >= SEEN_LIMIT) seen.clear();
    seen.set(value, known);
  }
  return known;
}

function parse(value: string): MediaType {
  const [type, ...params] = value.split(';');
  const result: MediaType = { type: type.trim().toLowerCase() };
  for (const param of params) {
    const at = param.indexOf('=');
    if (at < 0 || param.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    const charset = param
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset) result.charset = charset;
  }
  return result;
}
