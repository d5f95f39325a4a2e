// Runs around every test file (jest setupFilesAfterEach): every error that
// leaves a client passes through Redactor.error, so the sweep checks each one
// (message, stack, properties, cause, util.inspect, JSON) for the secrets that
// client holds, and every line written to the console or stdio for any secret
// seen so far. A file with a leak fails in afterAll. With IQ_SWEEP_OUT set, the
// counts are appended there for docs/reliability.md.
import { appendFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { Redactor } from '../../src/errors/redact';

// Short test keys ('k') would match everywhere; real and test secrets are longer.
const MIN_SECRET_LENGTH = 8;
const secrets = new Set<string>();
const leaks: string[] = [];
let errorsChecked = 0;
let writesChecked = 0;

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function leakIn(text: string, candidates: Iterable<string>): string | undefined {
  for (const secret of candidates) if (text.includes(secret)) return secret;
  return undefined;
}

const scrub = Redactor.prototype.error;
Redactor.prototype.error = function sweep(this: Redactor, error: unknown) {
  const result = scrub.call(this, error);
  const own = [...(this as unknown as { secrets: () => Iterable<unknown> }).secrets()].filter(
    (s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH,
  );
  own.forEach((s) => secrets.add(s));
  errorsChecked++;
  const seen = [result.message, result.stack, json(result), inspect(result, { showHidden: true, depth: 10 })].join('\n');
  const leaked = leakIn(seen, own);
  if (leaked) leaks.push(`${result.name} "${result.message.slice(0, 80)}" holds a secret starting ${leaked.slice(0, 4)}`);
  return result;
};

function watch<T extends (...args: any[]) => any>(original: T, where: string): T {
  return function watched(this: unknown, ...args: unknown[]) {
    writesChecked++;
    const text = args.map((a) => (typeof a === 'string' ? a : a instanceof Uint8Array ? Buffer.from(a).toString() : inspect(a))).join(' ');
    const leaked = leakIn(text, secrets);
    if (leaked) leaks.push(`${where} wrote a secret starting ${leaked.slice(0, 4)}`);
    return original.apply(this, args);
  } as T;
}

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = watch(console[method], `console.${method}`);
process.stdout.write = watch(process.stdout.write, 'stdout');
process.stderr.write = watch(process.stderr.write, 'stderr');

afterAll(() => {
  const out = process.env.IQ_SWEEP_OUT;
  if (out) {
    const file = expect.getState().testPath ?? 'unknown';
    appendFileSync(out, `${JSON.stringify({ file, errorsChecked, writesChecked, secretsKnown: secrets.size, leaks: leaks.length })}\n`);
  }
  expect(leaks).toEqual([]);
});
