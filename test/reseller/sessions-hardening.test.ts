// The session rules a hostile sign-in or a careless caller tested: the caller's
// signal while it waits for a session, short and old tokens, what is replayed
// of the session POST, which 404 means an ended session, and what close() waits for.
import type { ServerResponse } from 'node:http';
import nock from 'nock';
import { IqAbortError, IqAuthError, IqHttpError, IqNetworkError, IqNotFoundError, IqProtocolError, IqResellerClient, type IqResellerOptions } from '../../src';
import { nockInThisBlock, nockOffOutsideItsBlock } from '../support/nock-in-one-block';
import { failure, oneServerPerTest, quiet } from '../support/one-server';
import { answer, type Handler, type RecordedRequest } from '../support/scripted-server';
import { everything } from '../support/secret-checks';

nockOffOutsideItsBlock();

const API_KEY = 'session-hardening-api-key-51c3';
const SESSION_PATH = '/api/IntegrationAPI/Session';
const JSON_TYPE = 'application/json; charset=utf-8';
const CVS = [{ cvid: 1, name: 'Acme' }];
const tokenNo = (n: number) => `tok-${String(n).padStart(2, '0')}-5f0c1d2e3a4b`;

const { serve: startServer } = oneServerPerTest();

interface Api {
  origin: string;
  requests: RecordedRequest[];
  sessionPosts(): RecordedRequest[];
  deletes(): RecordedRequest[];
  webapi(): RecordedRequest[];
}

const cvsOk: Handler = (_req, res) => answer(res, 200, JSON_TYPE, JSON.stringify(CVS));

/** Issues tokenNo(0), tokenNo(1), ... and answers every DELETE 200. */
function issuing(): Handler {
  let n = 0;
  return (req, res) => (req.method === 'DELETE' ? answer(res, 200, JSON_TYPE, '') : answer(res, 200, JSON_TYPE, JSON.stringify({ Data: tokenNo(n++) })));
}

async function serve(webapi: Handler = cvsOk, session: Handler = issuing()): Promise<Api> {
  let sessions = 0;
  let calls = 0;
  const server = await startServer((req, res) => {
    quiet(res);
    return req.url.startsWith(SESSION_PATH) ? session(req, res, sessions++) : webapi(req, res, calls++);
  });
  const requests = server.requests;
  return {
    origin: new URL(server.url).origin,
    requests,
    sessionPosts: () => requests.filter((r) => r.url.startsWith(SESSION_PATH) && r.method === 'POST'),
    deletes: () => requests.filter((r) => r.method === 'DELETE'),
    webapi: () => requests.filter((r) => r.url.startsWith('/webapi.svc/')),
  };
}

function client(api: Api, options: Partial<IqResellerOptions> = {}): IqResellerClient {
  return new IqResellerClient({ apiKey: API_KEY, signinUrl: api.origin, apiUrl: api.origin, timeoutMs: 5000, retry: { retries: 0 }, ...options });
}

/** A handler that holds its answers until release(); `held` tells how many wait. */
function holding(then: Handler) {
  const waiting: Array<() => void> = [];
  let released = false;
  const handler: Handler = (req, res, index) => {
    if (released) return then(req, res, index);
    waiting.push(() => then(req, res, index));
  };
  return {
    handler,
    get held() {
      return waiting.length;
    },
    release() {
      released = true;
      for (const answerNow of waiting.splice(0)) answerNow();
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 5));
  }
}

describe("the caller's signal while a call waits for the session", () => {
  it('an already aborted signal sends nothing: not the API key, not the call', async () => {
    const api = await serve();
    const iq = client(api);
    const controller = new AbortController();
    controller.abort();
    const err = await failure(iq.getCVs(undefined, { signal: controller.signal }));
    expect(err).toBeInstanceOf(IqAbortError);
    expect(err.operation).toBe('CV/GetCVs');
    expect(api.requests).toHaveLength(0);
    await iq.close();
    expect(api.requests).toHaveLength(0);
  });

  it('a signal that fires while the sign-in is slow releases that caller at once; the creation goes on for the others', async () => {
    const signin = holding(issuing());
    const api = await serve(cvsOk, signin.handler);
    const iq = client(api);
    const controller = new AbortController();
    const call = iq.getCVs(undefined, { signal: controller.signal });
    await until(() => signin.held === 1, 'the sign-in to reach the server');
    controller.abort();
    const err = await failure(call);
    expect(err).toBeInstanceOf(IqAbortError);
    // Settled while the sign-in still had not answered.
    expect(signin.held).toBe(1);
    const other = iq.getCVs();
    await until(() => api.sessionPosts().length === 1 && signin.held === 1, 'the shared sign-in');
    signin.release();
    await expect(other).resolves.toEqual(CVS);
    expect(api.sessionPosts()).toHaveLength(1);
    expect(api.webapi()).toHaveLength(1);
    await iq.close();
  });

  it('a signal that fires while a refresh is slow releases that caller at once', async () => {
    let posts = 0;
    const signin = holding(issuing());
    const session: Handler = (req, res, index) => (req.method === 'POST' && posts++ === 0 ? issuing()(req, res, index) : signin.handler(req, res, index));
    const api = await serve(
      (req, res) =>
        req.headers['iqr-session-token'] === tokenNo(0)
          ? answer(res, 401, JSON_TYPE, '{"code":401,"message":"Session token is invalid or has expired"}')
          : cvsOk(req, res, 0),
      session,
    );
    const iq = client(api);
    const controller = new AbortController();
    const call = iq.getCVs(undefined, { signal: controller.signal });
    await until(() => signin.held === 1, 'the refresh to reach the server');
    controller.abort();
    const err = await failure(call);
    expect(err).toBeInstanceOf(IqAbortError);
    expect(signin.held).toBe(1);
    signin.release();
    await iq.close();
  });
});

describe('session tokens', () => {
  it.each(['E', 'abcdefg'])('a token shorter than 8 characters (%j) is refused as IqProtocolError, and no call is sent with it', async (token) => {
    const api = await serve(cvsOk, (req, res) =>
      req.method === 'DELETE' ? answer(res, 200, JSON_TYPE, '') : answer(res, 200, JSON_TYPE, JSON.stringify({ Data: token })),
    );
    const iq = client(api);
    const err = await failure(iq.getCVs());
    expect(err).toBeInstanceOf(IqProtocolError);
    expect(err.operation).toBe('CreateSession');
    expect(err.message).toContain('shorter than 8 characters');
    expect(api.webapi()).toHaveLength(0);
    await iq.close();
    expect(api.deletes()).toHaveLength(0);
  });

  it('a refused short token does not blank out text: a later error keeps its code whole', async () => {
    let posts = 0;
    const api = await serve(
      (_req, res) => res.socket?.destroy(),
      (_req, res) => answer(res, 200, JSON_TYPE, JSON.stringify({ Data: posts++ === 0 ? 'E' : tokenNo(1) })),
    );
    const iq = client(api);
    expect(await failure(iq.getCVs())).toBeInstanceOf(IqProtocolError);
    const err = await failure(iq.call({ module: 'SO', operation: 'GetSOs' }));
    expect(err).toBeInstanceOf(IqNetworkError);
    expect((err as IqNetworkError).code).toBe('ECONNRESET');
    expect(err.message).toContain('ECONNRESET');
  });

  it('every token the client was ever given stays redacted: ten sessions later, the first is still scrubbed', async () => {
    const issued: string[] = [];
    const signin: Handler = (_req, res) => {
      issued.push(tokenNo(issued.length));
      answer(res, 200, JSON_TYPE, JSON.stringify({ Data: issued.at(-1) }));
    };
    // Nine calls, each refused once (a refresh) and then answered: ten tokens. The tenth call's 500 echoes them all.
    const api = await serve((_req, res, index) => {
      if (index >= 18) return answer(res, 500, JSON_TYPE, JSON.stringify({ code: 500, message: `live: ${issued.join(' ')}` }));
      return index % 2 === 0 ? answer(res, 401, JSON_TYPE, '{"code":401,"message":"expired"}') : cvsOk(_req, res, index);
    }, signin);
    const iq = client(api);
    for (let i = 0; i < 9; i++) await iq.getCVs();
    expect(issued).toHaveLength(10);
    const err = await failure(iq.getCVs());
    expect(err).toBeInstanceOf(IqHttpError);
    expect((err as IqHttpError).vendorMessage).toBe(`live: ${Array(10).fill('[REDACTED]').join(' ')}`);
    for (const token of issued) expect(everything(err)).not.toContain(token);
  });
});

describe('the session POST is replayed only when it surely did not arrive', () => {
  it('a 503 after the POST arrived is not replayed: IqHttpError 503 after 1 POST', async () => {
    const api = await serve(cvsOk, (_req, res) => answer(res, 503, JSON_TYPE, '{"Message":"busy"}'));
    const err = await failure(client(api, { retry: { retries: 2, initialDelayMs: 5 } }).getCVs());
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.status).toBe(503);
    expect(api.sessionPosts()).toHaveLength(1);
  });

  it('a connection reset after the POST arrived is not replayed: IqNetworkError after 1 POST', async () => {
    const api = await serve(cvsOk, (_req, res) => res.socket?.destroy());
    const err = await failure(client(api, { retry: { retries: 2, initialDelayMs: 5 } }).getCVs());
    expect(err).toBeInstanceOf(IqNetworkError);
    expect(api.sessionPosts()).toHaveLength(1);
  });

  it('a 408 (the server did not process it) is replayed, and the call succeeds on one session', async () => {
    let posts = 0;
    const api = await serve(cvsOk, (req, res, index) => (posts++ === 0 ? answer(res, 408, JSON_TYPE, '{"Message":"timeout"}') : issuing()(req, res, index)));
    await expect(client(api, { retry: { retries: 2, initialDelayMs: 5 } }).getCVs()).resolves.toEqual(CVS);
    expect(api.sessionPosts()).toHaveLength(2);
    expect(api.webapi().map((r) => r.headers['iqr-session-token'])).toEqual([tokenNo(0)]);
  });

  describe('through nock (a refused connection)', () => {
    nockInThisBlock();
    const SIGNIN = 'https://signin.iqreseller.test';
    const API = 'https://api.iqreseller.test';

    it('a refused connection is replayed: the POST never reached the vendor', async () => {
      let attempts = 0;
      const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const scope = nock(SIGNIN)
        .post(SESSION_PATH)
        .replyWithError(refused)
        .post(SESSION_PATH)
        .reply(200, { Data: tokenNo(0) }, { 'content-type': JSON_TYPE });
      scope.on('request', () => attempts++);
      nock(API).post('/webapi.svc/CV/JSON/GetCVs').matchHeader('iqr-session-token', tokenNo(0)).reply(200, CVS, { 'content-type': JSON_TYPE });
      const iq = new IqResellerClient({ apiKey: API_KEY, signinUrl: SIGNIN, apiUrl: API, retry: { retries: 1, initialDelayMs: 5 } });
      await expect(iq.getCVs()).resolves.toEqual(CVS);
      expect(attempts).toBe(2);
    });
  });
});

describe('which 404 means an ended session', () => {
  const refusedThenOk =
    (body: string): Handler =>
    (req, res) =>
      req.headers['iqr-session-token'] === tokenNo(0) ? answer(res, 404, JSON_TYPE, body) : cvsOk(req, res, 0);

  it.each([
    ['webapi.svc {code,message}', '{"code":404,"message":"Session not found"}'],
    ["the sign-in host's {Message}", '{"Message":"Session not found."}'],
    ['the message naming the token', `{"code":404,"message":"Session not found: ${tokenNo(0)}"}`],
  ])('the vendor answer (%s) refreshes the session and replays the call', async (_label, body) => {
    const api = await serve(refusedThenOk(body));
    const iq = client(api);
    await expect(iq.getCVs()).resolves.toEqual(CVS);
    expect(api.sessionPosts()).toHaveLength(2);
    expect(api.webapi()).toHaveLength(2);
  });

  it.each([
    ['an operation name holding "Session"', '{"code":404,"message":"No operation GetSessionHistory on module Session"}'],
    ['"Endpoint not found."', '{"code":404,"message":"Endpoint not found."}'],
    ['a record not found in a session module', '{"code":404,"message":"SessionLog 42 not found"}'],
    ['an HTML page titled "Session not found"', '<html><head><title>Session not found</title></head></html>'],
  ])('a 404 with %s is IqNotFoundError: no refresh, no replay', async (_label, body) => {
    const api = await serve(refusedThenOk(body));
    const err = await failure(client(api).getCVs());
    expect(err).toBeInstanceOf(IqNotFoundError);
    expect(err).not.toBeInstanceOf(IqAuthError);
    expect(api.sessionPosts()).toHaveLength(1);
    expect(api.webapi()).toHaveLength(1);
  });
});

describe('close()', () => {
  /** The session handler of a client whose first session ages: DELETEs answered by `onDelete`. */
  function agedSessions(onDelete: (token: string, res: ServerResponse) => void): Handler {
    const issue = issuing();
    return (req, res, index) => (req.method === 'DELETE' ? onDelete(String(req.headers.authorization).slice('Bearer '.length), res) : issue(req, res, index));
  }

  async function ageOneSession(iq: IqResellerClient): Promise<void> {
    await iq.getCVs();
    await new Promise((ok) => setTimeout(ok, 10)); // past maxSessionAgeMs: 5
    await iq.getCVs();
  }

  it('waits for the DELETE of an aged session before it resolves', async () => {
    const events: string[] = [];
    const api = await serve(
      cvsOk,
      agedSessions((token, res) => {
        // The aged session's end is answered well after the current one's.
        const delay = token === tokenNo(0) ? 300 : 0;
        setTimeout(() => {
          events.push(`ended ${token === tokenNo(0) ? 'aged' : 'current'}`);
          answer(res, 200, JSON_TYPE, '');
        }, delay);
      }),
    );
    const iq = client(api, { maxSessionAgeMs: 5 });
    await ageOneSession(iq);
    await iq.close().then(() => events.push('closed'));
    expect(events).toEqual(['ended current', 'ended aged', 'closed']);
  });

  it('a failed DELETE is reported by the first close() only; later ones resolve', async () => {
    const api = await serve(
      cvsOk,
      agedSessions((_token, res) => answer(res, 500, JSON_TYPE, '{"Message":"An error has occurred."}')),
    );
    const iq = client(api);
    await iq.getCVs();
    const [first, second] = await Promise.allSettled([iq.close(), iq.close()]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('rejected'); // the same close, still under way
    const err = (first as PromiseRejectedResult).reason as IqHttpError;
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.operation).toBe('EndSession');
    expect(err.status).toBe(500);
    await expect(iq.close()).resolves.toBeUndefined();
    await expect(iq.close()).resolves.toBeUndefined();
    expect(api.deletes()).toHaveLength(1);
  });

  it("an aged session's failed DELETE does not make close() reject, and its token stays redacted", async () => {
    const api = await serve(
      (req, res, index) => (index === 2 ? answer(res, 500, JSON_TYPE, JSON.stringify({ message: `still live: ${tokenNo(0)}` })) : cvsOk(req, res, index)),
      agedSessions((token, res) => answer(res, token === tokenNo(0) ? 500 : 200, JSON_TYPE, '')),
    );
    const iq = client(api, { maxSessionAgeMs: 5 });
    await ageOneSession(iq);
    await until(() => api.deletes().length === 1, 'the aged DELETE');
    const err = await failure(iq.getCVs());
    expect((err as IqHttpError).vendorMessage).toBe('still live: [REDACTED]');
    await expect(iq.close()).resolves.toBeUndefined();
    expect(api.deletes()[0].headers.authorization).toBe(`Bearer ${tokenNo(0)}`);
    expect(api.deletes().length).toBeGreaterThan(1); // and close() still ended the current session
  });
});

describe("a refusal that is not the session's (the API user lacks the rights for an operation)", () => {
  it('is refreshed once, then not again for that operation: no new session per call, none left open', async () => {
    const api = await serve((req, res) =>
      req.url.includes('/SO/') ? answer(res, 401, JSON_TYPE, JSON.stringify({ code: 401, message: 'Not allowed' })) : cvsOk(req, res, 0),
    );
    const iq = client(api);
    const calls = Array.from({ length: 5 }, () => () => iq.call({ module: 'SO', operation: 'GetSOs' }));
    for (const call of calls) expect(await failure(call())).toBeInstanceOf(IqAuthError);
    // The first call refreshes once (its session may have expired); the later ones see a token already refused while fresh.
    expect(api.sessionPosts()).toHaveLength(2);
    expect(api.webapi()).toHaveLength(6);
    // Other operations go on with the session, and an operation never refused with it still gets its one refresh.
    await expect(iq.getCVs()).resolves.toEqual(CVS);
    expect(api.sessionPosts()).toHaveLength(2);
    await iq.close();
  });
});

it.each([['1000'], [Infinity], [0], [-5], [2 ** 31]])('maxSessionAgeMs %p is refused before anything is sent', (value) => {
  expect(() => new IqResellerClient({ apiKey: API_KEY, maxSessionAgeMs: value as number })).toThrow(
    expect.objectContaining({ name: 'IqValidationError', field: 'maxSessionAgeMs' }),
  );
});
