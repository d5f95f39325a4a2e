import { IqNetworkError } from '../errors/IqNetworkError';
import type { IqRequestInfo } from '../errors/IqError';

/** Node's fetch reports connection failures as `TypeError: fetch failed` with the real cause inside. */
function rootCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown })?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  const err = current as { code?: unknown; message?: unknown };
  return {
    code: typeof err?.code === 'string' ? err.code : undefined,
    message: typeof err?.message === 'string' ? err.message : String(current),
  };
}

export function toNetworkError(error: unknown, operation: string, request: IqRequestInfo): IqNetworkError {
  const { code, message } = rootCause(error);
  // Only the code and the message are kept: the original error may hold the request.
  return new IqNetworkError(`${operation} failed: could not reach ${new URL(request.url).host} (${code ?? message})`, {
    operation,
    request,
    code,
  });
}
