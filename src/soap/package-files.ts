import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const found = new Map<string, string>();

/**
 * The path of a file shipped at the package root (e.g. `wsdl/Authentication.wsdl`),
 * whether this code runs from src/ under ts-node/jest or from dist/ when installed.
 */
export function packageFile(relative: string): string {
  const known = found.get(relative);
  if (known) return known;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) {
      found.set(relative, candidate);
      return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`iq-integration: shipped file ${relative} not found`);
  }
}
