// What IqResellerClient does when IQ Reseller (or something in front of it)
// answers badly, to the session creation or to a webapi.svc call: every hostile
// or broken answer ends as a typed IqError, quickly, without following
// redirects, expanding entities, hanging or leaving the socket open.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import nock from 'nock';
import {
  IqAuthError,
  type IqError,
  IqHttpError,
  IqNetworkError,
  IqNotFoundError,
  IqProtocolError,
  IqResellerClient,
  IqTimeoutError,
  type IqResellerOptions,
} from '../../src';
import { BILLION_LAUGHS, EXTERNAL_ENTITY, IIS_500, IIS_503, INTERNAL_ENTITY, OBJECT_MOVED, PARAMETER_ENTITY } from '../support/hostile-bodies';
import { nockInThisBlock, nockOffOutsideItsBlock } from '../support/nock-in-one-block';
import { recordEvents } from '../support/diagnostics';
import { failure, oneServerPerTest, quiet } from '../support/one-server';
import { answer, type Handler, type RecordedRequest, type ScriptedServer } from '../support/scripted-server';
import { everything } from '../support/secret-checks';

// Only the nock block at the end intercepts; the scripted-server tests talk to a real socket.
nockOffOutsideItsBlock();

const API_KEY = 'hostile-answers-api-key-7c41';
const TOKEN = '3f2a9c0d5e6b47a8b1c2d3e4f5a6b7c8';
const SESSION_PATH = '/api/IntegrationAPI/Session';
const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';
const FIVE_MIB = 5 * 1024 * 1024;
const TEN_MB = 10 * 1024 * 1024;

// ---------------------------------------------------------------- hostile pages

const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><title>IQ Reseller - Sign in</title></head>
<body><form method="post" action="/Account/Login"><input name="user"/></form></body></html>`;

/** A login page as XHTML: an XML prolog first, so it does not start with <html or <!DOCTYPE. */
const XHTML_LOGIN_PAGE = `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>IQ Reseller - Sign in</title></head>
<body><form method="post" action="/Account/Login"><input name="user"/></form></body></html>`;

/** An XML document with a DTD after its prolog, the entity used where a name would be. */
function xmlWithDtd(dtd: string, entityRef: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${dtd}\n<ArrayOfCV><CV><cvid>1</cvid><name>${entityRef}</name></CV></ArrayOfCV>`;
}

// ---------------------------------------------------------------- the calls under test

const CVS_JSON =
  '[{"cvid":1,"name":"Acme & Sons","cvtype":"Customer","isactive":true,"udf1":"x"},{"cvid":2,"name":"Beta Ltd","cvtype":"Vendor","isactive":false,"udf1":null}]';
const SOS_JSON = '[{"soid":10,"status":"Open","total":12.5},{"soid":11,"status":"Closed","total":0}]';
const CVS_XML =
  '<?xml version="1.0" encoding="utf-8"?><ArrayOfCV xmlns="http://schemas.datacontract.org/2004/07/IQR.Models" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">' +
  '<CV><cvid>1</cvid><name>Acme &amp; Sons</name><isactive>true</isactive></CV>' +
  '<CV><cvid>2</cvid><name>Beta Ltd</name><isactive>false</isactive></CV></ArrayOfCV>';

interface Target {
  label: string;
  format: 'json' | 'xml';
  method: 'GET' | 'POST';
  /** The webapi.svc path the call goes to. */
  path: string;
  /** `{Module}/{Operation}`, as errors name it. */
  operation: string;
  /** Replayed after 502/503/504 and network errors without being told. */
  idempotent: boolean;
  /** getCVs refuses an empty answer; call() resolves it to undefined (documented: paginate reads that as the end). */
  emptyResolves: boolean;
  contentType: string;
  /** The other format's type: a valid body served with it is refused. */
  otherType: string;
  success: string;
  expected: unknown;
  run(client: IqResellerClient, extra?: { idempotent?: boolean; signal?: AbortSignal }): Promise<unknown>;
}

const TARGETS: Target[] = [
  {
    label: 'getCVs() (JSON, POST)',
    format: 'json',
    method: 'POST',
    path: '/webapi.svc/CV/JSON/GetCVs',
    operation: 'CV/GetCVs',
    idempotent: true,
    emptyResolves: false,
    contentType: JSON_TYPE,
    otherType: XML_TYPE,
    success: CVS_JSON,
    expected: JSON.parse(CVS_JSON),
    run: (client, extra = {}) => client.getCVs(undefined, { signal: extra.signal }),
  },
  {
    label: "call({module:'SO',operation:'GetSOs'}) (JSON, GET)",
    format: 'json',
    method: 'GET',
    path: '/webapi.svc/SO/JSON/GetSOs',
    operation: 'SO/GetSOs',
    idempotent: true,
    emptyResolves: true,
    contentType: JSON_TYPE,
    otherType: XML_TYPE,
    success: SOS_JSON,
    expected: JSON.parse(SOS_JSON),
    run: (client, extra = {}) => client.call({ module: 'SO', operation: 'GetSOs', ...extra }),
  },
  {
    label: "call({module:'CV',operation:'GetCVs',format:'xml'}) (XML, POST)",
    format: 'xml',
    method: 'POST',
    path: '/webapi.svc/CV/XML/GetCVs',
    operation: 'CV/GetCVs',
    idempotent: false,
    emptyResolves: true,
    contentType: XML_TYPE,
    otherType: JSON_TYPE,
    success: CVS_XML,
    expected: {
      ArrayOfCV: {
        CV: [
          { cvid: '1', name: 'Acme & Sons', isactive: 'true' },
          { cvid: '2', name: 'Beta Ltd', isactive: 'false' },
        ],
      },
    },
    run: (client, extra = {}) => client.call({ module: 'CV', operation: 'GetCVs', method: 'POST', format: 'xml', body: {}, ...extra }),
  },
];

// ---------------------------------------------------------------- the scripted IQ Reseller

interface Api {
  server: ScriptedServer;
  origin: string;
  sessionRequests(): RecordedRequest[];
  webapiRequests(): RecordedRequest[];
  /** The server side of the connection each webapi (or, for session handlers, session) answer went out on. */
  sockets: Socket[];
}

const { serve: startServer } = oneServerPerTest();

const sessionOk: Handler = (req, res) =>
  req.method === 'DELETE' ? answer(res, 200, JSON_TYPE, '{"Data":true}') : answer(res, 200, JSON_TYPE, JSON.stringify({ Data: TOKEN }));

/**
 * One local server for both hosts: `{origin}/api/IntegrationAPI/Session` and
 * `{origin}/webapi.svc/...`. Handlers get their own 0-based request index.
 */
async function serve(webapi: Handler, session: Handler = sessionOk): Promise<Api> {
  const sockets: Socket[] = [];
  let sessions = 0;
  let calls = 0;
  const s = await startServer((req, res) => {
    quiet(res);
    const isSession = req.url.startsWith(SESSION_PATH);
    // The sockets of the answers under test: the session's when its handler is scripted, else webapi's.
    const tracked = session === sessionOk ? !isSession : isSession;
    if (tracked && res.socket) sockets.push(res.socket);
    return isSession ? session(req, res, sessions++) : webapi(req, res, calls++);
  });
  return {
    server: s,
    origin: new URL(s.url).origin,
    sessionRequests: () => s.requests.filter((r) => r.url.startsWith(SESSION_PATH)),
    webapiRequests: () => s.requests.filter((r) => r.url.startsWith('/webapi.svc/')),
    sockets,
  };
}

function makeClient(api: Api, options: Partial<IqResellerOptions> = {}): IqResellerClient {
  return new IqResellerClient({ apiKey: API_KEY, signinUrl: api.origin, apiUrl: api.origin, timeoutMs: 5000, retry: { retries: 0 }, ...options });
}

/** Resolves true once the socket is closed, false if it is still open after `ms`. */
function closedWithin(socket: Socket | undefined, ms: number): Promise<boolean> {
  if (!socket) throw new Error('no socket was recorded');
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Writes `body` one character every 50 ms, for as long as the client listens. */
function trickle(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  let at = 0;
  const timer = setInterval(() => {
    if (at < body.length) res.write(body[at++]);
  }, 50);
  res.on('close', () => clearInterval(timer));
}

/** 10 MB that starts like an answer of the format. */
function bigBody(format: 'json' | 'xml'): Buffer {
  const head = format === 'json' ? '[{"cvid":1,"name":"' : '<?xml version="1.0" encoding="utf-8"?><ArrayOfCV><CV><name>';
  return Buffer.concat([Buffer.from(head), Buffer.alloc(TEN_MB, 'a')]);
}

function sendBig(res: ServerResponse, contentType: string, body: Buffer, declared: boolean): void {
  res.writeHead(200, { 'content-type': contentType, ...(declared && { 'content-length': String(body.length) }) });
  if (declared) {
    res.end(body);
    return;
  }
  for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.subarray(at, at + 64 * 1024));
  res.end();
}

// ---------------------------------------------------------------- webapi.svc answers

describe.each(TARGETS)('IQ Reseller $label: hostile answers from webapi.svc', (target) => {
  const ok: Handler = (_req, res) => answer(res, 200, target.contentType, target.success);

  describe('the baseline the hostile cases differ from', () => {
    it('a well-formed answer resolves to the parsed data, after one session and one call with the token', async () => {
      const api = await serve(ok);
      await expect(target.run(makeClient(api))).resolves.toEqual(target.expected);
      const [create] = api.sessionRequests();
      expect(api.sessionRequests()).toHaveLength(1);
      expect(create.method).toBe('POST');
      expect(JSON.parse(create.body)).toEqual({ APIToken: API_KEY });
      const calls = api.webapiRequests();
      expect(calls).toHaveLength(1);
      expect(calls[0].method).toBe(target.method);
      expect(calls[0].url).toBe(target.path);
      expect(calls[0].headers['iqr-session-token']).toBe(TOKEN);
      expect(calls[0].headers.accept).toBe(target.format === 'json' ? 'application/json' : 'application/xml');
    });

    it('after a good answer the connection stays open (so the socket checks below can fail)', async () => {
      const api = await serve(ok);
      await target.run(makeClient(api));
      expect(api.sockets).toHaveLength(1);
      expect(await closedWithin(api.sockets[0], 300)).toBe(false);
    });
  });

  describe('HTML instead of the contract', () => {
    it('an IIS HTML 500 page is IqHttpError 500 with the <title> as vendorMessage', async () => {
      const api = await serve((_req, res) => answer(res, 500, 'text/html; charset=utf-8', IIS_500));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err).not.toBeInstanceOf(IqAuthError);
      expect(err.status).toBe(500);
      expect((err as IqHttpError).vendorMessage).toBe('500 - Internal server error.');
      expect(err.message).toContain('HTTP 500');
      expect(err.message).not.toContain('<');
      expect(err.operation).toBe(target.operation);
      expect(api.webapiRequests()).toHaveLength(1);
    });

    it('an IIS HTML 503 page is IqHttpError 503 with the <title> as vendorMessage', async () => {
      const api = await serve((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(503);
      expect((err as IqHttpError).vendorMessage).toBe('Service Unavailable');
      expect((err as IqHttpError).retryAfterSeconds).toBeUndefined();
      expect(api.webapiRequests()).toHaveLength(1);
    });

    it.each([
      ['text/html', 'text/html; charset=utf-8', LOGIN_PAGE],
      ['no content type', undefined, LOGIN_PAGE],
      ['the expected content type', 'expected', LOGIN_PAGE],
      ['application/xhtml+xml, with an XML prolog', 'application/xhtml+xml; charset=utf-8', XHTML_LOGIN_PAGE],
      ['the expected content type, as XHTML with an XML prolog', 'expected', XHTML_LOGIN_PAGE],
    ])('an HTML login page with status 200 served as %s is IqProtocolError', async (_label, type, page) => {
      const api = await serve((_req, res) => answer(res, 200, type === 'expected' ? target.contentType : type, page));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.status).toBe(200);
      expect(err.message).not.toContain('<form');
    });
  });

  describe('empty, truncated and malformed bodies', () => {
    it.each([
      ['empty', ''],
      ['whitespace only', ' \r\n\t '],
    ])('an %s 200 body is IqProtocolError: a broken answer, not an empty one', async (_label, body) => {
      const api = await serve((_req, res) => answer(res, 200, target.contentType, body));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err).toMatchObject({ status: 200, operation: expect.stringContaining('/') });
      expect(api.webapiRequests()).toHaveLength(1);
    });

    if (target.emptyResolves) {
      it('a 204 No Content resolves to undefined', async () => {
        const api = await serve((_req, res) => answer(res, 204, undefined, ''));
        await expect(target.run(makeClient(api))).resolves.toBeUndefined();
      });
    }

    it.each([0.1, 0.5, 0.95])(`a ${target.format.toUpperCase()} success body truncated to %p of its length is IqProtocolError`, async (fraction) => {
      const body = target.success.slice(0, Math.floor(target.success.length * fraction));
      const api = await serve((_req, res) => answer(res, 200, target.contentType, body));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toMatch(target.format === 'json' ? /JSON/ : /well-formed/);
    });

    it.each([
      ['a bare word', 'Success'],
      ['the other format', 'other'],
    ])('%s with no content type is IqProtocolError', async (_label, body) => {
      const text = body === 'other' ? (target.format === 'json' ? CVS_XML : CVS_JSON) : body;
      const api = await serve((_req, res) => answer(res, 200, undefined, text));
      expect(await failure(target.run(makeClient(api)))).toBeInstanceOf(IqProtocolError);
    });
  });

  // The DTD cases only make sense where the client reads XML.
  if (target.format === 'xml')
    describe('DTDs: no entity is declared, expanded or fetched', () => {
      it('a DOCTYPE with an internal entity is IqProtocolError, and the entity is not expanded', async () => {
        const api = await serve((_req, res) => answer(res, 200, XML_TYPE, xmlWithDtd(INTERNAL_ENTITY('ArrayOfCV'), '&vendor;')));
        const err = await failure(target.run(makeClient(api)));
        expect(err).toBeInstanceOf(IqProtocolError);
        expect(err.message).toMatch(/DTD/);
        expect(everything(err)).not.toContain('expanded-internal-entity');
      });

      it('a billion-laughs DOCTYPE is IqProtocolError, promptly', async () => {
        const api = await serve((_req, res) => answer(res, 200, XML_TYPE, xmlWithDtd(BILLION_LAUGHS('ArrayOfCV'), '&lol9;')));
        const err = await failure(target.run(makeClient(api)));
        expect(err).toBeInstanceOf(IqProtocolError);
        // Refused before any parsing: nothing is expanded.
        expect(err.message).toContain('DTD');
        expect(everything(err)).not.toContain('lollol');
      });

      it.each([
        ['an external SYSTEM entity', EXTERNAL_ENTITY, '&xxe;'],
        ['an external parameter entity', PARAMETER_ENTITY, ''],
      ])('%s pointing at file:///etc/passwd is IqProtocolError and no file content leaks', async (_label, dtd, ref) => {
        const api = await serve((_req, res) => answer(res, 200, XML_TYPE, xmlWithDtd(dtd('ArrayOfCV'), ref)));
        const err = await failure(target.run(makeClient(api)));
        expect(err).toBeInstanceOf(IqProtocolError);
        const all = everything(err);
        expect(all).not.toContain('root:');
        expect(all).not.toMatch(/\/bin\/(ba)?sh/);
      });

      it('a DTD without a DOCTYPE (a bare <!ENTITY>) is refused too', async () => {
        const body = '<?xml version="1.0"?><!ENTITY xxe SYSTEM "file:///etc/passwd"><ArrayOfCV><CV><name>&xxe;</name></CV></ArrayOfCV>';
        const api = await serve((_req, res) => answer(res, 200, XML_TYPE, body));
        const err = await failure(target.run(makeClient(api)));
        expect(err).toBeInstanceOf(IqProtocolError);
        expect(everything(err)).not.toContain('root:');
      });

      it('an external entity in an error page title (HTTP 500) is IqHttpError and is not expanded', async () => {
        const body = `<?xml version="1.0"?>\n${EXTERNAL_ENTITY('html')}\n<html><head><title>&xxe;</title></head></html>`;
        const api = await serve((_req, res) => answer(res, 500, XML_TYPE, body));
        const err = await failure(target.run(makeClient(api)));
        expect(err).toBeInstanceOf(IqHttpError);
        expect(err.status).toBe(500);
        expect((err as IqHttpError).vendorMessage).toBe('&xxe;');
        expect(everything(err)).not.toContain('root:');
      });
    });

  describe('wrong content types', () => {
    it(`a valid ${target.format.toUpperCase()} body served as text/html is IqProtocolError naming text/html`, async () => {
      const api = await serve((_req, res) => answer(res, 200, 'text/html; charset=utf-8', target.success));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toContain('HTML');
    });

    it(`${target.format.toUpperCase()} asked but ${target.otherType.split(';')[0]} answered (valid body) is IqProtocolError naming the type`, async () => {
      const api = await serve((_req, res) => answer(res, 200, target.otherType, target.success));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toContain(target.otherType.split(';')[0]);
    });

    it(`${target.format.toUpperCase()} asked, the other format answered under its own type, is IqProtocolError`, async () => {
      const body = target.format === 'json' ? CVS_XML : CVS_JSON;
      const api = await serve((_req, res) => answer(res, 200, target.otherType, body));
      expect(await failure(target.run(makeClient(api)))).toBeInstanceOf(IqProtocolError);
    });

    it('text/plain with a valid body is IqProtocolError', async () => {
      const api = await serve((_req, res) => answer(res, 200, 'text/plain; charset=utf-8', target.success));
      expect(await failure(target.run(makeClient(api)))).toBeInstanceOf(IqProtocolError);
    });

    it('no content type with a valid body is tolerated: resolves', async () => {
      const api = await serve((_req, res) => answer(res, 200, undefined, target.success));
      await expect(target.run(makeClient(api))).resolves.toEqual(target.expected);
    });

    it('the content type in upper case with parameters is still the expected format: resolves', async () => {
      const type = target.format === 'json' ? 'Application/JSON; Charset=UTF-8' : 'TEXT/XML; charset=utf-8';
      const api = await serve((_req, res) => answer(res, 200, type, target.success));
      await expect(target.run(makeClient(api))).resolves.toEqual(target.expected);
    });
  });

  describe('size and time limits; the socket is closed behind them', () => {
    it.each([
      ['with a declared Content-Length', true],
      ['chunked (no Content-Length)', false],
    ])('a 10 MB body %s is IqProtocolError (default limit 5 MiB) and its socket is closed', async (_label, declared) => {
      const body = bigBody(target.format);
      const api = await serve((_req, res) => sendBig(res, target.contentType, body, declared));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toContain(`larger than ${FIVE_MIB} bytes`);
      expect(api.sockets).toHaveLength(1);
      expect(await closedWithin(api.sockets[0], 1000)).toBe(true);
    });

    it('maxResponseBytes is honoured: a 2 KB answer over a 1 KB limit is IqProtocolError', async () => {
      const body =
        target.format === 'json'
          ? JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ cvid: i, name: `CV number ${i}` })))
          : CVS_XML.replace('</ArrayOfCV>', `<CV><name>${'x'.repeat(2048)}</name></CV></ArrayOfCV>`);
      expect(Buffer.byteLength(body)).toBeGreaterThan(1024);
      const api = await serve((_req, res) => answer(res, 200, target.contentType, body));
      const err = await failure(target.run(makeClient(api, { maxResponseBytes: 1024 })));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toContain('larger than 1024 bytes');
    });

    it('a body that trickles slower than timeoutMs: 300 is IqTimeoutError for that attempt, not retried, and its socket is closed', async () => {
      const api = await serve((_req, res) => trickle(res, target.contentType, target.success));
      const err = await failure(target.run(makeClient(api, { timeoutMs: 300, retry: { retries: 2, initialDelayMs: 10 } })));
      expect(err).toBeInstanceOf(IqTimeoutError);
      expect(err).toMatchObject({ timeoutMs: 300, message: expect.stringContaining('timed out after 300 ms') });
      expect(api.webapiRequests()).toHaveLength(1);
      expect(await closedWithin(api.sockets[0], 1000)).toBe(true);
    });

    it('a server that never answers is IqTimeoutError and its socket is closed', async () => {
      const api = await serve(() => undefined);
      const err = await failure(target.run(makeClient(api, { timeoutMs: 300 })));
      expect(err).toBeInstanceOf(IqTimeoutError);
      expect(err).toMatchObject({ timeoutMs: 300 });
      expect(await closedWithin(api.sockets[0], 1000)).toBe(true);
    });
  });

  describe('broken connections', () => {
    it('the socket destroyed before any answer is IqNetworkError with a connection code', async () => {
      const api = await serve((_req, res) => res.socket?.destroy());
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqNetworkError);
      expect((err as IqNetworkError).code).toMatch(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/);
      expect(err.message).toContain('127.0.0.1');
      expect(api.webapiRequests()).toHaveLength(1);
    });

    it(
      target.idempotent
        ? 'a reset is replayed (the call is idempotent) and the replay can succeed'
        : 'a reset is not replayed (a POST is not idempotent unless told)',
      async () => {
        const api = await serve((req, res, index) => (index === 0 ? res.socket?.destroy() : ok(req, res, index)));
        const client = makeClient(api, { retry: { retries: 1, initialDelayMs: 10 } });
        if (target.idempotent) {
          await expect(target.run(client)).resolves.toEqual(target.expected);
          expect(api.webapiRequests()).toHaveLength(2);
          expect(api.webapiRequests()[1].body).toBe(api.webapiRequests()[0].body);
        } else {
          expect(await failure(target.run(client))).toBeInstanceOf(IqNetworkError);
          expect(api.webapiRequests()).toHaveLength(1);
        }
      },
    );

    it.each([
      ['with a Content-Length', true],
      ['chunked', false],
    ])('the socket destroyed mid-body (%s) is an IqError, not a hang', async (_label, declared) => {
      const api = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': target.contentType, ...(declared && { 'content-length': String(Buffer.byteLength(target.success)) }) });
        res.write(target.success.slice(0, Math.floor(target.success.length / 2)));
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const err = await failure(target.run(makeClient(api, { timeoutMs: 3000 })));
      // The broken connection ends the call, not the 3 s timeout.
      expect(err instanceof IqNetworkError || err instanceof IqProtocolError).toBe(true);
    });
  });

  describe('statuses: retries, Retry-After, redirects, vendor errors', () => {
    const retryAfterZeroTwice: Handler = (req, res, index) =>
      index < 2 ? answer(res, 503, 'text/html; charset=us-ascii', IIS_503, { 'retry-after': '0' }) : ok(req, res, index);

    if (target.idempotent) {
      it('503 with Retry-After: 0 twice, then success: resolves after 3 calls, without the backoff wait, on one session', async () => {
        const api = await serve(retryAfterZeroTwice);
        const recorder = recordEvents();
        try {
          await expect(target.run(makeClient(api, { retry: { retries: 2 } }))).resolves.toEqual(target.expected);
        } finally {
          recorder.stop();
        }
        // Retry-After: 0 means now, not the default backoff (500 ms, doubled).
        const retries = recorder.attempts().filter((a) => a.attempt > 1);
        expect(retries.map((a) => [a.retryReason, a.retryDelayMs])).toEqual([
          ['HTTP 503', 0],
          ['HTTP 503', 0],
        ]);
        expect(api.webapiRequests()).toHaveLength(3);
        expect(api.sessionRequests()).toHaveLength(1);
        expect(new Set(api.webapiRequests().map((r) => r.headers['iqr-session-token']))).toEqual(new Set([TOKEN]));
      });
    } else {
      it('503 with Retry-After: 0 is not replayed for a POST (IqHttpError 503 after 1 call), but is with idempotent: true', async () => {
        const api = await serve(retryAfterZeroTwice);
        const client = makeClient(api, { retry: { retries: 2 } });
        const err = await failure(target.run(client));
        expect(err).toBeInstanceOf(IqHttpError);
        expect(err.status).toBe(503);
        expect((err as IqHttpError).retryAfterSeconds).toBe(0);
        expect(api.webapiRequests()).toHaveLength(1);
        await expect(target.run(client, { idempotent: true })).resolves.toEqual(target.expected);
        expect(api.webapiRequests()).toHaveLength(3);
        expect(api.sessionRequests()).toHaveLength(1);
      });
    }

    it('503 with Retry-After: 120 (over maxRetryAfterMs) is IqHttpError 503 with retryAfterSeconds 120 after exactly 1 call', async () => {
      const api = await serve((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503, { 'retry-after': '120' }));
      const err = await failure(target.run(makeClient(api, { retry: { retries: 2, initialDelayMs: 10 } }), { idempotent: true }));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(503);
      expect((err as IqHttpError).retryAfterSeconds).toBe(120);
      expect(api.webapiRequests()).toHaveLength(1);
    });

    it.each([302, 307, 308])('a %i redirect is not followed: IqHttpError with that status after 1 request', async (status) => {
      const api = await serve((req, res, index) =>
        req.url.includes('elsewhere')
          ? ok(req, res, index)
          : answer(res, status, 'text/html; charset=utf-8', OBJECT_MOVED, { location: '/webapi.svc/elsewhere' }),
      );
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(status);
      expect((err as IqHttpError).vendorMessage).toBe('Object moved');
      expect(api.server.requests.map((r) => r.url)).toEqual([SESSION_PATH, target.path]);
    });

    it.each([
      ['{code,message}', '{"code":500,"message":"Object reference not set to an instance of an object."}'],
      ['.NET {Message}', '{"Message":"Object reference not set to an instance of an object."}'],
    ])('a 500 %s JSON body is IqHttpError 500 with the vendor message', async (_label, body) => {
      const api = await serve((_req, res) => answer(res, 500, JSON_TYPE, body));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(500);
      expect((err as IqHttpError).vendorMessage).toBe('Object reference not set to an instance of an object.');
      expect(err.message).toContain('Object reference not set');
      expect(api.webapiRequests()).toHaveLength(1);
    });

    it('a 500 whose JSON body holds no message is IqHttpError 500 without a vendorMessage', async () => {
      const api = await serve((_req, res) => answer(res, 500, JSON_TYPE, '{"code":500}'));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(500);
      expect((err as IqHttpError).vendorMessage).toBeUndefined();
    });

    it('a 404 without "session" in it is IqNotFoundError, not a session refresh', async () => {
      const api = await serve((_req, res) => answer(res, 404, JSON_TYPE, '{"code":404,"message":"Endpoint not found."}'));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqNotFoundError);
      expect((err as IqNotFoundError).vendorMessage).toBe('Endpoint not found.');
      expect(api.sessionRequests()).toHaveLength(1);
      expect(api.webapiRequests()).toHaveLength(1);
    });

    it('a 401 on the call and on its replay with a fresh session is IqAuthError after exactly 2 sessions and 2 calls', async () => {
      const api = await serve((_req, res) => answer(res, 401, JSON_TYPE, '{"Message":"Authorization has been denied for this request."}'));
      const err = await failure(target.run(makeClient(api)));
      expect(err).toBeInstanceOf(IqAuthError);
      expect(err.status).toBe(401);
      expect((err as IqAuthError).vendorMessage).toBe('Authorization has been denied for this request.');
      expect(api.sessionRequests()).toHaveLength(2);
      expect(api.webapiRequests()).toHaveLength(2);
    });
  });
});

// ---------------------------------------------------------------- session creation answers

describe.each(TARGETS)('IQ Reseller $label: hostile answers to the session creation', (target) => {
  /** Every case below must stop at the session: nothing reaches webapi.svc. */
  async function failsAtSession(session: Handler, options: Partial<IqResellerOptions> = {}): Promise<{ err: IqError; api: Api }> {
    const api = await serve((_req, res) => answer(res, 200, target.contentType, target.success), session);
    const err = await failure(target.run(makeClient(api, options)));
    expect(api.webapiRequests()).toHaveLength(0);
    expect(err.operation).toBe('CreateSession');
    expect(everything(err)).not.toContain(API_KEY);
    return { err, api };
  }

  it('an IIS HTML 503 page is IqHttpError 503 with the <title>', async () => {
    const { err, api } = await failsAtSession((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503));
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.status).toBe(503);
    expect((err as IqHttpError).vendorMessage).toBe('Service Unavailable');
    expect(api.sessionRequests()).toHaveLength(1);
  });

  it('an IIS HTML 503 page is not replayed (the POST reached the server; a replay could open a second session): IqHttpError 503 after 1 request', async () => {
    const { err, api } = await failsAtSession((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503), {
      retry: { retries: 2, initialDelayMs: 5 },
    });
    expect(err.status).toBe(503);
    expect(api.sessionRequests()).toHaveLength(1);
  });

  it('a 429 is replayed (the vendor says it did not process it), and the call then succeeds on one session', async () => {
    const api = await serve(
      (_req, res) => answer(res, 200, target.contentType, target.success),
      (req, res, index) => (index === 0 ? answer(res, 429, JSON_TYPE, '{"Message":"Too many requests"}', { 'retry-after': '0' }) : sessionOk(req, res, index)),
    );
    await expect(target.run(makeClient(api, { retry: { retries: 2, initialDelayMs: 5 } }))).resolves.toEqual(target.expected);
    expect(api.sessionRequests()).toHaveLength(2);
    expect(api.webapiRequests()).toHaveLength(1);
  });

  it('an IIS HTML 500 page is IqHttpError 500 with the <title>', async () => {
    const { err } = await failsAtSession((_req, res) => answer(res, 500, 'text/html; charset=utf-8', IIS_500));
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.status).toBe(500);
    expect((err as IqHttpError).vendorMessage).toBe('500 - Internal server error.');
  });

  it.each([
    ['an HTML login page', 'text/html; charset=utf-8', LOGIN_PAGE],
    ['an empty body', JSON_TYPE, ''],
    ['truncated JSON', JSON_TYPE, `{"Data":"${TOKEN.slice(0, 10)}`],
    ['{"Data":""}', JSON_TYPE, '{"Data":""}'],
    ['{"Data":"   "}', JSON_TYPE, '{"Data":"   "}'],
    ['{"Data":null}', JSON_TYPE, '{"Data":null}'],
    ['{"Data":42}', JSON_TYPE, '{"Data":42}'],
    ['{"Data":["…"]}', JSON_TYPE, `{"Data":["${TOKEN}"]}`],
    ['{"Data":{"Token":"…"}}', JSON_TYPE, `{"Data":{"Token":"${TOKEN}"}}`],
    ['{} (no Data)', JSON_TYPE, '{}'],
    ['null', JSON_TYPE, 'null'],
    ['[]', JSON_TYPE, '[]'],
    ['a bare JSON string', JSON_TYPE, `"${TOKEN}"`],
    ['a token with CR LF (header injection)', JSON_TYPE, JSON.stringify({ Data: `${TOKEN}\r\nx-injected: 1` })],
    ['a token with characters no header can carry', JSON_TYPE, JSON.stringify({ Data: `${TOKEN}€` })],
    ['an XML session answer', XML_TYPE, `<?xml version="1.0"?><Session><Data>${TOKEN}</Data></Session>`],
  ])('%s with status 200 is IqProtocolError', async (_label, type, body) => {
    const { err, api } = await failsAtSession((_req, res) => answer(res, 200, type, body));
    expect(err).toBeInstanceOf(IqProtocolError);
    expect(err.status).toBe(200);
    expect(api.sessionRequests()).toHaveLength(1);
  });

  it.each([
    ['a JSON {Message}', JSON_TYPE, '{"Message":"Authorization has been denied for this request."}', 'Authorization has been denied for this request.'],
    [
      'an HTML page',
      'text/html; charset=utf-8',
      '<html><head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head></html>',
      '401 - Unauthorized: Access is denied due to invalid credentials.',
    ],
    ['an empty body', undefined, '', undefined],
  ])('a 401 with %s is IqAuthError saying the API key was refused, without the key, and is not retried', async (_label, type, body, vendorMessage) => {
    const { err, api } = await failsAtSession((_req, res) => answer(res, 401, type, body), { retry: { retries: 2, initialDelayMs: 5 } });
    expect(err).toBeInstanceOf(IqAuthError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/refused the API key/);
    expect((err as IqAuthError).vendorMessage).toBe(vendorMessage);
    expect(api.sessionRequests()).toHaveLength(1);
  });

  it.each([
    [403, IqHttpError],
    [404, IqNotFoundError],
  ])('a %i is the matching IqHttpError', async (status, type) => {
    const { err } = await failsAtSession((_req, res) => answer(res, status, JSON_TYPE, '{"message":"nope"}'));
    expect(err).toBeInstanceOf(type);
    expect(err.status).toBe(status);
    expect((err as IqHttpError).vendorMessage).toBe('nope');
  });

  it('a 302 to another place is IqHttpError 302 and is not followed (the key would go with it)', async () => {
    const { err, api } = await failsAtSession((req, res) =>
      req.url.includes('elsewhere')
        ? answer(res, 200, JSON_TYPE, JSON.stringify({ Data: TOKEN }))
        : answer(res, 302, 'text/html; charset=utf-8', OBJECT_MOVED, { location: `${SESSION_PATH}/elsewhere` }),
    );
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.status).toBe(302);
    expect(api.server.requests).toHaveLength(1);
  });

  it('503 with Retry-After: 120 is IqHttpError 503 with retryAfterSeconds 120 after 1 request', async () => {
    const { err, api } = await failsAtSession((_req, res) => answer(res, 503, 'text/html', IIS_503, { 'retry-after': '120' }), {
      retry: { retries: 2, initialDelayMs: 5 },
    });
    expect((err as IqHttpError).retryAfterSeconds).toBe(120);
    expect(api.sessionRequests()).toHaveLength(1);
  });

  it('a reset is IqNetworkError', async () => {
    const { err } = await failsAtSession((_req, res) => res.socket?.destroy());
    expect(err).toBeInstanceOf(IqNetworkError);
    expect((err as IqNetworkError).code).toMatch(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/);
  });

  it('a reset after the POST arrived is not replayed (it may have opened a session): IqNetworkError after 1 request; the next call succeeds', async () => {
    const api = await serve(
      (_req, res) => answer(res, 200, target.contentType, target.success),
      (req, res, index) => (index === 0 ? res.socket?.destroy() : sessionOk(req, res, index)),
    );
    const client = makeClient(api, { retry: { retries: 2, initialDelayMs: 5 } });
    expect(await failure(target.run(client))).toBeInstanceOf(IqNetworkError);
    expect(api.sessionRequests()).toHaveLength(1);
    await expect(target.run(client)).resolves.toEqual(target.expected);
    expect(api.sessionRequests()).toHaveLength(2);
    expect(api.webapiRequests()).toHaveLength(1);
  });

  it('a body that trickles slower than timeoutMs is IqTimeoutError for that attempt, and its socket is closed', async () => {
    const { err, api } = await failsAtSession((_req, res) => trickle(res, JSON_TYPE, JSON.stringify({ Data: TOKEN })), { timeoutMs: 300 });
    expect(err).toBeInstanceOf(IqTimeoutError);
    expect(err).toMatchObject({ timeoutMs: 300 });
    expect(await closedWithin(api.sockets[0], 1000)).toBe(true);
  });

  it('a 10 MB answer is IqProtocolError, and its socket is closed', async () => {
    const body = Buffer.concat([Buffer.from('{"Data":"'), Buffer.alloc(TEN_MB, 'a')]);
    const { err, api } = await failsAtSession((_req, res) => sendBig(res, JSON_TYPE, body, false));
    expect(err).toBeInstanceOf(IqProtocolError);
    expect(err.message).toContain(`larger than ${FIVE_MIB} bytes`);
    expect(await closedWithin(api.sockets[0], 1000)).toBe(true);
  });

  it('a token no header can carry is not kept either: the next call gets a good session and succeeds', async () => {
    const api = await serve(
      (_req, res) => answer(res, 200, target.contentType, target.success),
      (req, res, index) => (index === 0 ? answer(res, 200, JSON_TYPE, JSON.stringify({ Data: `${TOKEN}\r\nx-injected: 1` })) : sessionOk(req, res, index)),
    );
    const client = makeClient(api);
    expect(await failure(target.run(client))).toBeInstanceOf(IqProtocolError);
    await expect(target.run(client)).resolves.toEqual(target.expected);
    expect(api.webapiRequests().map((r) => r.headers['iqr-session-token'])).toEqual([TOKEN]);
  });

  it('a failed creation is not kept: the next call creates a session and succeeds', async () => {
    const api = await serve(
      (_req, res) => answer(res, 200, target.contentType, target.success),
      (req, res, index) => (index === 0 ? answer(res, 200, JSON_TYPE, '{"Data":""}') : sessionOk(req, res, index)),
    );
    const client = makeClient(api);
    expect(await failure(target.run(client))).toBeInstanceOf(IqProtocolError);
    await expect(target.run(client)).resolves.toEqual(target.expected);
    expect(api.sessionRequests()).toHaveLength(2);
    expect(api.webapiRequests()).toHaveLength(1);
    expect(client.sessionsCreated).toBe(1);
  });
});

// ---------------------------------------------------------------- nock

describe('IQ Reseller: failures only a mock can produce (nock)', () => {
  const SIGNIN = 'https://signin.iqreseller.test';
  const API = 'https://api.iqreseller.test';
  const SOS = [{ soid: 10 }];

  nockInThisBlock();

  const nocked = (retry = { retries: 1, initialDelayMs: 5 }) => new IqResellerClient({ apiKey: API_KEY, signinUrl: SIGNIN, apiUrl: API, retry });
  const session = () => nock(SIGNIN).post(SESSION_PATH, { APIToken: API_KEY }).reply(200, { Data: TOKEN }, { 'content-type': JSON_TYPE });
  const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  it('an ECONNRESET on the first attempt of a safe GET is replayed: resolves after 2 attempts', async () => {
    const sessionScope = session();
    let attempts = 0;
    const scope = nock(API)
      .get('/webapi.svc/SO/JSON/GetSOs')
      .replyWithError(reset())
      .get('/webapi.svc/SO/JSON/GetSOs')
      .matchHeader('iqr-session-token', TOKEN)
      .reply(200, SOS, { 'content-type': JSON_TYPE });
    scope.on('request', () => attempts++);
    await expect(nocked().call({ module: 'SO', operation: 'GetSOs' })).resolves.toEqual(SOS);
    expect(attempts).toBe(2);
    expect(scope.isDone()).toBe(true);
    expect(sessionScope.isDone()).toBe(true);
  });

  it('an ECONNRESET on a POST that was not declared idempotent is not replayed: IqNetworkError after 1 attempt', async () => {
    session();
    let attempts = 0;
    const scope = nock(API)
      .post('/webapi.svc/CV/XML/GetCVs')
      .replyWithError(reset())
      .post('/webapi.svc/CV/XML/GetCVs')
      .reply(200, CVS_XML, { 'content-type': XML_TYPE });
    scope.on('request', () => attempts++);
    const err = await failure(nocked().call({ module: 'CV', operation: 'GetCVs', method: 'POST', format: 'xml', body: {} }));
    expect(err).toBeInstanceOf(IqNetworkError);
    expect((err as IqNetworkError).code).toBe('ECONNRESET');
    expect(err.message).toContain('api.iqreseller.test');
    expect(attempts).toBe(1);
    expect(scope.isDone()).toBe(false);
  });

  it('an ECONNRESET on the session creation is not replayed (the POST may have opened a session): IqNetworkError after 1 attempt', async () => {
    let attempts = 0;
    const scope = nock(SIGNIN).post(SESSION_PATH).replyWithError(reset()).post(SESSION_PATH).reply(200, { Data: TOKEN }, { 'content-type': JSON_TYPE });
    scope.on('request', () => attempts++);
    const api = nock(API)
      .post('/webapi.svc/CV/JSON/GetCVs')
      .reply(200, [{ cvid: 1 }], { 'content-type': JSON_TYPE });
    const err = await failure(nocked().getCVs());
    expect(err).toBeInstanceOf(IqNetworkError);
    expect(err.operation).toBe('CreateSession');
    expect(attempts).toBe(1);
    expect(api.isDone()).toBe(false);
  });

  // undici's Response refuses statuses above 599, so 999 cannot reach the client; 599 is the odd one instead.
  it.each([418, 599])('an odd status %i from webapi.svc is IqHttpError with that status, not retried', async (status) => {
    session();
    let attempts = 0;
    const scope = nock(API).get('/webapi.svc/SO/JSON/GetSOs').times(3).reply(status, '', { 'content-type': 'text/plain' });
    scope.on('request', () => attempts++);
    const err = await failure(nocked({ retries: 2, initialDelayMs: 5 }).call({ module: 'SO', operation: 'GetSOs' }));
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err).not.toBeInstanceOf(IqAuthError);
    expect(err.status).toBe(status);
    expect(err.message).toContain(String(status));
    expect(attempts).toBe(1);
  });

  it.each([418, 599])('an odd status %i from the session creation is IqHttpError with that status', async (status) => {
    nock(SIGNIN).post(SESSION_PATH).reply(status, '', { 'content-type': 'text/plain' });
    const err = await failure(nocked().getCVs());
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.status).toBe(status);
    expect(err.operation).toBe('CreateSession');
  });

  it('a request nock does not match is refused (no real network), as IqNetworkError', async () => {
    const err = await failure(nocked({ retries: 0, initialDelayMs: 5 }).getCVs());
    expect(err).toBeInstanceOf(IqNetworkError);
  });
});
