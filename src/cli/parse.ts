import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Io } from './command';

/**
 * A word the user typed, quoted back only if it looks like a command or option name (letters and
 * hyphens: none of ours has a digit): anything else, a Guid say, could be a secret.
 */
export function echoWord(word: string): string {
  return /^-{0,2}[A-Za-z][A-Za-z-]{0,39}$/.test(word) ? JSON.stringify(word) : 'an argument';
}

/**
 * Runs node:util parseArgs (passed in as `parse`) and turns its errors into
 * UsageError (exit 2), without repeating a value the user typed. Callers call
 * parseArgs themselves so its precise result type stays theirs.
 */
export function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('unexpected argument: this command takes options only');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new UsageError(`unknown option ${echoWord(option)}`);
    }
    // The remaining parseArgs errors name an option and what it expects, never its value.
    throw new UsageError(message.split('\n')[0]);
  }
}

/** A whole number option from the command line, or a usage error naming the option. */
export function wholeNumber(value: string | undefined, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Thrown by parse() for --help: main() prints the command's usage and exits 0. */
export class HelpRequested extends Error {}

const COMMON = { help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } } as const;

type Config = Required<Pick<ParseArgsConfig, 'options' | 'allowPositionals'>>;

/**
 * The one parser of a command's arguments: node:util parseArgs, strict, with the options every
 * command has (--help, --verbose) parsed as options like its own, so `--user -h` is not taken
 * for a request for help. Its errors are usage errors that repeat no value (see usage()).
 */
/** What parseArgs gives for a command's config and the common options. */
type Parsed<C extends Config> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; allowPositionals: C['allowPositionals']; options: C['options'] & typeof COMMON }>
>;

export function parse<const C extends Config>(argv: string[], io: Io, config: C): Parsed<C> {
  const parsed = usage(() =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: config.allowPositionals,
      options: { ...config.options, ...COMMON } as C['options'] & typeof COMMON,
    }),
  );
  const values = parsed.values as Record<string, unknown>;
  if (values.help === true) throw new HelpRequested();
  if (values.verbose === true) io.verbose?.();
  return parsed as Parsed<C>;
}
