// Maps a failure of the HTTP client (Node's or undici's error) to a typed
// error: a network error when the server could not be reached or dropped the
// connection, a protocol error when it answered with something that is not HTTP.
import type { IqRequestInfo } from '../errors/IqError';
import { IqNetworkError } from '../errors/IqNetworkError';
import { IqProtocolError } from '../errors/IqProtocolError';

/** The code of a failure made here for an interim (1xx) answer given as the final one, a 101 switch of protocols among them. */
export const INTERIM_ANSWER = 'IQ_INTERIM_ANSWER';

/** An error for an interim answer, which the HTTP clients cannot hand over as a response. */
export function interimAnswer(status: number): Error {
  return Object.assign(new Error(`an interim status ${status} as the final answer`), { code: INTERIM_ANSWER });
}

/** Failures known to have happened before the request reached the server: safe to replay for any method. */
const notSent = new WeakSet<object>();

export function markNotSent(error: object): void {
  notSent.add(error);
}

export function wasNotSent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && notSent.has(error);
}

/** Node's fetch and undici wrap the real failure in `cause`: the innermost one names it. */
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

/** llhttp's parse errors (HPE_*, undici's too), oversized headers, a switch of protocols or another 1xx as the answer. */
function isProtocolFailure(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('HPE_') || code === INTERIM_ANSWER || code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'UND_ERR_INFO');
}

export function toTransportError(error: unknown, operation: string, request: IqRequestInfo): IqNetworkError | IqProtocolError {
  const { code, message } = rootCause(error);
  const host = new URL(request.url).host;
  if (isProtocolFailure(code)) {
    return new IqProtocolError(`${operation} failed: ${host} did not answer with valid HTTP (${code === INTERIM_ANSWER ? message : code})`, {
      operation,
      request,
      cause: error,
    });
  }
  const typed = new IqNetworkError(`${operation} failed: could not reach ${host} (${code ?? message})`, { operation, request, code, cause: error });
  if (code === 'ECONNREFUSED' || wasNotSent(error)) markNotSent(typed);
  return typed;
}
