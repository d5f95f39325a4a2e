// Bad input and bad configuration are IqValidationError naming the field,
// found before anything is sent, with a message that says what is wrong and
// never quotes the AppKey.
import { IqError, IqValidationError, PrintIqSsoClient, type PrintIqSsoOptions, type SsoRequestInput, type SsoTransportName } from '../../src';
import { answer, startScriptedServer, type ScriptedServer } from '../support/scripted-server';

const KEY = 'SECRET-APPKEY-7f3a9c';
const TENANT = 'https://tenant.example.com/webservice/Authentication.asmx';

const SUCCESS: Record<SsoTransportName, { type: string; body: string }> = {
  soap12: {
    type: 'application/soap+xml; charset=utf-8',
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>' +
      '<SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult><IsError>false</IsError><ErrorMessage></ErrorMessage>' +
      '<SimplifiedURL>https://t/s?AuthToken=1</SimplifiedURL><LandPageURL>https://t/l?AuthToken=1</LandPageURL></SSORequestResult></SSORequestResponse>' +
      '</soap12:Body></soap12:Envelope>',
  },
  soap11: {
    type: 'text/xml; charset=utf-8',
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      '<SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult><IsError>false</IsError><ErrorMessage></ErrorMessage>' +
      '<SimplifiedURL>https://t/s?AuthToken=1</SimplifiedURL><LandPageURL>https://t/l?AuthToken=1</LandPageURL></SSORequestResult></SSORequestResponse>' +
      '</soap:Body></soap:Envelope>',
  },
  json: {
    type: 'application/json; charset=utf-8',
    body: '{"d":{"IsError":false,"ErrorMessage":null,"SimplifiedURL":"https://t/s?AuthToken=1","LandPageURL":"https://t/l?AuthToken=1"}}',
  },
};

let server: ScriptedServer;
beforeEach(async () => {
  // Answers a valid call, so that "nothing was sent" is what the counters below prove.
  server = await startScriptedServer((req, res) => {
    const wire = req.url.endsWith('/SSORequest') ? SUCCESS.json : String(req.headers['content-type']).startsWith('text/xml') ? SUCCESS.soap11 : SUCCESS.soap12;
    answer(res, 200, wire.type, wire.body);
  });
});
afterEach(async () => {
  await server.close();
});

function expectNothingSent(): void {
  expect(server.requests).toHaveLength(0);
  expect(server.connections).toBe(0);
}

/** The validation error a call or constructor produced, with the checks every one of them must pass. */
function checked(error: unknown, field: string | undefined, mentions = field): IqValidationError {
  expect(error).toBeInstanceOf(IqValidationError);
  expect(error).toBeInstanceOf(IqError);
  const err = error as IqValidationError;
  expect(err.name).toBe('IqValidationError');
  expect(err.field).toBe(field);
  if (mentions !== undefined) expect(err.message).toContain(mentions);
  expect(err.message).not.toContain(KEY);
  expect(String(err.stack)).not.toContain(KEY);
  expect(JSON.stringify(err)).not.toContain(KEY);
  return err;
}

function constructorError(options: unknown): unknown {
  try {
    new PrintIqSsoClient(options as PrintIqSsoOptions);
  } catch (error) {
    return error;
  }
  throw new Error(`expected the constructor to throw for ${JSON.stringify(options)}`);
}

const LONG = 'x'.repeat(10_000);

describe.each(['soap12', 'soap11', 'json'] as const)('request() validation, %s transport', (transport) => {
  let client: PrintIqSsoClient;
  beforeEach(() => {
    client = new PrintIqSsoClient({ url: server.url, appKey: KEY, transport, retry: { retries: 0 } });
  });

  async function rejection(input: unknown): Promise<unknown> {
    let outcome: unknown;
    try {
      outcome = await client.request(input as SsoRequestInput);
    } catch (error) {
      return error;
    }
    throw new Error(`expected a rejection for ${JSON.stringify(input)}, got ${JSON.stringify(outcome)}`);
  }

  it('a valid call goes out (the control for every "nothing sent" below)', async () => {
    await expect(client.request({ userName: 'testuser', customerCode: 'CUST001', opportunityRef: 'website' })).resolves.toEqual({
      simplifiedUrl: 'https://t/s?AuthToken=1',
      landPageUrl: 'https://t/l?AuthToken=1',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects (does not throw synchronously), so callers can await it', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.request({ userName: '' });
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(IqValidationError);
    expectNothingSent();
  });

  it.each([
    ['missing', {}, /required/],
    ['empty', { userName: '' }, /empty/],
    ['whitespace only', { userName: '   ' }, /empty|whitespace/],
    ['a tab only', { userName: '\t' }, /empty|whitespace|control/],
    ['leading whitespace', { userName: ' testuser' }, /whitespace/],
    ['trailing whitespace', { userName: 'testuser ' }, /whitespace/],
    ['a number', { userName: 42 }, /string.*number/],
    ['null', { userName: null }, /string.*null/],
    ['an object', { userName: { name: 'testuser' } }, /string.*object/],
    ['an array', { userName: ['testuser'] }, /string/],
    ['a boolean', { userName: true }, /string.*boolean/],
    ['10 000 characters', { userName: LONG }, /longer than 256/],
  ])('userName %s -> IqValidationError(userName)', async (_label, input, message) => {
    const err = checked(await rejection(input), 'userName');
    expect(err.message).toMatch(message);
    expectNothingSent();
  });

  describe.each(['userName', 'customerCode', 'opportunityRef'] as const)('%s', (field) => {
    const input = (value: unknown) => ({ userName: 'testuser', [field]: value });

    it.each([
      ['NUL', '\u0000'],
      ['a newline', '\n'],
      ['a carriage return', '\r'],
      ['DEL', '\u007f'],
      ['a C1 control (NEL)', '\u0085'],
      ['ESC', '\u001b'],
    ])('with %s inside -> IqValidationError naming the field', async (_label, control) => {
      const err = checked(await rejection(input(`ab${control}cd`)), field);
      expect(err.message).toMatch(/control characters/);
      expectNothingSent();
    });

    it.each([
      ['a lone high surrogate', '\uD83D', 'U+D83D'],
      ['a lone low surrogate', '\uDE00', 'U+DE00'],
      ['U+FFFE', '\uFFFE', 'U+FFFE'],
      ['U+FFFF', '\uFFFF', 'U+FFFF'],
    ])('with %s (which XML cannot carry) inside -> IqValidationError, not U+FFFD on the wire', async (_label, character, named) => {
      const err = checked(await rejection(input(`ab${character}cd`)), field);
      expect(err.message).toContain(`XML 1.0 cannot carry (${named} at position 2)`);
      expectNothingSent();
    });

    it('10 000 characters long -> IqValidationError naming the field and the limit', async () => {
      const err = checked(await rejection(input(LONG)), field);
      expect(err.message).toMatch(/longer than \d+ characters/);
      expect(err.message).not.toContain(LONG.slice(0, 50));
      expectNothingSent();
    });

    it.each([
      ['a number', 7],
      ['null', null],
      ['an object', {}],
      ['an array', []],
      ['empty', ''],
      ['whitespace only', '  '],
    ])('%s -> IqValidationError naming the field', async (_label, value) => {
      checked(await rejection(input(value)), field);
      expectNothingSent();
    });
  });

  it('the limits themselves are accepted: userName 256, customerCode 256, opportunityRef 1024', async () => {
    const input = { userName: 'u'.repeat(256), customerCode: 'c'.repeat(256), opportunityRef: 'o'.repeat(1024) };
    await expect(client.request(input)).resolves.toBeDefined();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toContain('o'.repeat(1024));
    await expect(client.request({ ...input, userName: 'u'.repeat(257) })).rejects.toMatchObject({ field: 'userName' });
    await expect(client.request({ ...input, customerCode: 'c'.repeat(257) })).rejects.toMatchObject({ field: 'customerCode' });
    await expect(client.request({ ...input, opportunityRef: 'o'.repeat(1025) })).rejects.toMatchObject({ field: 'opportunityRef' });
    expect(server.requests).toHaveLength(1);
  });

  it('text that is not control characters is accepted as is (accents, CJK, emoji, markup)', async () => {
    await expect(client.request({ userName: 'José 山田 🙂', customerCode: '<b>&amp;</b>', opportunityRef: 'a"b\'c' })).resolves.toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'testuser'],
    ['a number', 1],
    ['an array', [{ userName: 'testuser' }]],
  ])('input %s -> IqValidationError(input)', async (_label, input) => {
    // The whole argument is at fault: the message says what it should be.
    const err = checked(await rejection(input), 'input', 'userName');
    expect(err.message).toMatch(/object with a userName/);
    expectNothingSent();
  });

  it.each([
    ['username (wrong case)', { username: 'testuser' }, 'username'],
    ['UserName (the wire name)', { UserName: 'testuser' }, 'UserName'],
    ['AppKey, next to a valid userName', { userName: 'testuser', AppKey: KEY }, 'AppKey'],
    ['CusCode, next to a valid userName', { userName: 'testuser', CusCode: 'CUST001' }, 'CusCode'],
  ])('an unknown field %s -> IqValidationError naming it and the expected fields', async (_label, input, field) => {
    const err = checked(await rejection(input), field);
    expect(err.message).toMatch(/unknown field/);
    expect(err.message).toContain('userName');
    expectNothingSent();
  });
});

describe('constructor validation', () => {
  const valid = (): PrintIqSsoOptions => ({ url: server.url, appKey: KEY });

  it('a valid configuration constructs and sends nothing yet', () => {
    const client = new PrintIqSsoClient(valid());
    expect(client.url).toBe(server.url);
    expect(client.transport).toBe('soap12');
    expectNothingSent();
  });

  it.each([
    ['no options', undefined],
    ['null options', null],
    ['a string', TENANT],
  ])('%s -> IqValidationError asking for an options object', (_label, options) => {
    const err = constructorError(options);
    expect(err).toBeInstanceOf(IqValidationError);
    expect((err as Error).message).toMatch(/options/);
    expectNothingSent();
  });

  describe('appKey', () => {
    it.each([
      ['missing', undefined, /required/],
      ['null', null, /required/],
      ['empty', '', /required/],
      ['whitespace only', '   ', /empty|whitespace/],
      ['with a space inside', 'SECRET APPKEY', /whitespace/],
      ['with a leading space', ` ${KEY}`, /whitespace/],
      ['with a trailing newline', `${KEY}\n`, /whitespace|control/],
      ['with a tab', `${KEY}\t`, /whitespace|control/],
      ['with a non-breaking space', `SECRET\u00a0APPKEY`, /whitespace|control/],
      ['with NUL', `${KEY}\u0000`, /control/],
      ['with a lone surrogate', `${KEY}\uD800`, /cannot carry/],
      ['with U+FFFF', `${KEY}\uFFFF`, /cannot carry/],
      ['a number', 12345, /string.*number/],
      ['an object', { key: KEY }, /string.*object/],
      ['too long', 'k'.repeat(10_000), /longer than/],
    ])('%s -> IqValidationError(appKey)', (_label, appKey, message) => {
      const err = checked(constructorError({ ...valid(), appKey }), 'appKey');
      expect(err.message).toMatch(message);
      // The attempted key is not quoted either.
      if (typeof appKey === 'string' && appKey.trim()) expect(err.message).not.toContain(appKey.trim().slice(0, 12));
      expectNothingSent();
    });
  });

  describe('url', () => {
    it.each([
      ['missing', undefined, /non-empty URL/],
      ['empty', '', /non-empty URL/],
      ['whitespace only', '  ', /non-empty URL/],
      ['a number', 443, /non-empty URL/],
      ['not a URL', 'not a url', /not a valid URL/],
      ['a relative path', '/webservice/Authentication.asmx', /not a valid URL/],
      ['a host without scheme', 'tenant.example.com/webservice/Authentication.asmx', /not a valid URL/],
      ['an ftp: URL', 'ftp://tenant.example.com/webservice/Authentication.asmx', /http\(s\).*ftp:/],
      ['a file: URL', 'file:///etc/passwd', /http\(s\).*file:/],
      ['a javascript: URL', 'javascript:alert(1)', /http\(s\)/],
      ['a URL with user and password', 'https://user:pass@tenant.example.com/webservice/Authentication.asmx', /credentials/],
      ['a URL with a user only', 'https://user@tenant.example.com/webservice/Authentication.asmx', /credentials/],
    ])('%s -> IqValidationError(url)', (_label, url, message) => {
      const err = checked(constructorError({ ...valid(), url }), 'url');
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('pass');
      expectNothingSent();
    });

    it.each([
      'http://tenant.example.com/webservice/Authentication.asmx',
      'http://gpo.printiq.com/webservice/Authentication.asmx',
      'http://localhost.attacker.example/webservice/Authentication.asmx',
      'http://127.0.0.1.nip.io/webservice/Authentication.asmx',
      'http://10.0.0.5/webservice/Authentication.asmx',
      'http://0.0.0.0/webservice/Authentication.asmx',
    ])('plain http to a host other than this machine (%s) is refused with a message about https', (url) => {
      const err = checked(constructorError({ ...valid(), url }), 'url');
      expect(err.message).toMatch(/https/);
      expect(err.message).toMatch(/allowInsecureHttp/);
      expect(() => new PrintIqSsoClient({ ...valid(), url, allowInsecureHttp: true })).not.toThrow();
    });

    it('allowInsecureHttp must be exactly true: a truthy string does not switch the check off', () => {
      const url = 'http://tenant.example.com/webservice/Authentication.asmx';
      checked(constructorError({ ...valid(), url, allowInsecureHttp: 'yes' }), 'url');
    });

    it.each([
      'http://localhost:1/',
      'http://127.0.0.1:1/',
      'http://127.0.0.2:1/webservice/Authentication.asmx',
      'http://[::1]:1/',
      'https://tenant.example.com/webservice/Authentication.asmx',
      TENANT,
    ])('%s is accepted without allowInsecureHttp', (url) => {
      const client = new PrintIqSsoClient({ url, appKey: KEY });
      expect(client.url).toBe(new URL(url).href);
    });
  });

  describe('transport and limits', () => {
    it.each(['soap13', 'SOAP12', 'rest', '', 'soap'])('transport %p -> IqValidationError(transport) listing the choices', (transport) => {
      const err = checked(constructorError({ ...valid(), transport }), 'transport');
      expect(err.message).toContain('soap12, soap11, json');
      expectNothingSent();
    });

    it.each([
      ['timeoutMs', 0],
      ['timeoutMs', -1],
      ['timeoutMs', Number.NaN],
      ['timeoutMs', Number.POSITIVE_INFINITY],
      ['timeoutMs', '1000'],
      ['maxResponseBytes', 0],
      ['maxResponseBytes', -5],
    ])('%s %p -> IqValidationError naming it', (field, value) => {
      const err = checked(constructorError({ ...valid(), [field]: value }), field);
      expect(err.message).toMatch(/positive/);
      expectNothingSent();
    });

    it('a positive timeoutMs and maxResponseBytes are accepted', () => {
      expect(() => new PrintIqSsoClient({ ...valid(), timeoutMs: 1, maxResponseBytes: 1 })).not.toThrow();
    });
  });

  it('no constructor error quotes the key, even when every option is wrong at once', () => {
    const err = constructorError({ url: `ftp://${KEY}.example/`, appKey: KEY, transport: KEY, timeoutMs: -1 });
    expect(err).toBeInstanceOf(IqValidationError);
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect((err as Error).message).not.toContain(KEY);
    expect(String((err as Error).stack)).not.toContain(KEY);
  });
});
