import { UsageError } from './command';

/**
 * Runs node:util parseArgs (passed in as `parse`) and turns its errors into
 * UsageError (exit 2). Callers call parseArgs themselves so its precise result
 * type stays theirs.
 */
export function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}
