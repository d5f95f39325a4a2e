#!/usr/bin/env node
// The iq-integration command line. Exit codes: 0 success, 1 the remote refused
// or failed, 2 bad usage or input. Errors are one line on stderr.
import { IqValidationError } from '../errors/IqValidationError';
import type { Command, Io } from './command';
import { call } from './commands/call';
import { cvs } from './commands/cvs';
import { demo } from './commands/demo';
import { generate } from './commands/generate';
import { sandbox } from './commands/sandbox';
import { sso } from './commands/sso';
import { sync } from './commands/sync';
import { wsdl } from './commands/wsdl';
import { HelpRequested, echoWord } from './parse';
import { printAttempts } from './verbose';
import { neutralize } from './terminal';

const COMMANDS: Command[] = [sso, cvs, call, sync, wsdl, generate, sandbox, demo];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: iq-integration <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "iq-integration <command> --help shows a command's options; --verbose prints each HTTP attempt on stderr.",
    '',
  ].join('\n');
}

export async function main(argv: string[], outside: Io): Promise<number> {
  const io: Io = { out: (t) => outside.out(neutralize(t)), err: (t) => outside.err(neutralize(t)), env: outside.env };
  // The status line's redraw is the CLI's own control sequence; what it shows is neutralized like the rest.
  if (outside.errIsTTY) io.status = (line) => outside.err(`\r\x1b[2K${neutralize(line)}`);
  // --verbose (each HTTP attempt on stderr) and --help are options of every command, parsed with its own.
  const leadingVerbose = argv[0] === '--verbose';
  const [name, ...rest] = leadingVerbose ? argv.slice(1) : argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return 0;
  }
  if (name === undefined) {
    io.err(overview());
    return 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`iq-integration: unknown command ${echoWord(name)}; try --help\n`);
    return 2;
  }
  let stopPrinting: (() => void) | undefined;
  io.verbose = () => {
    stopPrinting ??= printAttempts(io.err);
  };
  if (leadingVerbose) io.verbose();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.out(`${command.usage}\n`);
      return 0;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`iq-integration ${name}: ${message.split('\n')[0]}\n`);
    return error instanceof IqValidationError ? 2 : 1;
  } finally {
    stopPrinting?.();
  }
}

if (require.main === module) {
  // A reader that stops early (`... --ndjson | head -1`) is not an error: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env, errIsTTY: process.stderr.isTTY === true };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
