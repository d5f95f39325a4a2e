import { checkPort } from '../shared/listen';
import type { ResellerSandboxOptions } from './types';

export interface ResolvedOptions {
  apiKeys: ReadonlySet<string>;
  sessionTtlMs: number;
  cvCount: number;
  soCount: number;
  inventoryCount: number;
  latencyMs: number;
  host: string;
  port: number;
}

export function resolveOptions(options: ResellerSandboxOptions): ResolvedOptions {
  return {
    apiKeys: new Set(options.apiKeys ?? ['sandbox-api-key']),
    sessionTtlMs: check('sessionTtlMs', options.sessionTtlMs ?? 3_600_000, (n) => n > 0),
    cvCount: check('cvCount', options.cvCount ?? 25, isCount),
    soCount: check('soCount', options.soCount ?? 120, isCount),
    inventoryCount: check('inventoryCount', options.inventoryCount ?? 120, isCount),
    latencyMs: check('latencyMs', options.latencyMs ?? 0, (n) => n >= 0),
    host: options.host ?? '127.0.0.1',
    port: checkPort(options.port ?? 0),
  };
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** Fails at start-up on a bad option, rather than with odd behaviour later. */
function check(name: string, value: number, valid: (n: number) => boolean): number {
  if (!Number.isFinite(value) || !valid(value)) throw new RangeError(`Invalid sandbox option ${name}: ${value}`);
  return value;
}
