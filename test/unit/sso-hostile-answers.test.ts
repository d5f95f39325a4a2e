// What the SSO client does when the service (or something in front of it)
// answers badly: every hostile or broken answer ends as a typed IqError,
// quickly, without following redirects, expanding entities or hanging.
import nock from 'nock';
import {
  IqAbortError,
  IqFaultError,
  IqHttpError,
  IqNetworkError,
  IqProtocolError,
  IqSoapFaultError,
  IqSsoError,
  IqTimeoutError,
  PrintIqSsoClient,
  type PrintIqSsoOptions,
  type SsoTransportName,
} from '../../src';
import { BILLION_LAUGHS, EXTERNAL_ENTITY, IIS_500, IIS_503, INTERNAL_ENTITY, OBJECT_MOVED } from '../support/hostile-bodies';
import { nockInThisBlock, nockOffOutsideItsBlock } from '../support/nock-in-one-block';
import { failure, oneServerPerTest, quiet } from '../support/one-server';
import { recordEvents } from '../support/diagnostics';
import { answer } from '../support/scripted-server';
import { everything } from '../support/secret-checks';

// Only the nock block below intercepts; the scripted-server tests talk to a real socket.
nockOffOutsideItsBlock();

const APP_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';

// ---------------------------------------------------------------- wire forms

const SOAP12_TYPE = 'application/soap+xml; charset=utf-8';
const SOAP11_TYPE = 'text/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

type SoapVersion = '1.1' | '1.2';

function envelope(version: SoapVersion, body: string): string {
  const prefix = version === '1.2' ? 'soap12' : 'soap';
  const ns = version === '1.2' ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/';
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<${prefix}:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:${prefix}="${ns}">\n` +
    `<${prefix}:Body>\n${body}\n</${prefix}:Body>\n</${prefix}:Envelope>`
  );
}

/** Result fields by name; a field left out is not sent at all. Values are raw XML text. */
type ResultFields = Partial<Record<'IsError' | 'ErrorMessage' | 'SimplifiedURL' | 'LandPageURL', string>>;

function soapResult(fields: ResultFields): string {
  const inner = Object.entries(fields)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('\n');
  return `<SSORequestResponse xmlns="http://printiq.co.nz/">\n<SSORequestResult>\n${inner}\n</SSORequestResult>\n</SSORequestResponse>`;
}

// The vendor document's examples. Its SOAP success URL reads `…13926"eref1=website&AuthToken…`:
// `&quot` was rendered as `"` somewhere along the way, and a bare `&` is not XML, so the
// well-formed form below is `&amp;quoteref1=…&amp;AuthToken=…`.
const SOAP_SUCCESS = {
  simplifiedUrl: 'http://gpo.cloudapp.net/Simplified/CreateQuote.aspx?cusID=13926&quoteref1=website&AuthToken=2b0162fed3f248cf8321fca279d197c3',
  landPageUrl: 'http://gpo.cloudapp.net/LandPage.aspx?AuthToken=2b0162fed3f248cf8321fca279d197c3',
};
const JSON_SUCCESS = {
  simplifiedUrl: 'http://printiq.co.nz/Simplified/CreateQuote.aspx?cusID=1&quoteref1=TestOpp&AuthToken=8e081323f0dd472f8267e2d1fe0b7836',
  landPageUrl: 'http://printiq.co.nz/LandPage.aspx?AuthToken=8e081323f0dd472f8267e2d1fe0b7836',
};
const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const VENDOR_REFUSAL = 'No user found with username testuser';

interface Wire {
  name: SsoTransportName;
  contentType: string;
  /** The vendor's success example in this wire form, and the result it must map to. */
  success: { body: string; result: { simplifiedUrl: string; landPageUrl: string } };
  /** A result object with exactly these fields (values as plain text). */
  result(fields: Partial<Record<'IsError' | 'ErrorMessage' | 'SimplifiedURL' | 'LandPageURL', string | boolean | null>>): string;
  /** The same kind of document in the other SOAP version (for json: a SOAP 1.2 envelope). */
  wrongVersion: { contentType: string; body: string };
  /** A content type for this wire's valid body that is still wrong. */
  otherType: string;
}

function soapWire(version: SoapVersion): Wire {
  const other: SoapVersion = version === '1.2' ? '1.1' : '1.2';
  const type = version === '1.2' ? SOAP12_TYPE : SOAP11_TYPE;
  const otherType = version === '1.2' ? SOAP11_TYPE : SOAP12_TYPE;
  const successFields: ResultFields = {
    IsError: 'false',
    ErrorMessage: '',
    SimplifiedURL: xmlEscape(SOAP_SUCCESS.simplifiedUrl),
    LandPageURL: xmlEscape(SOAP_SUCCESS.landPageUrl),
  };
  return {
    name: version === '1.2' ? 'soap12' : 'soap11',
    contentType: type,
    success: { body: envelope(version, soapResult(successFields)), result: SOAP_SUCCESS },
    result: (fields) =>
      envelope(version, soapResult(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === null ? '' : xmlEscape(String(v))])) as ResultFields)),
    wrongVersion: { contentType: otherType, body: envelope(other, soapResult(successFields)) },
    otherType,
  };
}

const jsonWire: Wire = {
  name: 'json',
  contentType: JSON_TYPE,
  success: {
    body:
      '{\n"d":{\n"__type":"PrintIQ.Authentication+SSORequestResponse",\n"IsError":false,\n"ErrorMessage":null,\n' +
      `"SimplifiedURL":${JSON.stringify(JSON_SUCCESS.simplifiedUrl)},\n"LandPageURL":${JSON.stringify(JSON_SUCCESS.landPageUrl)}\n}\n}`,
    result: JSON_SUCCESS,
  },
  result: (fields) => JSON.stringify({ d: { __type: 'PrintIQ.Authentication+SSORequestResponse', ...fields } }),
  wrongVersion: { contentType: SOAP12_TYPE, body: soapWire('1.2').success.body },
  otherType: 'text/javascript; charset=utf-8',
};

const WIRES: Wire[] = [soapWire('1.2'), soapWire('1.1'), jsonWire];

// ---------------------------------------------------------------- hostile pages

const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><title>printIQ - Login</title></head>
<body><form method="post" action="/Login.aspx"><input name="user"/></form></body></html>`;

/** A SOAP envelope with a DTD prolog; the entity is used where a vendor message or URL would be echoed. */
function withDtd(version: SoapVersion, dtd: string, entityRef: string): string {
  const doc = envelope(version, soapResult({ IsError: 'true', ErrorMessage: entityRef, SimplifiedURL: entityRef, LandPageURL: entityRef }));
  return doc.replace('?>\n', `?>\n${dtd}\n`);
}

function soapFault(version: SoapVersion, withDetail: boolean): string {
  if (version === '1.1') {
    return envelope(
      '1.1',
      '<soap:Fault>\n<faultcode>soap:Server</faultcode>\n' +
        '<faultstring>Server was unable to process request. ---&gt; Object reference not set to an instance of an object.</faultstring>\n' +
        (withDetail ? '<detail><ExceptionInfo>at PrintIQ.Authentication.SSORequest()</ExceptionInfo></detail>\n' : '') +
        '</soap:Fault>',
    );
  }
  return envelope(
    '1.2',
    '<soap12:Fault>\n<soap12:Code><soap12:Value>soap12:Receiver</soap12:Value></soap12:Code>\n' +
      '<soap12:Reason><soap12:Text xml:lang="en">Server was unable to process request. ---&gt; Object reference not set to an instance of an object.</soap12:Text></soap12:Reason>\n' +
      (withDetail ? '<soap12:Detail><ExceptionInfo>at PrintIQ.Authentication.SSORequest()</ExceptionInfo></soap12:Detail>\n' : '') +
      '</soap12:Fault>',
  );
}

const ASMX_JSON_EXCEPTION = JSON.stringify({
  Message: 'x',
  StackTrace: '   at PrintIQ.Authentication.SSORequest(SSORequestInput input)',
  ExceptionType: 'System.ArgumentException',
});

// ---------------------------------------------------------------- helpers

const { serve } = oneServerPerTest();

function makeClient(wire: Wire, url: string, options: Partial<PrintIqSsoOptions> = {}): PrintIqSsoClient {
  return new PrintIqSsoClient({ url, appKey: APP_KEY, transport: wire.name, timeoutMs: 5000, retry: { retries: 0 }, ...options });
}

const CALL = { userName: 'testuser', customerCode: 'CUST001', opportunityRef: 'website' };

// ---------------------------------------------------------------- per transport

describe.each(WIRES)('SSO client, $name transport, hostile answers', (wire) => {
  const isSoap = wire.name !== 'json';
  const version: SoapVersion | undefined = wire.name === 'soap12' ? '1.2' : wire.name === 'soap11' ? '1.1' : undefined;

  describe('well-formed answers (the baseline the hostile cases differ from)', () => {
    it("maps the vendor document's success example to the URLs, exactly", async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, wire.success.body));
      await expect(makeClient(wire, s.url).request(CALL)).resolves.toEqual(wire.success.result);
      expect(s.requests).toHaveLength(1);
      expect(s.requests[0].method).toBe('POST');
      expect(s.requests[0].body).toContain('testuser');
    });

    it("maps the vendor document's failure example to IqSsoError with the vendor's message", async () => {
      const body = wire.result({ IsError: true, ErrorMessage: VENDOR_REFUSAL, SimplifiedURL: '', LandPageURL: '' });
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqSsoError);
      expect((err as IqSsoError).vendorMessage).toBe(VENDOR_REFUSAL);
    });
  });

  describe('HTML instead of the contract', () => {
    it('an IIS HTML 500 page is IqHttpError 500 with the <title> as vendorMessage', async () => {
      const s = await serve((_req, res) => answer(res, 500, 'text/html; charset=utf-8', IIS_500));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err).not.toBeInstanceOf(IqFaultError);
      expect(err.status).toBe(500);
      expect((err as IqHttpError).vendorMessage).toBe('500 - Internal server error.');
      expect(err.message).toContain('500');
      expect(err.message).not.toContain('<');
      expect(s.requests).toHaveLength(1);
    });

    it('an HTML 503 page is IqHttpError 503 once retries are spent', async () => {
      const s = await serve((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503));
      const err = await failure(makeClient(wire, s.url, { retry: { retries: 1, initialDelayMs: 10 } }).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(503);
      expect((err as IqHttpError).vendorMessage).toBe('Service Unavailable');
      expect(s.requests).toHaveLength(2);
    });

    it('an HTML page with status 200 (a login page, a proxy portal) is IqProtocolError naming the content type', async () => {
      const s = await serve((_req, res) => answer(res, 200, 'text/html; charset=utf-8', LOGIN_PAGE));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toContain('text/html');
      expect(err.message).not.toContain('<form');
    });
  });

  describe('empty, truncated and malformed bodies', () => {
    it('an empty 200 body is IqProtocolError', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, ''));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.status).toBe(200);
    });

    it('a 200 body with no content type and nothing in it is IqProtocolError', async () => {
      const s = await serve((_req, res) => answer(res, 200, undefined, ''));
      expect(await failure(makeClient(wire, s.url).request(CALL))).toBeInstanceOf(IqProtocolError);
    });

    it.each([0.25, 0.5, 0.9])('a success body truncated to %p of its length is IqProtocolError', async (fraction) => {
      const body = wire.success.body.slice(0, Math.floor(wire.success.body.length * fraction));
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
    });

    it('a success with IsError false but no LandPageURL is IqProtocolError', async () => {
      const body = wire.result({ IsError: false, ErrorMessage: '', SimplifiedURL: SOAP_SUCCESS.simplifiedUrl });
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toMatch(/LandPageURL/);
    });

    it('a success with IsError false and an empty SimplifiedURL is IqProtocolError', async () => {
      const body = wire.result({ IsError: false, ErrorMessage: '', SimplifiedURL: '', LandPageURL: SOAP_SUCCESS.landPageUrl });
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      expect(await failure(makeClient(wire, s.url).request(CALL))).toBeInstanceOf(IqProtocolError);
    });

    it('a result without IsError is IqProtocolError, not a success', async () => {
      const body = wire.result({ SimplifiedURL: SOAP_SUCCESS.simplifiedUrl, LandPageURL: SOAP_SUCCESS.landPageUrl });
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toMatch(/IsError/);
    });

    it("IsError 'maybe' with both URLs present is IqProtocolError, not a success", async () => {
      const body = wire.result({ IsError: 'maybe', SimplifiedURL: SOAP_SUCCESS.simplifiedUrl, LandPageURL: SOAP_SUCCESS.landPageUrl });
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toMatch(/IsError/);
    });
  });

  describe('DTDs: no entity is declared, expanded or fetched', () => {
    const root = isSoap ? (version === '1.2' ? 'soap12:Envelope' : 'soap:Envelope') : 'd';
    const dtdBody = (dtd: string, ref: string) => withDtd(version ?? '1.2', dtd, ref);

    it('a DOCTYPE with an internal entity is IqProtocolError, and the entity is not expanded', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, dtdBody(INTERNAL_ENTITY(root), '&vendor;')));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(everything(err)).not.toContain('expanded-internal-entity');
    });

    it('a billion-laughs DOCTYPE is IqProtocolError, refused before any entity is expanded', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, dtdBody(BILLION_LAUGHS(root), '&lol9;')));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      if (isSoap) expect(err.message).toMatch(/DOCTYPE|DTD/i);
      expect(everything(err)).not.toContain('lollol');
    });

    it('an external SYSTEM entity (XXE) is IqProtocolError and no file content leaks', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, dtdBody(EXTERNAL_ENTITY(root), '&xxe;')));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      const all = everything(err);
      expect(all).not.toContain('root:');
      expect(all).not.toMatch(/\/bin\/(ba)?sh/);
    });

    it('an external entity in a fault (status 500) is refused too, not read as a fault', async () => {
      const body = (version === '1.1' ? soapFault('1.1', true) : soapFault('1.2', true))
        .replace('Object reference not set to an instance of an object.', '&xxe;')
        .replace('?>\n', `?>\n${EXTERNAL_ENTITY(root)}\n`);
      const s = await serve((_req, res) => answer(res, 500, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).not.toBeInstanceOf(IqFaultError);
      expect(everything(err)).not.toContain('root:');
      if (isSoap) expect(err).toBeInstanceOf(IqProtocolError);
    });
  });

  describe('SOAP faults', () => {
    it.each([
      ['1.1', true],
      ['1.1', false],
      ['1.2', true],
      ['1.2', false],
    ] as const)('a SOAP %s fault (detail: %p)', async (faultVersion, withDetail) => {
      const s = await serve((_req, res) => answer(res, 500, faultVersion === '1.2' ? SOAP12_TYPE : SOAP11_TYPE, soapFault(faultVersion, withDetail)));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(s.requests).toHaveLength(1);
      if (faultVersion === version) {
        expect(err).toBeInstanceOf(IqFaultError);
        const fault = err as IqFaultError;
        expect(fault.faultCode).toBe(version === '1.2' ? 'soap12:Receiver' : 'soap:Server');
        expect(fault.faultString).toBe('Server was unable to process request. ---> Object reference not set to an instance of an object.');
        // The innermost exception is the headline.
        expect(fault.message).toContain('Object reference not set to an instance of an object.');
        expect(fault.status).toBe(500);
      } else if (isSoap) {
        // A fault in the other SOAP version is not what was asked for.
        expect(err).toBeInstanceOf(IqProtocolError);
        expect(err.message).toMatch(/SOAP/);
      } else {
        // The JSON endpoint answered with XML: an HTTP 500, not a JSON exception.
        expect(err).toBeInstanceOf(IqHttpError);
        expect(err.status).toBe(500);
      }
    });

    it('the ASMX JSON exception (HTTP 500)', async () => {
      const s = await serve((_req, res) => answer(res, 500, JSON_TYPE, ASMX_JSON_EXCEPTION, { jsonerror: 'true' }));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      if (isSoap) {
        expect(err).toBeInstanceOf(IqHttpError);
        expect(err.status).toBe(500);
        expect((err as IqHttpError).vendorMessage).toBe('x');
      } else {
        expect(err).toBeInstanceOf(IqFaultError);
        expect((err as IqFaultError).faultCode).toBe('System.ArgumentException');
        expect((err as IqFaultError).faultString).toBe('x');
        expect(err.status).toBe(500);
        expect(err.message).not.toContain('StackTrace');
        expect(err.message).not.toContain('PrintIQ.Authentication.SSORequest(');
      }
    });
  });

  describe('wrong version, wrong content type', () => {
    it(isSoap ? 'an envelope of the other SOAP version is IqProtocolError' : 'a SOAP envelope answering a JSON request is IqProtocolError', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.wrongVersion.contentType, wire.wrongVersion.body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
    });

    // (SOAP only: a JSON answer has no envelope namespace to get wrong.)
    const itSoap = isSoap ? it : () => undefined;
    itSoap('an envelope in an unknown namespace is IqProtocolError', async () => {
      const body = wire.success.body.replace(/xmlns:(soap(?:12)?)="[^"]+"/, 'xmlns:$1="urn:not-soap"');
      expect(body).toContain('urn:not-soap');
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
    });

    it.each([
      ['text/plain', 'text/plain; charset=utf-8'],
      ['the other wire type', 'other'],
      ['no content type', undefined],
    ])('a valid body served as %s is IqProtocolError', async (_label, type) => {
      const contentType = type === 'other' ? wire.otherType : type;
      const s = await serve((_req, res) => answer(res, 200, contentType, wire.success.body));
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
    });
  });

  describe('size and time limits', () => {
    const TEN_MB = 10 * 1024 * 1024;
    const bigBody = (): Buffer => {
      const head = isSoap
        ? wire.result({ IsError: true, ErrorMessage: '' }).split('<ErrorMessage>')[0] + '<ErrorMessage>'
        : '{"d":{"IsError":true,"ErrorMessage":"';
      return Buffer.concat([Buffer.from(head), Buffer.alloc(TEN_MB, 'a')]);
    };

    it('a 10 MB body with a declared Content-Length is IqProtocolError (default limit 5 MiB)', async () => {
      const body = bigBody();
      const s = await serve((_req, res) => {
        quiet(res).writeHead(200, { 'content-type': wire.contentType, 'content-length': String(body.length) });
        res.end(body);
      });
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toContain(String(5 * 1024 * 1024));
    });

    it('a 10 MB chunked body (no Content-Length) is IqProtocolError', async () => {
      const body = bigBody();
      const s = await serve((_req, res) => {
        quiet(res).writeHead(200, { 'content-type': wire.contentType });
        for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.subarray(at, at + 64 * 1024));
        res.end();
      });
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expect(err.message).toMatch(/larger than/);
    });

    it('a body that trickles slower than timeoutMs is IqTimeoutError, and the client hangs up', async () => {
      let hungUpAfter: (bytes: number) => void = () => undefined;
      const hangUp = new Promise<number>((resolve) => (hungUpAfter = resolve));
      const s = await serve((_req, res) => {
        quiet(res).writeHead(200, { 'content-type': wire.contentType, 'content-length': String(Buffer.byteLength(wire.success.body)) });
        let at = 0;
        const timer = setInterval(() => {
          if (at < wire.success.body.length) res.write(wire.success.body[at++]);
        }, 50);
        res.on('close', () => {
          clearInterval(timer);
          hungUpAfter(at);
        });
      });
      const err = await failure(makeClient(wire, s.url, { timeoutMs: 300 }).request(CALL));
      expect(err).toBeInstanceOf(IqTimeoutError);
      expect((err as IqTimeoutError).timeoutMs).toBe(300);
      expect(s.requests).toHaveLength(1);
      // The client closed the connection with most of the body unsent (20 bytes a second).
      expect(await hangUp).toBeLessThan(wire.success.body.length / 2);
    });

    it('a server that never answers is IqTimeoutError, and a timeout is not retried', async () => {
      const s = await serve(() => undefined);
      const err = await failure(makeClient(wire, s.url, { timeoutMs: 300, retry: { retries: 2, initialDelayMs: 10 } }).request(CALL));
      expect(err).toBeInstanceOf(IqTimeoutError);
      expect((err as IqTimeoutError).timeoutMs).toBe(300);
      expect(s.requests).toHaveLength(1);
    });
  });

  describe('broken connections', () => {
    it('the socket destroyed before any answer is IqNetworkError with a connection code', async () => {
      const s = await serve((_req, res) => res.socket?.destroy());
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqNetworkError);
      expect((err as IqNetworkError).code).toMatch(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/);
      expect(err.message).toContain('127.0.0.1');
      expect(s.requests).toHaveLength(1);
    });

    it('a reset is retried (the call is idempotent) and the retry can succeed', async () => {
      const s = await serve((_req, res, index) => (index === 0 ? res.socket?.destroy() : answer(res, 200, wire.contentType, wire.success.body)));
      await expect(makeClient(wire, s.url, { retry: { retries: 1, initialDelayMs: 10 } }).request(CALL)).resolves.toEqual(wire.success.result);
      expect(s.requests).toHaveLength(2);
      expect(s.requests[1].body).toBe(s.requests[0].body);
    });

    it.each([
      ['with a Content-Length', true],
      ['chunked', false],
    ])('the socket destroyed mid-body (%s) is an IqError, not a hang', async (_label, declared) => {
      const body = wire.success.body;
      const s = await serve((_req, res) => {
        quiet(res).writeHead(200, { 'content-type': wire.contentType, ...(declared && { 'content-length': String(Buffer.byteLength(body)) }) });
        res.write(body.slice(0, Math.floor(body.length / 2)));
        setTimeout(() => res.socket?.destroy(), 20);
      });
      // Waiting for the timeout would end in IqTimeoutError instead.
      const err = await failure(makeClient(wire, s.url, { timeoutMs: 3000 }).request(CALL));
      expect(err instanceof IqNetworkError || err instanceof IqProtocolError).toBe(true);
    });
  });

  describe('retries, Retry-After and redirects', () => {
    it('503 with Retry-After: 0 twice, then success: resolves after 3 requests, without the backoff wait', async () => {
      const s = await serve((_req, res, index) =>
        index < 2 ? answer(res, 503, 'text/html; charset=us-ascii', IIS_503, { 'retry-after': '0' }) : answer(res, 200, wire.contentType, wire.success.body),
      );
      // Retry-After: 0 means now, not the default backoff (500 ms, doubled).
      const recorder = recordEvents();
      try {
        await expect(makeClient(wire, s.url, { retry: { retries: 2 } }).request(CALL)).resolves.toEqual(wire.success.result);
      } finally {
        recorder.stop();
      }
      expect(recorder.attempts().map((a) => [a.retryReason, a.retryDelayMs])).toEqual([
        [undefined, undefined],
        ['HTTP 503', 0],
        ['HTTP 503', 0],
      ]);
      expect(s.requests).toHaveLength(3);
      expect(new Set(s.requests.map((r) => r.body)).size).toBe(1);
    });

    it('503 with Retry-After: 120 (over maxRetryAfterMs) is IqHttpError 503 after exactly 1 request', async () => {
      const s = await serve((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503, { 'retry-after': '120' }));
      const err = await failure(makeClient(wire, s.url, { retry: { retries: 2, initialDelayMs: 10 } }).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(503);
      expect((err as IqHttpError).retryAfterSeconds).toBe(120);
      expect(s.requests).toHaveLength(1);
    });

    it('503 with Retry-After as an HTTP date two minutes ahead is not waited for either', async () => {
      const at = new Date(Date.now() + 120_000).toUTCString();
      const s = await serve((_req, res) => answer(res, 503, 'text/html; charset=us-ascii', IIS_503, { 'retry-after': at }));
      const err = await failure(makeClient(wire, s.url, { retry: { retries: 2, initialDelayMs: 10 } }).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      expect((err as IqHttpError).retryAfterSeconds).toBeGreaterThanOrEqual(115);
      expect((err as IqHttpError).retryAfterSeconds).toBeLessThanOrEqual(121);
      expect(s.requests).toHaveLength(1);
    });

    it.each([302, 307, 308])('a %i redirect is not followed: IqHttpError with that status, 1 request', async (status) => {
      const s = await serve((req, res) =>
        req.url.endsWith('/elsewhere')
          ? answer(res, 200, wire.contentType, wire.success.body)
          : answer(res, status, 'text/html; charset=utf-8', OBJECT_MOVED, { location: '/elsewhere' }),
      );
      const err = await failure(makeClient(wire, s.url).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(err.status).toBe(status);
      expect((err as IqHttpError).vendorMessage).toBe('Object moved');
      expect(s.requests).toHaveLength(1);
    });
  });

  describe('AbortSignal', () => {
    it('a signal aborted mid-call is IqAbortError, with the reason as its cause', async () => {
      const controller = new AbortController();
      const s = await serve(() => {
        setTimeout(() => controller.abort(), 20);
      });
      const err = await failure(makeClient(wire, s.url).request(CALL, { signal: controller.signal }));
      expect(err).toBeInstanceOf(IqAbortError);
      expect(((err as IqAbortError).cause as Error).name).toBe('AbortError');
      expect(s.requests).toHaveLength(1);
    });

    it('a signal aborted while the body arrives is IqAbortError', async () => {
      const controller = new AbortController();
      const s = await serve((_req, res) => {
        quiet(res).writeHead(200, { 'content-type': wire.contentType });
        res.write(wire.success.body.slice(0, 50));
        setTimeout(() => controller.abort(), 20);
      });
      const err = await failure(makeClient(wire, s.url).request(CALL, { signal: controller.signal }));
      expect(err).toBeInstanceOf(IqAbortError);
    });

    it('a signal aborted during the Retry-After wait is IqAbortError without waiting it out', async () => {
      const controller = new AbortController();
      const s = await serve((_req, res) => {
        answer(res, 503, 'text/html', IIS_503, { 'retry-after': '5' });
        setTimeout(() => controller.abort(), 50);
      });
      const err = await failure(makeClient(wire, s.url, { retry: { retries: 2 } }).request(CALL, { signal: controller.signal }));
      expect(err).toBeInstanceOf(IqAbortError);
      // Had the 5 s wait been waited out, the retry would have been sent before the abort was seen.
      expect(s.requests).toHaveLength(1);
      expect(((err as IqAbortError).cause as Error).name).toBe('AbortError');
    });

    it('a signal already aborted is IqAbortError and sends nothing', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, wire.success.body));
      const err = await failure(makeClient(wire, s.url).request(CALL, { signal: AbortSignal.abort() }));
      expect(err).toBeInstanceOf(IqAbortError);
      expect(s.requests).toHaveLength(0);
      expect(s.connections).toBe(0);
    });
  });
});

// ---------------------------------------------------------------- shapes (issues 9.21, 9.22)

describe.each([soapWire('1.2'), soapWire('1.1')])('SSO client, $name transport, answers of the wrong shape', (wire) => {
  const ok = wire.success.body;
  const withResult = (inner: string) => ok.replace(/<SSORequestResult>[\s\S]*<\/SSORequestResult>/, `<SSORequestResult>${inner}</SSORequestResult>`);
  const URLS = `<SimplifiedURL>${xmlEscape(SOAP_SUCCESS.simplifiedUrl)}</SimplifiedURL><LandPageURL>${xmlEscape(SOAP_SUCCESS.landPageUrl)}</LandPageURL>`;

  async function outcome(body: string): Promise<unknown> {
    const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
    return makeClient(wire, s.url)
      .request(CALL)
      .catch((e: unknown) => e);
  }

  it.each([
    [
      'the answer element in another namespace',
      ok.replace('<SSORequestResponse xmlns="http://printiq.co.nz/">', '<SSORequestResponse xmlns="urn:not-printiq">'),
      /expected \{http:\/\/printiq\.co\.nz\/\}SSORequestResponse/,
    ],
    [
      'the answer element without a namespace',
      ok.replace('<SSORequestResponse xmlns="http://printiq.co.nz/">', '<SSORequestResponse>'),
      /got SSORequestResponse/,
    ],
    ['IsError in another namespace', withResult(`<IsError xmlns="urn:evil">false</IsError>${URLS}`), /IsError is missing/],
    ['IsError twice', withResult(`<IsError>true</IsError><IsError>false</IsError>${URLS}`), /IsError appears more than once/],
    ['two root elements', `${ok}<more/>`, /multiple root elements/],
    ['nesting 500 deep', withResult(`<IsError>false</IsError>${URLS}${'<x>'.repeat(500)}${'</x>'.repeat(500)}`), /deeper than 100/],
    [
      'a nested element where a URL belongs',
      withResult(`<IsError>false</IsError><SimplifiedURL><a>x</a></SimplifiedURL>${URLS.slice(URLS.indexOf('<LandPageURL>'))}`),
      /holds elements/,
    ],
  ])('%s is IqProtocolError with the operation and the status', async (_label, body, message) => {
    const err = await outcome(body);
    expect(err).toBeInstanceOf(IqProtocolError);
    expect(err).toMatchObject({ operation: 'SSORequest', status: 200 });
    expect((err as Error).message).toMatch(message);
  });

  it('elements named __proto__ and constructor inside the result are read past, as ASP.NET skips unknown elements', async () => {
    const body = withResult(`<__proto__><IsError>true</IsError></__proto__><constructor>x</constructor><IsError>false</IsError>${URLS}`);
    await expect(outcome(body)).resolves.toEqual(SOAP_SUCCESS);
    expect(({} as Record<string, unknown>).IsError).toBeUndefined();
  });

  it('a fault whose detail holds a __proto__ element is IqProtocolError, not a polluted object', async () => {
    const fault = soapFault(wire.name === 'soap12' ? '1.2' : '1.1', true).replace(
      '<ExceptionInfo>at PrintIQ.Authentication.SSORequest()</ExceptionInfo>',
      '<__proto__><polluted>1</polluted></__proto__>',
    );
    const s = await serve((_req, res) => answer(res, 500, wire.contentType, fault));
    const err = await failure(makeClient(wire, s.url).request(CALL));
    expect(err).toBeInstanceOf(IqProtocolError);
    expect(err).toMatchObject({ operation: 'SSORequest', status: 500 });
  });

  it('a fault with detail is IqSoapFaultError carrying it', async () => {
    const s = await serve((_req, res) => answer(res, 500, wire.contentType, soapFault(wire.name === 'soap12' ? '1.2' : '1.1', true)));
    const err = await failure(makeClient(wire, s.url).request(CALL));
    expect(err).toBeInstanceOf(IqSoapFaultError);
    expect((err as IqSoapFaultError).detail).toEqual({ ExceptionInfo: 'at PrintIQ.Authentication.SSORequest()' });
  });
});

// ---------------------------------------------------------------- JSON only

describe('SSO client, json transport, JSON of the wrong shape', () => {
  it.each([
    ['{"d":null}'],
    ['[]'],
    ['{"d":{"IsError":"maybe"}}'],
    ['{"d":{"IsError":"maybe","SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}}'],
    ['{"d":{"IsError":1,"SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}}'],
    ['{}'],
    ['null'],
    ['"d"'],
    ['{"d":"ok"}'],
    ['{"d":[]}'],
    ['{"d":{"IsError":false,"SimplifiedURL":42,"LandPageURL":"http://a/l"}}'],
    ['{"d":{"IsError":"false","SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}}'],
    ['{"d":{"IsError":"False","SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}}'],
    ['{"d":{"IsError":0,"SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}}'],
    ['{"d":{"IsError":null,"SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}}'],
    ['{"IsError":false,"SimplifiedURL":"http://a/s","LandPageURL":"http://a/l"}'],
  ])('%s is IqProtocolError', async (body) => {
    const s = await serve((_req, res) => answer(res, 200, JSON_TYPE, body));
    const err = await failure(makeClient(jsonWire, s.url).request(CALL));
    expect(err).toBeInstanceOf(IqProtocolError);
  });

  it('POSTs {"input":{…}} to {url}/SSORequest', async () => {
    const s = await serve((_req, res) => answer(res, 200, JSON_TYPE, jsonWire.success.body));
    await makeClient(jsonWire, s.url).request(CALL);
    expect(s.requests[0].url).toBe('/webservice/Authentication.asmx/SSORequest');
    expect(JSON.parse(s.requests[0].body)).toEqual({
      input: { CusCode: 'CUST001', UserName: 'testuser', AppKey: APP_KEY, OpportunityRef: 'website' },
    });
  });
});

// ---------------------------------------------------------------- nock

describe.each(WIRES)('SSO client, $name transport, failures only a mock can produce (nock)', (wire) => {
  const ORIGIN = 'https://tenant.printiq.test';
  const URL_ = `${ORIGIN}/webservice/Authentication.asmx`;

  nockInThisBlock();

  it("replyWithError ECONNRESET is IqNetworkError with code 'ECONNRESET'", async () => {
    // @mswjs/interceptors 0.44 ignores a plain object here (it only destroys the socket
    // with an Error instance, and the call would hang): pass a real Error carrying the code.
    const scope = nock(ORIGIN)
      .post(/\/webservice\/Authentication\.asmx/)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const err = await failure(makeClient(wire, URL_).request(CALL));
    expect(err).toBeInstanceOf(IqNetworkError);
    expect((err as IqNetworkError).code).toBe('ECONNRESET');
    expect(err.message).toContain('tenant.printiq.test');
    expect(scope.isDone()).toBe(true);
  });

  it('an ECONNRESET is retried, and the retry can succeed', async () => {
    const scope = nock(ORIGIN)
      .post(/\/webservice\/Authentication\.asmx/)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post(/\/webservice\/Authentication\.asmx/)
      .reply(200, wire.success.body, { 'content-type': wire.contentType });
    await expect(makeClient(wire, URL_, { retry: { retries: 1, initialDelayMs: 10 } }).request(CALL)).resolves.toEqual(wire.success.result);
    expect(scope.isDone()).toBe(true);
  });

  // undici's Response refuses statuses above 599, so 999 cannot reach the client; 599 is the odd one instead.
  it.each([418, 599])('an odd status %i is IqHttpError with that status', async (status) => {
    const scope = nock(ORIGIN)
      .post(/\/webservice\/Authentication\.asmx/)
      .reply(status, '', { 'content-type': 'text/plain' });
    const err = await failure(makeClient(wire, URL_).request(CALL));
    expect(err).toBeInstanceOf(IqHttpError);
    expect(err.status).toBe(status);
    expect(err.message).toContain(String(status));
    expect(scope.isDone()).toBe(true);
  });

  it('a request nock does not match is refused (no real network), as IqNetworkError', async () => {
    const err = await failure(makeClient(wire, URL_).request(CALL));
    expect(err).toBeInstanceOf(IqNetworkError);
  });
});
