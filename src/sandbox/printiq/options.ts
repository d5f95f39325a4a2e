import { checkPort } from '../shared/listen';
import type { PrintIqSandboxOptions } from './types';

export const DEFAULT_APP_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';

export interface ResolvedOptions {
  appKey: string;
  host: string;
  port: number;
  latencyMs: number;
  /** Without a trailing slash: the service appends `/Simplified/...`. */
  siteUrl: string;
}

/** Fails at start-up on a bad option, rather than with odd behaviour later. */
export function resolveOptions(options: PrintIqSandboxOptions): ResolvedOptions {
  const appKey = options.appKey ?? DEFAULT_APP_KEY;
  if (typeof appKey !== 'string' || appKey === '') throw new TypeError('Invalid sandbox option appKey: a non-empty string is required');
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError(`Invalid sandbox option latencyMs: ${latencyMs}`);
  const port = checkPort(options.port ?? 0);
  return { appKey, host: options.host ?? '127.0.0.1', port, latencyMs, siteUrl: checkSiteUrl(options.siteUrl ?? 'http://printiq.test') };
}

function checkSiteUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`Invalid sandbox option siteUrl: ${String(value)} is not an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}
