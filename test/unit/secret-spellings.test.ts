// Secrets echoed in the spellings .NET and servers really produce: another
// case, a parsed Guid written as D, N, B or P, inside a longer word, base64
// (alone or inside a longer encoded text), deep inside a long message (where
// the package cuts text), and in the header values it quotes. Every client,
// every place a server can put them; the redactor must match each form.
import { IqError, IqResellerClient, PrintIqSsoClient, type SsoTransportName } from '../../src';
import { Redactor, REDACTED } from '../../src/errors/redact';
import { failure, oneServerPerTest } from '../support/one-server';
import { answer, type Handler } from '../support/scripted-server';
import { everySpelling, expectNoSecrets } from '../support/secret-checks';

const GUID_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';
const PLAIN_KEY = 'Sso-AppKey-With-Mixed-Case-77';
const API_KEY = '9D2B7C11-4E5F-4A6B-8C7D-0E1F2A3B4C5D';
const TOKEN = 'Tok3nMixedCaseAbCdEf0123456789XyZ';

const isGuid = (s: string) => /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(s);

/** What a server does to a secret before echoing it (.NET writes only a Guid it parsed in D, N, B or P). */
const ECHOES: Record<string, (secret: string) => string> = {
  'as sent': (s) => s,
  'in lower case': (s) => s.toLowerCase(),
  'in upper case': (s) => s.toUpperCase(),
  'as a Guid in N form': (s) => (isGuid(s) ? s.replace(/-/g, '').toLowerCase() : s),
  'as a Guid in B form': (s) => (isGuid(s) ? `{${s.toLowerCase()}}` : s),
  'as a Guid in P form': (s) => (isGuid(s) ? `(${s.toLowerCase()})` : s),
  'inside a longer word': (s) => `prefix${s}suffix`,
  'in base64': (s) => Buffer.from(s).toString('base64'),
  'escaped as RFC 3986 does (Uri.EscapeDataString)': (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  'HTML-escaped with hex character references': (s) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#x27;').replace(/"/g, '&#x22;'),
  'in hex': (s) => Buffer.from(s).toString('hex'),
  'in URL-safe base64 inside user:secret': (s) => Buffer.from(`user:${s}`).toString('base64url'),
  'at offset 270 of a long text': (s) => `${'x'.repeat(270)}${s} and more`,
  'at offset 995 of a long text': (s) => `${'y'.repeat(995)}${s.toLowerCase()} and more`,
};

const server = oneServerPerTest();

function expectClean(err: IqError, secrets: string[]): void {
  expectNoSecrets(
    err,
    secrets.map((s, i) => [`secret ${i}`, s] as [string, string]),
    everySpelling,
    { causeStacks: true },
  );
}

describe('the redactor itself', () => {
  it.each(Object.entries(ECHOES))('finds a secret echoed %s', (_name, echo) => {
    for (const secret of [GUID_KEY, PLAIN_KEY, `K&<>"'+/=${PLAIN_KEY}`, `K!*()'~${PLAIN_KEY}`]) {
      const text = new Redactor(() => [secret]).text(`said: ${echo(secret)}.`);
      for (const form of everySpelling(secret)) expect(text).not.toContain(form);
      expect(text).toContain(REDACTED);
    }
  });

  it('cuts long texts only after redacting them, so no part of a secret is left at the cut', () => {
    const err = new Redactor(() => [GUID_KEY]).error(new IqError(`${'x'.repeat(990)}${GUID_KEY.toLowerCase()}${'z'.repeat(5000)}`));
    expect(err.message.length).toBeLessThan(1_100);
    expect(err.message).not.toMatch(/f0f4/i);
    expect(err.stack).not.toMatch(/f0f4f147/i);
  });

  it('scrubs property names also where they cannot be renamed in place (sealed, frozen, non-extensible), and cuts long ones', () => {
    const detail = (make: (o: object) => object) => make({ [`Key_${GUID_KEY}`]: 'a', other: 'b' });
    for (const make of [Object.seal, Object.freeze, Object.preventExtensions, (o: object) => o]) {
      const err = new Redactor(() => [GUID_KEY]).error(Object.assign(new IqError('fault'), { detail: detail(make) }));
      const kept = (err as unknown as { detail: Record<string, unknown> }).detail;
      expect(Object.keys(kept)).toEqual([`Key_${REDACTED}`, 'other']);
      expect(kept[`Key_${REDACTED}`]).toBe('a');
    }
    const list = Object.assign(['x'], { [GUID_KEY]: 'y' });
    const listed = new Redactor(() => [GUID_KEY]).error(Object.assign(new IqError('fault'), { detail: { list } }));
    expect(JSON.stringify(Object.getOwnPropertyNames((listed as unknown as { detail: { list: object } }).detail.list))).not.toContain('f0f4');
    const long = new Redactor(() => [GUID_KEY]).error(Object.assign(new IqError('fault'), { detail: { ['k'.repeat(50_000)]: 1 } }));
    expect(Object.keys((long as unknown as { detail: object }).detail)[0].length).toBeLessThan(2_100);
  });

  it('takes a secret with a lone surrogate without throwing (encodeURIComponent would)', () => {
    const odd = `key-\ud800-${PLAIN_KEY}`;
    expect(new Redactor(() => [odd]).text(`echo ${odd}`)).toBe(`echo ${REDACTED}`);
  });

  it('ignores a value too short to be a secret rather than blank out every such letter', () => {
    expect(new Redactor(() => ['E']).text('ECONNRESET')).toBe('ECONNRESET');
  });

  it('keeps an unexpected failure as a scrubbed cause with its stack', () => {
    const original = new TypeError(`cannot read ${GUID_KEY}`);
    const err = new Redactor(() => [GUID_KEY]).error(original);
    expect(err.message).toBe(`unexpected failure: cannot read ${REDACTED}`);
    const cause = err.cause as Error;
    expect(cause.name).toBe('TypeError');
    expect(cause.stack).toContain('secret-spellings.test.ts');
    expect(cause.stack).not.toContain(GUID_KEY);
  });
});

describe.each(['soap12', 'soap11', 'json'] as SsoTransportName[])('printIQ SSO over %s: the AppKey echoed', (transport) => {
  const soapFault = (text: string) =>
    transport === 'soap12'
      ? `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">${text}</soap:Text></soap:Reason><soap:Detail /></soap:Fault></soap:Body></soap:Envelope>`
      : `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>${text}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`;
  const fault =
    (text: string): Handler =>
    (_req, res) =>
      transport === 'json'
        ? answer(res, 500, 'application/json; charset=utf-8', JSON.stringify({ Message: text, StackTrace: '', ExceptionType: 'System.ArgumentException' }))
        : answer(res, 500, transport === 'soap12' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8', soapFault(text));
  const places: Record<string, (text: string) => Handler> = {
    'a fault': (text) => fault(`Application ${text} is not registered`),
    'an HTML error page title': (text) => (_req, res) => answer(res, 500, 'text/html', `<html><head><title>No app ${text}</title></head></html>`),
    'the Content-Encoding header': (text) => (_req, res) => answer(res, 200, 'text/xml', 'x', { 'content-encoding': text }),
    'the Content-Type header': (text) => (_req, res) => answer(res, 200, `text/x-${text}`, 'not the contract'),
  };

  describe.each(Object.keys(places))('in %s', (place) => {
    it.each(Object.keys(ECHOES))('%s', async (echo) => {
      for (const appKey of [GUID_KEY, PLAIN_KEY]) {
        const api = await server.serve(places[place](ECHOES[echo](appKey)));
        const client = new PrintIqSsoClient({ url: api.url, appKey, transport, retry: { retries: 0 } });
        expectClean(await failure(client.request({ userName: 'testuser' })), [appKey]);
        await server.closeServer();
      }
    });
  });
});

describe('IQ Reseller: the API key and the session token echoed', () => {
  const places: Record<string, (echo: (s: string) => string) => Handler> = {
    'the sign-in refusal': (echo) => (_req, res) =>
      answer(res, 401, 'application/json', JSON.stringify({ code: 401, message: `Key ${echo(API_KEY)} unknown` })),
    'a call failure': (echo) => (req, res) =>
      req.url.includes('IntegrationAPI')
        ? answer(res, 200, 'application/json', JSON.stringify({ Data: TOKEN }))
        : answer(res, 500, 'application/json', JSON.stringify({ code: 500, message: `Session ${echo(TOKEN)} of ${echo(API_KEY)} failed` })),
    'the Content-Type of a call answer': (echo) => (req, res) =>
      req.url.includes('IntegrationAPI')
        ? answer(res, 200, 'application/json', JSON.stringify({ Data: TOKEN }))
        : answer(res, 200, `text/x-${echo(TOKEN)}`, '[]'),
  };

  describe.each(Object.keys(places))('in %s', (place) => {
    it.each(Object.keys(ECHOES))('%s', async (echo) => {
      const api = await server.serve(places[place](ECHOES[echo]));
      const origin = new URL(api.url).origin;
      const client = new IqResellerClient({ apiKey: API_KEY, signinUrl: origin, apiUrl: origin, retry: { retries: 0 } });
      expectClean(await failure(client.getCVs()), [API_KEY, TOKEN]);
      await client.close().catch(() => undefined);
    });
  });
});
