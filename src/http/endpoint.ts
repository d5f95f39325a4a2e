import { IqValidationError } from '../errors/IqValidationError';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * Parses an endpoint option. Secrets travel only over https, unless the host is
 * this machine or the caller said plain http is fine. A `base` URL (the default)
 * is one the client appends paths to; a `document` URL (a WSDL's) may have a query.
 */
export function checkUrl(value: unknown, field: string, allowInsecureHttp: boolean, kind: 'base' | 'document' = 'base'): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new IqValidationError(`${field} must be a non-empty URL string`, field);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IqValidationError(`${field} is not a valid URL`, field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IqValidationError(`${field} must be an http(s) URL, not ${url.protocol}`, field);
  }
  if (url.username || url.password) {
    throw new IqValidationError(`${field} must not carry credentials`, field);
  }
  // The client appends paths to it: a query or fragment would send the call (and its secrets) elsewhere.
  if (kind === 'base' && (url.search || url.hash || /[?#]/.test(value))) {
    throw new IqValidationError(`${field} must not have a query string or fragment: give the service's base URL`, field);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url)) {
    throw new IqValidationError(
      `${field} uses plain http to ${url.host}: secrets are only sent over https. ` +
        'Use an https URL, or set allowInsecureHttp: true if this network is trusted.',
      field,
    );
  }
  return url;
}
