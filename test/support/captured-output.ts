// Captures what a test writes to the console and to process.stdout/stderr
// (instead of letting it through), and checks every line after the test: for
// the secret suites, which must show that nothing written holds a secret.
import { inspect } from 'node:util';

export interface CaptureOptions {
  /** Decode every Uint8Array written to a stream as UTF-8; without this only Buffers are, other chunks are inspected. */
  decodeUint8Arrays?: boolean;
}

/**
 * Call at the top of a test file: registers a beforeEach that starts the capture and an afterEach
 * that ends it and passes each recorded line to `check`. Returns the lines of the running test.
 */
export function captureOutput(check: (text: string) => void, { decodeUint8Arrays = false }: CaptureOptions = {}): string[] {
  const written: string[] = [];
  let spies: jest.SpyInstance[] = [];

  beforeEach(() => {
    written.length = 0;
    const record = (...args: unknown[]) => {
      written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10, showHidden: true }))).join(' '));
    };
    const stream = (chunk: unknown) => {
      record(Buffer.isBuffer(chunk) || (decodeUint8Arrays && chunk instanceof Uint8Array) ? Buffer.from(chunk as Uint8Array).toString('utf8') : chunk);
      return true;
    };
    spies = [
      ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((name) => jest.spyOn(console, name).mockImplementation(record)),
      jest.spyOn(process.stdout, 'write').mockImplementation(stream),
      jest.spyOn(process.stderr, 'write').mockImplementation(stream),
    ];
  });

  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
    spies = [];
    for (const text of written) check(text);
  });

  return written;
}
