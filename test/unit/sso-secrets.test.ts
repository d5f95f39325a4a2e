// The SSO AppKey is a secret: whatever the service echoes back and however a
// call fails, the key appears in no error (message, stack, properties, cause,
// inspect, JSON), not in the client object, and nothing is written to the
// console or to stdout/stderr that holds it.
import { inspect } from 'node:util';
import {
  IqAbortError,
  IqError,
  IqFaultError,
  IqHttpError,
  IqNetworkError,
  IqProtocolError,
  IqSsoError,
  IqTimeoutError,
  IqValidationError,
  PrintIqSsoClient,
  type PrintIqSsoOptions,
  type SsoTransportName,
} from '../../src';
import { captureOutput } from '../support/captured-output';
import { failure, oneServerPerTest, quiet } from '../support/one-server';
import { answer } from '../support/scripted-server';
import {
  expectNoSecrets,
  htmlEncode,
  jsonEscape,
  moreSpellings,
  reachableTexts,
  spellings,
  urlEncode,
  urlEncodeLower,
  xmlEscape,
  xmlTextEscape,
} from '../support/secret-checks';

const KEY = 'SECRET-APPKEY-7f3a9c';
/** Every character XML, JSON, HTML and URLs escape; no whitespace or control characters (the client refuses those). */
const ODD_KEY = `K&<>"'-9z`;

// ---------------------------------------------------------------- looking everywhere

/** Throws if the key, in any of `forms`, appears in `value` (a text, or an error in any of its views). */
function expectNoSecret(value: unknown, key: string, forms: (key: string) => string[] = spellings): void {
  expectNoSecrets(value, [['the key', key]], forms);
}

// ---------------------------------------------------------------- console and stdio

const written = captureOutput((text) => {
  for (const key of [KEY, ODD_KEY]) expectNoSecret(text, key, moreSpellings);
});

const { serve, closeServer } = oneServerPerTest();

// ---------------------------------------------------------------- wire forms

const SOAP12_TYPE = 'application/soap+xml; charset=utf-8';
const SOAP11_TYPE = 'text/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

function envelope(version: '1.1' | '1.2', body: string): string {
  const prefix = version === '1.2' ? 'soap12' : 'soap';
  const ns = version === '1.2' ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/';
  return `<?xml version="1.0" encoding="utf-8"?><${prefix}:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:${prefix}="${ns}"><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;
}

interface Wire {
  name: SsoTransportName;
  contentType: string;
  /** IsError true with this ErrorMessage, which is given already escaped for the wire. */
  refusal(escapedMessage: string): string;
  /** How this wire escapes text, as the service would. */
  escape(text: string): string;
  /** A fault (SOAP Fault, or the ASMX JSON exception) whose text is given already escaped for the wire. */
  fault(escapedText: string): { status: number; contentType: string; body: string };
  success: string;
}

function soapWire(version: '1.1' | '1.2'): Wire {
  const result = (fields: string) =>
    envelope(version, `<SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult>${fields}</SSORequestResult></SSORequestResponse>`);
  return {
    name: version === '1.2' ? 'soap12' : 'soap11',
    contentType: version === '1.2' ? SOAP12_TYPE : SOAP11_TYPE,
    refusal: (message) => result(`<IsError>true</IsError><ErrorMessage>${message}</ErrorMessage><SimplifiedURL></SimplifiedURL><LandPageURL></LandPageURL>`),
    escape: xmlEscape,
    fault: (text) => ({
      status: 500,
      contentType: version === '1.2' ? SOAP12_TYPE : SOAP11_TYPE,
      body:
        version === '1.2'
          ? envelope(
              '1.2',
              `<soap12:Fault><soap12:Code><soap12:Value>soap12:Receiver</soap12:Value></soap12:Code><soap12:Reason><soap12:Text xml:lang="en">Server was unable to process request. ---&gt; ${text}</soap12:Text></soap12:Reason><soap12:Detail>${text}</soap12:Detail></soap12:Fault>`,
            )
          : envelope(
              '1.1',
              `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; ${text}</faultstring><detail>${text}</detail></soap:Fault>`,
            ),
    }),
    success: result(
      '<IsError>false</IsError><ErrorMessage></ErrorMessage><SimplifiedURL>https://t/s?AuthToken=1</SimplifiedURL><LandPageURL>https://t/l?AuthToken=1</LandPageURL>',
    ),
  };
}

const jsonWire: Wire = {
  name: 'json',
  contentType: JSON_TYPE,
  refusal: (message) =>
    `{"d":{"__type":"PrintIQ.Authentication+SSORequestResponse","IsError":true,"ErrorMessage":"${message}","SimplifiedURL":"","LandPageURL":""}}`,
  escape: jsonEscape,
  fault: (text) => ({
    status: 500,
    contentType: JSON_TYPE,
    body: `{"Message":"${text}","StackTrace":"   at PrintIQ.Authentication.SSORequest(SSORequestInput input) ${text}","ExceptionType":"System.ArgumentException"}`,
  }),
  success: '{"d":{"IsError":false,"ErrorMessage":null,"SimplifiedURL":"https://t/s?AuthToken=1","LandPageURL":"https://t/l?AuthToken=1"}}',
};

const WIRES: Wire[] = [soapWire('1.2'), soapWire('1.1'), jsonWire];
const KEYS = [
  ['a plain key', KEY],
  ['a key with &<>"\' in it', ODD_KEY],
] as const;

function makeClient(wire: Wire, url: string, key: string, options: Partial<PrintIqSsoOptions> = {}): PrintIqSsoClient {
  return new PrintIqSsoClient({ url, appKey: key, transport: wire.name, timeoutMs: 3000, retry: { retries: 0 }, ...options });
}

const CALL = { userName: 'testuser', customerCode: 'CUST001' };

// ---------------------------------------------------------------- the tests

describe('the capture of console and stdio works (so the checks below are not vacuous)', () => {
  it('records console and stream writes', () => {
    console.warn('probe', { nested: 'value' });
    process.stderr.write('stderr probe\n');
    expect(written).toEqual(["probe { nested: 'value' }", 'stderr probe\n']);
    expect(() => expectNoSecret(`leaked ${xmlEscape(ODD_KEY)}`, ODD_KEY)).toThrow(/appears/);
    expect(() => expectNoSecret(new IqError(`x ${KEY}`), KEY)).toThrow(/appears in message/);
    written.length = 0;
  });
});

describe.each(WIRES)('AppKey secrecy, $name transport', (wire) => {
  const isSoap = wire.name !== 'json';

  describe.each(KEYS)('with %s', (_label, key) => {
    it('the key really goes out on the wire (positive control)', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, wire.success));
      await makeClient(wire, s.url, key).request(CALL);
      const sent = s.requests[0].body;
      expect(sent.includes(isSoap ? xmlEscape(key) : jsonEscape(key)) || sent.includes(isSoap ? xmlTextEscape(key) : key)).toBe(true);
    });

    it('echoed in ErrorMessage with IsError true: IqSsoError, redacted', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, wire.refusal(wire.escape(`Invalid SSO AppKey ${key} for user testuser`))));
      const err = await failure(makeClient(wire, s.url, key).request(CALL));
      expect(err).toBeInstanceOf(IqSsoError);
      expect((err as IqSsoError).vendorMessage).toBe('Invalid SSO AppKey [REDACTED] for user testuser');
      expectNoSecret(err, key);
    });

    it(
      isSoap
        ? 'echoed in a SOAP faultstring and detail: IqFaultError, redacted'
        : 'echoed in the ASMX JSON exception Message and StackTrace: IqFaultError, redacted',
      async () => {
        const fault = wire.fault(wire.escape(`System.ArgumentException: AppKey ${key} is not valid`));
        const s = await serve((_req, res) => answer(res, fault.status, fault.contentType, fault.body));
        const err = await failure(makeClient(wire, s.url, key).request(CALL));
        expect(err).toBeInstanceOf(IqFaultError);
        expect((err as IqFaultError).faultString).toContain('[REDACTED]');
        expect(err.message).toContain('[REDACTED]');
        expectNoSecret(err, key);
      },
    );

    it('echoed in the ASMX JSON exception on any transport: redacted', async () => {
      const s = await serve((_req, res) => answer(res, 500, JSON_TYPE, jsonWire.fault(jsonEscape(`AppKey ${key} is not valid`)).body));
      const err = await failure(makeClient(wire, s.url, key).request(CALL));
      expect(err).toBeInstanceOf(isSoap ? IqHttpError : IqFaultError);
      expect(err.message).toContain('[REDACTED]');
      expectNoSecret(err, key);
    });

    it.each([
      ['as is', (k: string) => k],
      ['XML-escaped', xmlEscape],
      ['URL-encoded', urlEncode],
    ])('echoed %s in the <title> of an HTML 500 page: IqHttpError, redacted', async (_form, encode) => {
      const page = `<!DOCTYPE html><html><head><title>Invalid AppKey ${encode(key)}</title></head><body><pre>${encode(key)}</pre></body></html>`;
      const s = await serve((_req, res) => answer(res, 500, 'text/html; charset=utf-8', page));
      const err = await failure(makeClient(wire, s.url, key).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      // A raw '<' ends the title early: then there is no vendorMessage at all, which is fine too.
      if (!encode(key).includes('<')) expect((err as IqHttpError).vendorMessage).toBe('Invalid AppKey [REDACTED]');
      expectNoSecret(err, key);
    });

    it('echoed in a truncated XML body: IqProtocolError without the key', async () => {
      const body = envelope(
        isSoap ? (wire.name === 'soap12' ? '1.2' : '1.1') : '1.2',
        `<SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult><IsError>true</IsError><ErrorMessage>bad key ${xmlEscape(key)} and more`,
      );
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, body));
      const err = await failure(makeClient(wire, s.url, key).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expectNoSecret(err, key);
    });

    it('echoed in a truncated JSON body: IqProtocolError without the key', async () => {
      const body = `{"d":{"IsError":true,"ErrorMessage":"bad key ${jsonEscape(key)}`;
      const s = await serve((_req, res) => answer(res, 200, isSoap ? wire.contentType : JSON_TYPE, body));
      const err = await failure(makeClient(wire, s.url, key).request(CALL));
      expect(err).toBeInstanceOf(IqProtocolError);
      expectNoSecret(err, key);
    });

    it.each([200, 400, 500])('the whole request echoed back with status %i: an IqError without the key', async (status) => {
      const s = await serve((req, res) => answer(res, status, wire.contentType, req.body));
      const err = await failure(makeClient(wire, s.url, key).request(CALL));
      expect(s.requests[0].body).toContain(isSoap ? 'AppKey' : '"AppKey"');
      expectNoSecret(err, key);
    });

    it('network errors, timeouts and aborts carry no key', async () => {
      const reset = await serve((_req, res) => res.socket?.destroy());
      const errors: IqError[] = [await failure(makeClient(wire, reset.url, key).request(CALL))];
      expect(errors[0]).toBeInstanceOf(IqNetworkError);
      await reset.close();

      const silent = await serve((_req, res) => {
        quiet(res).writeHead(200, { 'content-type': wire.contentType });
        res.write(wire.refusal(wire.escape(`partial ${key}`)).slice(0, 120));
      });
      errors.push(await failure(makeClient(wire, silent.url, key, { timeoutMs: 200 }).request(CALL)));
      expect(errors[1]).toBeInstanceOf(IqTimeoutError);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error(`aborted with ${key}`)), 50);
      errors.push(await failure(makeClient(wire, silent.url, key).request(CALL, { signal: controller.signal })));
      expect(errors[2]).toBeInstanceOf(IqAbortError);
      errors.push(await failure(makeClient(wire, silent.url, key).request(CALL, { signal: AbortSignal.abort(key) })));
      expect(errors[3]).toBeInstanceOf(IqAbortError);
      const closedUrl = silent.url;
      await closeServer();
      errors.push(await failure(makeClient(wire, closedUrl, key).request(CALL)));
      expect(errors[4]).toBeInstanceOf(IqNetworkError);
      for (const err of errors) expectNoSecret(err, key);
    });

    it('503s with retries, then an HTTP error: no key', async () => {
      const s = await serve((_req, res) =>
        answer(res, 503, 'text/html', `<html><head><title>Unavailable ${key}</title></head></html>`, { 'retry-after': '0' }),
      );
      const err = await failure(makeClient(wire, s.url, key, { retry: { retries: 2, initialDelayMs: 10 } }).request(CALL));
      expect(err).toBeInstanceOf(IqHttpError);
      expect(s.requests).toHaveLength(3);
      expectNoSecret(err, key);
    });

    it('validation errors of a call carry no key', async () => {
      const s = await serve((_req, res) => answer(res, 200, wire.contentType, wire.success));
      const client = makeClient(wire, s.url, key);
      const bad: unknown[] = [
        { userName: '' },
        { userName: `x\u0000${key}` },
        { userName: ` ${key}` },
        { userName: key.repeat(100) },
        { userName: 'u', customerCode: `\n${key}` },
        { userName: 'u', AppKey: key },
        { userName: 'u', [key]: 'x' },
        null,
        key,
      ];
      for (const input of bad) {
        const err = await failure(client.request(input as never));
        expect(err).toBeInstanceOf(IqValidationError);
        expectNoSecret(err, key);
      }
      expect(s.requests).toHaveLength(0);
    });

    it('the client shows no key in inspect or JSON, before and after calls', async () => {
      const s = await serve((_req, res, index) =>
        index === 0 ? answer(res, 200, wire.contentType, wire.success) : answer(res, 200, wire.contentType, wire.refusal(wire.escape(`bad ${key}`))),
      );
      const client = makeClient(wire, s.url, key);
      const check = () => {
        expectNoSecret(inspect(client, { showHidden: true, depth: 10 }), key, moreSpellings);
        expectNoSecret(JSON.stringify(client), key, moreSpellings);
        expectNoSecret(reachableTexts(client).join('\n'), key, moreSpellings);
        expectNoSecret(String(client), key, moreSpellings);
      };
      check();
      expect(JSON.parse(JSON.stringify(client))).toEqual({ url: s.url, transport: wire.name });
      await client.request(CALL);
      check();
      await failure(client.request(CALL));
      check();
    });
  });
});

describe('constructor errors carry no key', () => {
  it.each([
    ['a non-URL string', 'not a url'],
    ['a non-URL string holding the key', `not a url ${KEY}`],
    ['an ftp: URL', `ftp://tenant.example.com/${KEY}`],
    ['a URL with credentials', `https://user:${KEY}@tenant.example.com/webservice/Authentication.asmx`],
    ['plain http to another host', `http://tenant.example.com/webservice/Authentication.asmx?k=${KEY}`],
    ['an empty url', ''],
  ])('%s', (_label, url) => {
    for (const key of [KEY, ODD_KEY]) {
      const err = (() => {
        try {
          new PrintIqSsoClient({ url, appKey: key });
        } catch (error) {
          return error;
        }
        throw new Error('expected the constructor to throw');
      })();
      expect(err).toBeInstanceOf(IqValidationError);
      expect((err as IqValidationError).field).toBe('url');
      expectNoSecret(err, key);
    }
  });

  it.each([
    ['a bad transport', { transport: 'soap13' }, 'transport'],
    ['a bad timeoutMs', { timeoutMs: -1 }, 'timeoutMs'],
    ['a bad maxResponseBytes', { maxResponseBytes: 0 }, 'maxResponseBytes'],
  ])('%s', (_label, extra, field) => {
    for (const key of [KEY, ODD_KEY]) {
      let err: unknown;
      try {
        new PrintIqSsoClient({ url: 'https://tenant.example.com/webservice/Authentication.asmx', appKey: key, ...(extra as object) });
      } catch (error) {
        err = error;
      }
      expect(err).toBeInstanceOf(IqValidationError);
      expect((err as IqValidationError).field).toBe(field);
      expectNoSecret(err, key);
    }
  });

  it.each([
    ['with a leading space', ` ${KEY}`],
    ['with a trailing newline', `${KEY}\n`],
    ['with a space inside', KEY.replace('-', ' ')],
    ['too long', KEY.repeat(20)],
    ['with a NUL', `${ODD_KEY}\u0000`],
  ])('an appKey %s', (_label, badKey) => {
    let err: unknown;
    try {
      new PrintIqSsoClient({ url: 'https://tenant.example.com/webservice/Authentication.asmx', appKey: badKey });
    } catch (error) {
      err = error;
    }
    expect(err).toBeInstanceOf(IqValidationError);
    expect((err as IqValidationError).field).toBe('appKey');
    expectNoSecret(err, badKey);
    expectNoSecret(err, badKey.trim());
    expectNoSecret(err, KEY);
  });
});

// Spellings servers use when they echo a key: HTML-encoded, .NET XML text escaping,
// URL-encoded with lower-case hex. Titles and faults are decoded before redaction,
// and the redactor knows these spellings too.
describe('secrets echoed in other spellings', () => {
  it.each([
    ['HttpUtility.HtmlEncode (&#39;), as on an ASP.NET error page', htmlEncode],
    ['XML text escaping (&amp;&lt;&gt; only, quotes as is)', xmlTextEscape],
    ["URL-encoded with ' as %27 and lower-case hex", urlEncodeLower],
  ])('ODD_KEY echoed in an HTML <title> spelled by %s is redacted', async (_form, encode) => {
    const s = await serve((_req, res) =>
      answer(res, 500, 'text/html; charset=utf-8', `<html><head><title>Invalid AppKey ${encode(ODD_KEY)}</title></head></html>`),
    );
    const err = await failure(makeClient(jsonWire, s.url, ODD_KEY).request(CALL));
    expect(err).toBeInstanceOf(IqHttpError);
    expectNoSecret(err, ODD_KEY, moreSpellings);
  });

  it('ODD_KEY echoed in a SOAP 1.1 faultstring with numeric character references is redacted', async () => {
    const wire = soapWire('1.1');
    const fault = wire.fault(`AppKey ${htmlEncode(ODD_KEY)} is not valid`);
    const s = await serve((_req, res) => answer(res, fault.status, fault.contentType, fault.body));
    const err = await failure(makeClient(wire, s.url, ODD_KEY).request(CALL));
    expect(err).toBeInstanceOf(IqFaultError);
    expectNoSecret(err, ODD_KEY, moreSpellings);
  });
});

// A detail element may be named after the key (a serializer that used it as a dictionary key):
// the parsed detail's property names are scrubbed as its values are, its shape kept.
describe('secrets as element names in a SOAP fault detail', () => {
  const GUID = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';
  const n = GUID.replace(/-/g, '').toLowerCase();

  it.each(['1.2', '1.1'] as const)('SOAP %s: the key in names of the detail, as is and in .NET N form, is redacted in the keys', async (version) => {
    const detail = `<Key_${GUID}>a</Key_${GUID}><Keys><k${n}>b</k${n}><Other>c</Other></Keys><${GUID.toLowerCase()}>d</${GUID.toLowerCase()}>`;
    const fault = soapWire(version).fault(detail);
    const s = await serve((_req, res) => answer(res, fault.status, fault.contentType, fault.body));
    const err = await failure(makeClient(soapWire(version), s.url, GUID).request(CALL));
    expect(err).toBeInstanceOf(IqFaultError);
    const parsed = (err as IqFaultError & { detail?: Record<string, unknown> }).detail;
    expect(parsed).toEqual({ 'Key_[REDACTED]': 'a', Keys: { 'k[REDACTED]': 'b', Other: 'c' }, '[REDACTED]': 'd' });
    expect(Object.keys(parsed!)).toEqual(['Key_[REDACTED]', 'Keys', '[REDACTED]']);
    expectNoSecret(err, GUID, moreSpellings);
  });
});
