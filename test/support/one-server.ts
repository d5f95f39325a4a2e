// One scripted server per test, closed after it, and the helpers the fault
// suites use around it: awaiting a call that must fail, and a response that
// may be written to after the client hung up.
import type { ServerResponse } from 'node:http';
import { IqError } from '../../src';
import { socketsInUse } from '../../src/http/client/node-http-client';
import { startScriptedServer, type Handler, type ScriptedServer } from './scripted-server';

export interface OneServer {
  /** Starts a scripted server; it is the one closed after this test (a second call replaces it). */
  serve(handler: Handler): Promise<ScriptedServer>;
  /** Closes the current server now and forgets it, so that nothing is closed after the test. */
  closeServer(): Promise<void>;
}

/**
 * Call at the top of a test file: registers the afterEach that checks the test
 * left no connection of the client's in use (a request never finished, a body
 * never read or dropped), then closes the server of each test.
 */
export function oneServerPerTest(): OneServer {
  let server: ScriptedServer | undefined;
  const closeServer = async (): Promise<void> => {
    await server?.close();
    server = undefined;
  };
  afterEach(async () => {
    const left = await socketsLeftInUse();
    await closeServer();
    if (left > 0) throw new Error(`the test left ${left} client connection(s) in use: a socket leaked`);
  });
  return {
    serve: async (handler) => {
      server = await startScriptedServer(handler);
      return server;
    },
    closeServer,
  };
}

/** The client connections still in use once any that are closing have closed (waits up to 1 s). */
export async function socketsLeftInUse(): Promise<number> {
  // A failed call destroys its socket as it settles; the agent forgets it on the socket's close event.
  for (let waited = 0; socketsInUse() > 0 && waited < 1_000; waited += 10) await new Promise((ok) => setTimeout(ok, 10));
  return socketsInUse();
}

/** Awaits a call that must fail, and returns its error (always an IqError). */
export async function failure(call: Promise<unknown>): Promise<IqError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    expect(error).toBeInstanceOf(IqError);
    return error as IqError;
  }
  throw new Error(`expected the call to fail, but it resolved with ${JSON.stringify(result)?.slice(0, 300)}`);
}

/** Ignores the write errors a server sees when the client hangs up mid-answer. */
export function quiet(res: ServerResponse): ServerResponse {
  res.on('error', () => undefined);
  // Once per connection: a keep-alive socket serves many responses.
  const socket = res.socket;
  if (socket && !quieted.has(socket)) {
    quieted.add(socket);
    socket.on('error', () => undefined);
  }
  return res;
}

const quieted = new WeakSet<object>();
