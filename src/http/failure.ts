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

/** Failures known to have happened before the request reached the server (a refused connection): safe to replay for any method. */
const notSent = new WeakSet<object>();
/** Failures on a keep-alive socket the server had probably closed while it sat idle: probably, so replayed only where that is safe anyway. */
const staleSocket = new WeakSet<object>();

export function wasNotSent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && notSent.has(error);
}

export function markStaleSocket(error: object): void {
  staleSocket.add(error);
}

export function onStaleSocket(error: unknown): boolean {
  return typeof error === 'object' && error !== null && staleSocket.has(error);
}

/** Node's fetch and undici wrap the real failure in `cause`: the innermost one names it. */
function rootCause(error: unknown): { code?: string; name?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown })?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  const err = current as { code?: unknown; name?: unknown; message?: unknown };
  return {
    code: typeof err?.code === 'string' ? err.code : undefined,
    name: typeof err?.name === 'string' ? err.name : undefined,
    message: typeof err?.message === 'string' ? err.message : String(current),
  };
}

/**
 * The server answered, with something that is not HTTP: llhttp's parse errors (Node's HPE_* codes,
 * undici's HTTPParserError), oversized headers, a switch of protocols or another 1xx as the answer
 * (undici: a SocketError 'bad upgrade' or 'bad response', or its assertion on an upgrade it did not ask for).
 */
function isProtocolFailure({ code, name, message }: { code?: string; name?: string; message: string }): boolean {
  if (code?.startsWith('HPE_') || name === 'HTTPParserError') return true;
  if (code === INTERIM_ANSWER || code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'UND_ERR_INFO' || code === 'ERR_ASSERTION') return true;
  return code === 'UND_ERR_SOCKET' && (message === 'bad upgrade' || message === 'bad response');
}

export function toTransportError(error: unknown, operation: string, request: IqRequestInfo): IqNetworkError | IqProtocolError {
  const cause = rootCause(error);
  const { code, message } = cause;
  const host = new URL(request.url).host;
  if (isProtocolFailure(cause)) {
    return new IqProtocolError(`${operation} failed: ${host} did not answer with valid HTTP (${code === INTERIM_ANSWER || !code ? message : code})`, {
      operation,
      request,
      cause: error,
    });
  }
  const typed = new IqNetworkError(`${operation} failed: could not reach ${host} (${code ?? message})`, { operation, request, code, cause: error });
  if (code === 'ECONNREFUSED') notSent.add(typed);
  if (onStaleSocket(error)) staleSocket.add(typed);
  return typed;
}
