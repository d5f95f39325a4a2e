/** A Content-Type value taken apart: the media type in lower case, and the charset if one is named. */
export interface MediaType {
  type: string;
  charset?: string;
}

/** The one reader of Content-Type values in this package; an absent header is type ''. */
export function parseMediaType(value: string | null | undefined): MediaType {
  if (!value) return { type: '' };
  const [type, ...params] = value.split(';');
  const result: MediaType = { type: type.trim().toLowerCase() };
  for (const param of params) {
    const at = param.indexOf('=');
    if (at < 0 || param.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    const charset = param.slice(at + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset) result.charset = charset;
  }
  return result;
}
