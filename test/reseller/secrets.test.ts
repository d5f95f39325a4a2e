// The IQ Reseller API key and the session tokens are secrets: whatever the
// service echoes back (in a {code,message}, an HTML title, an XML body, a 401,
// a failing DELETE) and however a call fails (network, timeout, abort,
// validation), neither appears in any error (message, stack, properties,
// cause, inspect, JSON), in the client object, or in anything written to the
// console or to stdout/stderr.
import { inspect } from 'node:util';
import {
  IqAbortError,
  IqAuthError,
  IqError,
  IqHttpError,
  IqNetworkError,
  IqProtocolError,
  IqResellerClient,
  IqTimeoutError,
  IqValidationError,
  type IqResellerOptions,
} from '../../src';
import { captureOutput } from '../support/captured-output';
import { failure, oneServerPerTest, quiet } from '../support/one-server';
import { answer, type Handler, type RecordedRequest } from '../support/scripted-server';
import {
  everySpelling,
  expectNoSecrets,
  htmlDecimalAll,
  htmlEncode,
  htmlHexAll,
  jsonEscape,
  reachableTexts,
  urlEncode,
  urlEncodeLower,
  xmlEscape,
} from '../support/secret-checks';

const SESSION_PATH = '/api/IntegrationAPI/Session';
const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';

interface Secrets {
  label: string;
  key: string;
  /** The first session's token, and the one a refresh gets. */
  token: string;
  token2: string;
}

const PLAIN: Secrets = {
  label: 'a plain key and tokens',
  key: 'IQR-SECRET-APIKEY-5e1d',
  token: 'TOKENSECRET0123456789abcdef012345',
  token2: 'TOKENSECRET2fedcba9876543210fedcb',
};
/** Every character XML, JSON, HTML and URLs escape; nothing a header or the client refuses. */
const ODD: Secrets = {
  label: `a key and tokens with &<>"'+/= in them`,
  key: `IQR-KEY&<>"'+/=5e1d`,
  token: `TOK&<>"'+/=SECRET0123456789abcdef`,
  token2: `TOK2&<>"'+/=SECRETfedcba98765432`,
};
const ALL: Secrets[] = [PLAIN, ODD];

// ---------------------------------------------------------------- looking everywhere

function secretsOf(s: Secrets): Array<[string, string]> {
  return [
    ['the API key', s.key],
    ['the session token', s.token],
    ['the refreshed session token', s.token2],
  ];
}

/** Throws if any spelling of any of the secrets appears in any view of `value`. */
function expectNoSecret(value: unknown, s: Secrets): void {
  expectNoSecrets(value, secretsOf(s), everySpelling, { causeStacks: true });
}

// ---------------------------------------------------------------- console and stdio

const written = captureOutput(
  (text) => {
    for (const s of ALL) expectNoSecret(text, s);
  },
  { decodeUint8Arrays: true },
);

// ---------------------------------------------------------------- the scripted IQ Reseller

const { serve: startServer, closeServer } = oneServerPerTest();

interface Api {
  origin: string;
  requests: RecordedRequest[];
  sessionRequests(): RecordedRequest[];
  webapiRequests(): RecordedRequest[];
}

/** Issues `s.token`, then `s.token2` to every later creation; DELETE answers 200. */
function sessionIssuing(s: Secrets): Handler {
  let created = 0;
  return (req, res) =>
    req.method === 'DELETE'
      ? answer(res, 200, JSON_TYPE, '{"Data":true}')
      : answer(res, 200, JSON_TYPE, JSON.stringify({ Data: created++ === 0 ? s.token : s.token2 }));
}

async function serve(s: Secrets, webapi: Handler, session: Handler = sessionIssuing(s)): Promise<Api> {
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
    sessionRequests: () => requests.filter((r) => r.url.startsWith(SESSION_PATH)),
    webapiRequests: () => requests.filter((r) => r.url.startsWith('/webapi.svc/')),
  };
}

function makeClient(s: Secrets, api: Pick<Api, 'origin'>, options: Partial<IqResellerOptions> = {}): IqResellerClient {
  return new IqResellerClient({ apiKey: s.key, signinUrl: api.origin, apiUrl: api.origin, timeoutMs: 3000, retry: { retries: 0 }, ...options });
}

function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** The three calls of the brief: JSON by getCVs, JSON by call(), XML by call(). */
const CALLS: Array<[string, (client: IqResellerClient, signal?: AbortSignal) => Promise<unknown>]> = [
  ['getCVs()', (c, signal) => c.getCVs(undefined, { signal })],
  ['call SO/GetSOs (JSON)', (c, signal) => c.call({ module: 'SO', operation: 'GetSOs', signal })],
  ['call CV/GetCVs (XML)', (c, signal) => c.call({ module: 'CV', operation: 'GetCVs', method: 'POST', format: 'xml', body: {}, signal })],
];

/** What the vendor would say about a token and a key it refuses. */
const echo = (s: Secrets, token: string) => `Session ${token} for API key ${s.key} is not valid`;
const ECHO_REDACTED = 'Session [REDACTED] for API key [REDACTED] is not valid';

// ---------------------------------------------------------------- the checks themselves

describe('the checks are not vacuous', () => {
  it('console and stream writes are captured', () => {
    console.warn('probe', { nested: 'value' });
    process.stderr.write('stderr probe\n');
    process.stdout.write(Buffer.from('stdout probe\n'));
    expect(written).toEqual(["probe { nested: 'value' }", 'stderr probe\n', 'stdout probe\n']);
    written.length = 0;
  });

  it.each(ALL)('expectNoSecret finds each secret of $label wherever it hides', (s) => {
    expect(() => expectNoSecret(`leaked ${urlEncodeLower(s.key)}`, s)).toThrow(/API key/);
    expect(() => expectNoSecret(new IqError(`x ${s.token}`), s)).toThrow(/appears in message/);
    const nested = new IqHttpError('x', { status: 500, request: { method: 'GET', url: `https://h/?t=${urlEncode(s.token2)}` } });
    expect(() => expectNoSecret(nested, s)).toThrow(/refreshed session token/);
    const hidden = new IqError('x');
    Object.defineProperty(hidden, 'secret', { value: { deep: [htmlEncode(s.key)] }, enumerable: false });
    expect(() => expectNoSecret(hidden, s)).toThrow(/appears in properties/);
    const caused = new IqError('x', { cause: new Error('y', { cause: { note: jsonEscape(s.token) } }) });
    expect(() => expectNoSecret(caused, s)).toThrow(/appears in/);
  });
});

// ---------------------------------------------------------------- per secret set

describe.each(ALL)('IQ Reseller secrecy with $label', (s) => {
  it('the key and the token really go out on the wire (positive control)', async () => {
    const api = await serve(s, (_req, res) => answer(res, 200, JSON_TYPE, '[]'));
    const client = makeClient(s, api);
    await client.getCVs();
    await client.close();
    const [create, call, end] = api.requests;
    expect(JSON.parse(create.body)).toEqual({ APIToken: s.key });
    expect(call.headers['iqr-session-token']).toBe(s.token);
    expect(end.method).toBe('DELETE');
    expect(end.headers.authorization).toBe(`Bearer ${s.token}`);
  });

  describe.each(CALLS)('echoed back to %s', (_name, run) => {
    it.each([
      ['{code,message}', (text: string) => JSON.stringify({ code: 500, message: text })],
      ['.NET {Message}', (text: string) => JSON.stringify({ Message: text, ExceptionMessage: text, StackTrace: text })],
      ['{error}', (text: string) => JSON.stringify({ error: text })],
    ])('in a 500 %s: IqHttpError with the vendor message redacted', async (_label, body) => {
      const api = await serve(s, (req, res) => answer(res, 500, JSON_TYPE, body(echo(s, String(req.headers['iqr-session-token'])))));
      const err = await failure(run(makeClient(s, api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect((err as IqHttpError).vendorMessage).toBe(ECHO_REDACTED);
      expect(err.message).toContain(ECHO_REDACTED);
      expectNoSecret(err, s);
    });

    it.each([
      ['as is', (t: string) => t],
      ['HTML-encoded', htmlEncode],
      ['XML-escaped', xmlEscape],
      ['as decimal character references', htmlDecimalAll],
      ['as hex character references', htmlHexAll],
      ['URL-encoded', urlEncode],
      ["URL-encoded with ' as %27 and lower-case hex", urlEncodeLower],
    ])('%s in the <title> of an HTML 500 page: IqHttpError, redacted', async (_label, encode) => {
      // The first answer echoes the token the call carried, the second the key.
      const api = await serve(s, (req, res, index) => {
        const secret = index === 0 ? String(req.headers['iqr-session-token']) : s.key;
        answer(
          res,
          500,
          'text/html; charset=utf-8',
          `<!DOCTYPE html><html><head><title>Refused ${encode(secret)}</title></head><body><pre>${encode(secret)}\n${req.body}</pre></body></html>`,
        );
      });
      const client = makeClient(s, api);
      for (const secret of [s.token, s.key]) {
        const err = await failure(run(client));
        expect(err).toBeInstanceOf(IqHttpError);
        expect(err.status).toBe(500);
        // A raw '<' ends the title early: then there is no vendorMessage at all, which is fine too.
        if (!encode(secret).includes('<')) expect((err as IqHttpError).vendorMessage).toBe('Refused [REDACTED]');
        expectNoSecret(err, s);
      }
      expect(api.webapiRequests()).toHaveLength(2);
    });

    it('in the <title> of 503 pages through retries: IqHttpError, redacted', async () => {
      const api = await serve(s, (req, res) =>
        answer(
          res,
          503,
          'text/html',
          `<html><head><title>Unavailable for ${htmlEncode(echo(s, String(req.headers['iqr-session-token'])))}</title></head></html>`,
          { 'retry-after': '0' },
        ),
      );
      const err = await failure(run(makeClient(s, api, { retry: { retries: 2, initialDelayMs: 5 } })));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.message).toContain('[REDACTED]');
      expectNoSecret(err, s);
    });

    it('in an XML error body (500, application/xml): IqHttpError without it', async () => {
      const api = await serve(s, (req, res) =>
        answer(
          res,
          500,
          XML_TYPE,
          `<?xml version="1.0"?><Error><Code>500</Code><Message>${xmlEscape(echo(s, String(req.headers['iqr-session-token'])))}</Message></Error>`,
        ),
      );
      const err = await failure(run(makeClient(s, api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expectNoSecret(err, s);
    });

    it('the whole request (headers and body) echoed in a 500 {message}: redacted', async () => {
      const api = await serve(s, (req, res) => answer(res, 500, JSON_TYPE, JSON.stringify({ message: `${JSON.stringify(req.headers)} ${req.body}` })));
      const err = await failure(run(makeClient(s, api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(api.webapiRequests()[0].headers['iqr-session-token']).toBe(s.token);
      expect(err.message).toContain('"iqr-session-token":"[REDACTED]"');
      expectNoSecret(err, s);
    });

    it('in a 401 on the call and on its replay with a fresh session: IqAuthError naming neither token', async () => {
      const api = await serve(s, (req, res) => answer(res, 401, JSON_TYPE, JSON.stringify({ Message: echo(s, String(req.headers['iqr-session-token'])) })));
      const err = await failure(run(makeClient(s, api)));
      expect(err).toBeInstanceOf(IqAuthError);
      expect(api.webapiRequests().map((r) => r.headers['iqr-session-token'])).toEqual([s.token, s.token2]);
      expect((err as IqAuthError).vendorMessage).toBe(ECHO_REDACTED);
      expectNoSecret(err, s);
    });

    it('in the 404 of an ended session, twice: IqAuthError, redacted', async () => {
      const api = await serve(s, (req, res) =>
        answer(res, 404, JSON_TYPE, JSON.stringify({ code: 404, message: `Session not found: ${req.headers['iqr-session-token']}` })),
      );
      const err = await failure(run(makeClient(s, api)));
      expect(err).toBeInstanceOf(IqAuthError);
      expect((err as IqAuthError).vendorMessage).toBe('Session not found: [REDACTED]');
      expectNoSecret(err, s);
    });

    it('in an HTML page with status 200, and in truncated JSON and XML: IqProtocolError without them', async () => {
      const bodies: Array<[string, string]> = [
        ['text/html', `<html><head><title>${htmlEncode(echo(s, s.token))}</title></head></html>`],
        [JSON_TYPE, `{"code":0,"message":"${jsonEscape(echo(s, s.token))}`],
        [XML_TYPE, `<?xml version="1.0"?><ArrayOfCV><CV><name>${xmlEscape(echo(s, s.token))}</name>`],
      ];
      const api = await serve(s, (_req, res, index) => answer(res, 200, bodies[index][0], bodies[index][1]));
      const client = makeClient(s, api);
      for (let i = 0; i < bodies.length; i++) {
        const err = await failure(run(client));
        expect(err).toBeInstanceOf(IqProtocolError);
        expectNoSecret(err, s);
      }
    });

    it('timed out while a body holding them trickles in: IqTimeoutError without them', async () => {
      const api = await serve(s, (_req, res) => {
        res.writeHead(200, { 'content-type': JSON_TYPE });
        res.write(`{"message":"${jsonEscape(echo(s, s.token))}`);
      });
      const err = await failure(run(makeClient(s, api, { timeoutMs: 200 })));
      expect(err).toBeInstanceOf(IqTimeoutError);
      expectNoSecret(err, s);
    });

    it('aborted by a signal whose reason holds them: IqAbortError without them', async () => {
      const api = await serve(s, () => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error(`gave up on ${s.key} ${s.token}`)), 50);
      const errors = [await failure(run(makeClient(s, api), controller.signal))];
      errors.push(await failure(run(makeClient(s, api), AbortSignal.abort(`${s.key} ${s.token}`))));
      for (const err of errors) {
        expect(err).toBeInstanceOf(IqAbortError);
        expectNoSecret(err, s);
      }
    });
  });

  describe('XML-specific echoes (call with format xml)', () => {
    const xmlCall = (c: IqResellerClient) => c.call({ module: 'CV', operation: 'GetCVs', method: 'POST', format: 'xml', body: {} });

    it('a DTD whose entity value holds them: IqProtocolError without them', async () => {
      const body = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "${xmlEscape(echo(s, s.token))}">]><a>&e;</a>`;
      const api = await serve(s, (_req, res) => answer(res, 200, XML_TYPE, body));
      const err = await failure(xmlCall(makeClient(s, api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expectNoSecret(err, s);
    });

    // Only the plain secrets are valid XML names; the parser's message quotes the tag names it trips on.
    if (s === PLAIN)
      it('a malformed document whose tag names are the secrets: IqProtocolError, the quoted names redacted', async () => {
        const bodies = [`<?xml version="1.0"?><${s.token}><x/></${s.key}>`, `<?xml version="1.0"?><a><${s.key}></a>`];
        const api = await serve(s, (_req, res, index) => answer(res, 200, XML_TYPE, bodies[index]));
        const client = makeClient(s, api);
        for (let i = 0; i < bodies.length; i++) {
          const err = await failure(xmlCall(client));
          expect(err).toBeInstanceOf(IqProtocolError);
          expect(err.message).toContain('[REDACTED]');
          expectNoSecret(err, s);
        }
      });
  });

  describe('session creation', () => {
    const ok: Handler = (_req, res) => answer(res, 200, JSON_TYPE, '[]');

    it.each([
      ['a JSON {Message}', JSON_TYPE, (k: string) => JSON.stringify({ Message: `API key ${k} is not valid` }), true],
      ['an HTML title, HTML-encoded', 'text/html', (k: string) => `<html><head><title>API key ${htmlEncode(k)} is not valid</title></head></html>`, true],
      ['an HTML title, URL-encoded', 'text/html', (k: string) => `<html><head><title>API key ${urlEncodeLower(k)} is not valid</title></head></html>`, true],
      ['the request body echoed', JSON_TYPE, (_k: string, body: string) => JSON.stringify({ Message: `bad request ${body}` }), true],
      ['plain text', 'text/plain', (k: string) => `API key ${k} is not valid`, false],
    ])('a 401 echoing the key in %s: IqAuthError saying the key was refused, without it', async (_label, type, body, readable) => {
      const api = await serve(s, ok, (req, res) => answer(res, 401, type, body(s.key, req.body)));
      const err = await failure(makeClient(s, api).getCVs());
      expect(err).toBeInstanceOf(IqAuthError);
      expect(err.message).toMatch(/refused the API key/);
      if (readable) expect((err as IqAuthError).vendorMessage).toContain('[REDACTED]');
      expect(api.webapiRequests()).toHaveLength(0);
      expectNoSecret(err, s);
    });

    it.each([500, 503, 400])('a %i echoing the key and the request: IqHttpError, redacted', async (status) => {
      const api = await serve(s, ok, (req, res) => answer(res, status, JSON_TYPE, JSON.stringify({ message: `key ${s.key} in ${req.body}` })));
      const err = await failure(makeClient(s, api).getCVs());
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.message).toContain('[REDACTED]');
      expectNoSecret(err, s);
    });

    it('an answer that is not a token but echoes the key: IqProtocolError without it', async () => {
      const bodies = [JSON.stringify({ Data: '', Message: s.key }), `{"Data":"${jsonEscape(s.key)}`, JSON.stringify({ Data: `${s.key}\r\n${s.token}` })];
      const api = await serve(s, ok, (_req, res, index) => answer(res, 200, JSON_TYPE, bodies[index]));
      const client = makeClient(s, api);
      for (let i = 0; i < bodies.length; i++) {
        const err = await failure(client.getCVs());
        expect(err).toBeInstanceOf(IqProtocolError);
        expectNoSecret(err, s);
      }
      expect(api.webapiRequests()).toHaveLength(0);
    });

    it('a reset, a timeout and a refused connection: network and timeout errors without them', async () => {
      const reset = await serve(s, ok, (_req, res) => res.socket?.destroy());
      const errors = [await failure(makeClient(s, reset).getCVs())];
      expect(errors[0]).toBeInstanceOf(IqNetworkError);
      await closeServer();

      const silent = await serve(s, ok, () => undefined);
      errors.push(await failure(makeClient(s, silent, { timeoutMs: 200 }).getCVs()));
      expect(errors[1]).toBeInstanceOf(IqTimeoutError);
      await closeServer();

      errors.push(await failure(makeClient(s, silent).getCVs()));
      expect(errors[2]).toBeInstanceOf(IqNetworkError);
      expect((errors[2] as IqNetworkError).code).toBe('ECONNREFUSED');
      for (const err of errors) expectNoSecret(err, s);
    });
  });

  describe('close()', () => {
    const ok: Handler = (_req, res) => answer(res, 200, JSON_TYPE, '[]');
    const failingDelete =
      (status: number, type: string, body: (auth: string) => string): Handler =>
      (req, res) =>
        req.method === 'DELETE'
          ? answer(res, status, type, body(String(req.headers.authorization)))
          : answer(res, 200, JSON_TYPE, JSON.stringify({ Data: s.token }));

    it.each([
      [
        'a 500 {code,message} echoing the Authorization header and the key',
        500,
        JSON_TYPE,
        (auth: string) => JSON.stringify({ code: 500, message: `cannot end ${auth} of key ${s.key}` }),
      ],
      [
        'a 500 HTML page with them in its title',
        500,
        'text/html',
        (auth: string) => `<html><head><title>cannot end ${htmlEncode(auth)} of ${htmlEncode(s.key)}</title></head></html>`,
      ],
      ['a 503 with them in an XML body', 503, XML_TYPE, (auth: string) => `<Error><Message>${xmlEscape(auth)} ${xmlEscape(s.key)}</Message></Error>`],
    ])('the DELETE failing with %s: close() rejects with IqHttpError without them', async (_label, status, type, body) => {
      const api = await serve(s, ok, failingDelete(status, type, body));
      const client = makeClient(s, api);
      await client.getCVs();
      const err = await failure(client.close());
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(status);
      expect(err.operation).toBe('EndSession');
      expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${s.token}`);
      expectNoSecret(err, s);
      expectNoSecret(inspect(client, { showHidden: true, depth: 10 }), s);
    });

    it('the DELETE reset: close() rejects with IqNetworkError without them', async () => {
      const api = await serve(s, ok, (req, res) =>
        req.method === 'DELETE' ? res.socket?.destroy() : answer(res, 200, JSON_TYPE, JSON.stringify({ Data: s.token })),
      );
      const client = makeClient(s, api);
      await client.getCVs();
      const err = await failure(client.close());
      expect(err).toBeInstanceOf(IqNetworkError);
      expectNoSecret(err, s);
    });

    it('calls after close() are refused with an IqValidationError without them', async () => {
      const api = await serve(s, ok);
      const client = makeClient(s, api);
      await client.getCVs();
      await client.close();
      for (const run of CALLS.map(([, r]) => r)) {
        const err = await failure(run(client));
        expect(err).toBeInstanceOf(IqValidationError);
        expectNoSecret(err, s);
      }
    });
  });

  describe('validation errors', () => {
    it('bad calls, some holding the secrets, are refused without them and without sending anything', async () => {
      const api = await serve(s, (_req, res) => answer(res, 200, JSON_TYPE, '[]'));
      const client = makeClient(s, api);
      // A first call, so the client holds the token the inputs below carry.
      await client.getCVs();
      const throwing = {
        toJSON: () => {
          throw new Error(`cannot serialise ${s.key} ${s.token}`);
        },
      };
      const bad: unknown[] = [
        null,
        s.key,
        { module: s.key, operation: 'GetCVs' },
        { module: 'CV', operation: `Get ${s.token}` },
        { module: 'CV', operation: 'GetCVs', format: s.key },
        { module: 'CV', operation: 'GetCVs', method: s.token },
        { module: 'CV', operation: 'GetCVs', method: 'GET', body: { key: s.key } },
        { module: 'CV', operation: 'GetCVs', query: { [s.key]: { token: s.token } } },
        { module: 'CV', operation: 'GetCVs', query: { [s.token]: [s.key] } },
        { module: 'CV', operation: 'GetCVs', method: 'POST', body: throwing },
        { module: 'CV', operation: 'GetCVs', method: 'POST', body: { big: 10n, key: s.key } },
      ];
      for (const input of bad) {
        const err = await failure(client.call(input as never));
        expect(err).toBeInstanceOf(IqValidationError);
        expectNoSecret(err, s);
      }
      // The query key is named in the message and the field: redacted there, not dropped.
      const named = await failure(client.call({ module: 'CV', operation: 'GetCVs', query: { [s.key]: {} as never } }));
      expect((named as IqValidationError).field).toBe('query.[REDACTED]');
      expect(api.requests).toHaveLength(2);
    });

    it('bad paginate options are refused without them', async () => {
      const api = await serve(s, (_req, res) => answer(res, 200, JSON_TYPE, '[]'));
      const client = makeClient(s, api);
      for (const extra of [{ pageSize: -1 }, { pauseMs: 1.5 }, { module: s.key }]) {
        let caught: unknown;
        try {
          for await (const _ of client.paginate({ module: 'SO', operation: 'GetSOs', ...extra })) void _;
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(IqValidationError);
        expectNoSecret(caught, s);
      }
    });

    it.each([
      ['a non-URL string', 'not a url'],
      ['a non-URL string holding the key', `not a url ${ODD.key} ${PLAIN.key}`],
      ['an ftp: URL holding the key', `ftp://iq.example.com/${encodeURIComponent(ODD.key)}/${PLAIN.key}`],
      ['a URL with the key as its password', `https://user:${encodeURIComponent(ODD.key)}${PLAIN.key}@iq.example.com`],
      ['plain http to another host, with the key in the query', `http://iq.example.com/?k=${encodeURIComponent(ODD.key)}${PLAIN.key}`],
      ['an empty url', ''],
    ])('the constructor with %s as signinUrl or apiUrl: IqValidationError without the key', (_label, url) => {
      for (const field of ['signinUrl', 'apiUrl'] as const) {
        const err = thrownBy(() => new IqResellerClient({ apiKey: s.key, [field]: url }));
        expect(err).toBeInstanceOf(IqValidationError);
        expect((err as IqValidationError).field).toBe(field);
        expectNoSecret(err, s);
      }
    });

    it.each([
      ['a bad timeoutMs', { timeoutMs: -1 }, 'timeoutMs'],
      ['a bad maxResponseBytes', { maxResponseBytes: 0 }, 'maxResponseBytes'],
      ['a bad retry.retries', { retry: { retries: 99 } }, 'retry.retries'],
      ['a bad maxSessionAgeMs', { maxSessionAgeMs: 0 }, 'maxSessionAgeMs'],
    ])('the constructor with %s beside the key: IqValidationError without the key', (_label, extra, field) => {
      const err = thrownBy(() => new IqResellerClient({ apiKey: s.key, ...(extra as object) }));
      expect(err).toBeInstanceOf(IqValidationError);
      expect((err as IqValidationError).field).toBe(field);
      expectNoSecret(err, s);
    });

    it.each([
      ['with a leading space', ` ${s.key}`],
      ['with a trailing newline', `${s.key}\n`],
      ['with a tab inside', s.key.replace('-', '\t')],
      ['with a NUL', `${s.key}\u0000`],
    ])('an apiKey %s: IqValidationError without the key', (_label, badKey) => {
      const err = thrownBy(() => new IqResellerClient({ apiKey: badKey }));
      expect(err).toBeInstanceOf(IqValidationError);
      expect((err as IqValidationError).field).toBe('apiKey');
      expectNoSecret(err, s);
      expectNoSecret(err, { ...s, key: badKey });
    });
  });

  it('paginate: a failing page echoing them is IqHttpError without them', async () => {
    const api = await serve(s, (req, res) => answer(res, 500, JSON_TYPE, JSON.stringify({ message: echo(s, String(req.headers['iqr-session-token'])) })));
    const client = makeClient(s, api);
    let caught: unknown;
    try {
      for await (const _ of client.paginate({ module: 'SO', operation: 'GetSOs', pauseMs: 0 })) void _;
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IqHttpError);
    expect((caught as IqHttpError).vendorMessage).toBe(ECHO_REDACTED);
    // The small reads that look for the page base (Page=0..3 of one record, then of two and four): all fail
    // alike, so the walk reports the failure itself.
    expect(api.webapiRequests()).toHaveLength(7);
    expectNoSecret(caught, s);
  });

  it('the client shows neither in inspect, JSON or its properties, before and after calls, failures and close', async () => {
    const api = await serve(s, (req, res, index) =>
      index === 0
        ? answer(res, 200, JSON_TYPE, '[]')
        : answer(res, 500, JSON_TYPE, JSON.stringify({ message: echo(s, String(req.headers['iqr-session-token'])) })),
    );
    const client = makeClient(s, api);
    const check = () => {
      expectNoSecret(inspect(client, { showHidden: true, depth: 10 }), s);
      expectNoSecret(JSON.stringify(client), s);
      expectNoSecret(reachableTexts(client).join('\n'), s);
      expectNoSecret(String(client), s);
    };
    check();
    expect(JSON.parse(JSON.stringify(client))).toEqual({ signinUrl: api.origin, apiUrl: api.origin });
    await client.getCVs();
    check();
    await failure(client.getCVs());
    check();
    await client.close();
    check();
    expect(api.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'DELETE']);
  });
});
