import { IqValidationError } from '../errors/IqValidationError';

/** Where a command writes: stdout for results, stderr for one-line errors. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (set by the caller of main()). */
  errIsTTY?: boolean;
  /** Only when stderr is a terminal: draws a one-line status there, over the last one. */
  status?(line: string): void;
  /** Set by main(): called when the command's arguments ask for --verbose. */
  verbose?(): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit code. */
  run(argv: string[], io: Io): Promise<number>;
}

/** Bad usage: exit code 2, like bad input. */
export class UsageError extends IqValidationError {}

export function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Parses `k=v` pairs from repeated --query options. */
export function keyValues(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--query takes key=value, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

export function parseJsonOption(text: string | undefined, name: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${name} must be JSON`);
  }
}
