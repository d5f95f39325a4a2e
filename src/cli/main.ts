#!/usr/bin/env node
// The iq-integration command line. Exit codes: 0 success, 1 the remote refused
// or failed, 2 bad usage or input. Errors are one line on stderr.
import { IqError } from '../errors/IqError';
import { IqValidationError } from '../errors/IqValidationError';
import type { Command, Io } from './command';
import { call } from './commands/call';
import { cvs } from './commands/cvs';
import { demo } from './commands/demo';
import { sandbox } from './commands/sandbox';
import { sso } from './commands/sso';
import { sync } from './commands/sync';
import { wsdl } from './commands/wsdl';

const COMMANDS: Command[] = [sso, cvs, call, sync, wsdl, sandbox, demo];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: iq-integration <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'iq-integration <command> --help shows a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`iq-integration: unknown command ${JSON.stringify(name)}; try --help\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`iq-integration ${name}: ${message.split('\n')[0]}\n`);
    if (error instanceof IqValidationError) return 2;
    if (error instanceof IqError) return 1;
    return 1;
  }
}

if (require.main === module) {
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env, errIsTTY: process.stderr.isTTY === true };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
