// What the WSDL tooling commands share: the --runtime option, and their exit
// code 3 for "could not", kept apart from 1 (the service changed) and 2 (usage).
import { resolve } from 'node:path';
import { IqValidationError } from '../../errors/IqValidationError';
import type { RuntimeModule } from '../../wsdl/generate';
import type { Io } from '../command';

export const COULD_NOT = 3;

/** `iq-integration` (the default) or a path to this package's src/soap/codec, for a codec inside this repository. */
export function runtimeOption(value: string | undefined): RuntimeModule {
  return value === undefined || value === 'iq-integration' ? 'iq-integration' : { path: resolve(value) };
}

/** Bad input stays exit 2; anything else that stopped the command is 3, with its one-line reason. */
export function toolingFailure(error: unknown, command: string, io: Io): number {
  if (error instanceof IqValidationError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  io.err(`iq-integration ${command}: ${message.split('\n')[0]}\n`);
  return COULD_NOT;
}
