// Tiny flag reader shared by the scripts: --name value and --flag.
import { IqValidationError } from '../src/errors/IqValidationError';

export function flag(name: string, argv = process.argv.slice(2)): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

export function has(name: string, argv = process.argv.slice(2)): boolean {
  return argv.includes(`--${name}`);
}

export function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  // Bad input (a WSDL's service name that is not a file name, say) is exit 2, as in the CLI.
  process.exit(error instanceof IqValidationError ? 2 : 1);
}
