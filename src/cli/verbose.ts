// --verbose: one line on stderr for each HTTP attempt, from the attempt channel.
import { attemptChannel, type AttemptContext } from '../diagnostics/channels';

export function describeAttempt(a: AttemptContext): string {
  const outcome = a.error ? `${a.error.name}${a.status !== undefined ? ` (HTTP ${a.status})` : ''}` : `HTTP ${a.status}, ${a.bytes} bytes`;
  const retry = a.retryReason ? ` (retry after ${a.retryReason}, waited ${a.retryDelayMs} ms)` : '';
  return `${a.operation} attempt ${a.attempt}: ${a.method} ${a.url} -> ${outcome} in ${(a.durationMs ?? 0).toFixed(1)} ms${retry}\n`;
}

/** Prints every attempt until the returned function is called. */
export function printAttempts(write: (line: string) => void): () => void {
  const handlers = {
    start: () => undefined,
    end: () => undefined,
    asyncStart: () => undefined,
    asyncEnd: (context: unknown) => write(`iq-integration: ${describeAttempt(context as AttemptContext)}`),
    error: () => undefined,
  };
  attemptChannel.subscribe(handlers);
  return () => attemptChannel.unsubscribe(handlers);
}
