// Calls, answers and errors of IqResellerClient against the local emulator, and
// through nock for what a server cannot easily do.
import nock from 'nock';
import { inspect } from 'node:util';
import { IqError, IqHttpError, IqNetworkError, IqNotFoundError, IqProtocolError, IqResellerClient, IqValidationError } from '../../src';
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';
import { nockInThisBlock, nockOffOutsideItsBlock } from '../support/nock-in-one-block';

nockOffOutsideItsBlock();

const API_KEY = 'sandbox-api-key';
let sandbox: ResellerSandbox;
beforeEach(async () => {
  sandbox = await startResellerSandbox({ cvCount: 3 });
});
afterEach(() => sandbox.close());

const client = (extra: object = {}) =>
  new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, retry: { retries: 2, initialDelayMs: 5 }, ...extra });

it('getCVs keeps every field the vendor sent', async () => {
  const [cv] = await client().getCVs();
  expect(cv).toMatchObject({ cvid: 1, name: expect.any(String), isactive: expect.any(Boolean) });
  expect(cv).toHaveProperty('udf1');
  expect(cv).toHaveProperty('lastmodified');
});

it('getCVs posts its filter as JSON', async () => {
  await client().getCVs({ name: 'Smith' });
  const sent = sandbox.requests.find((r) => r.path.includes('GetCVs'))!;
  expect(sent.method).toBe('POST');
  expect(JSON.parse(sent.body)).toEqual({ name: 'Smith' });
});

it('call() reaches any endpoint with a query, and reads XML answers', async () => {
  const so = await client().call<Array<{ soid: number }>>({ module: 'SO', operation: 'GetSOs', query: { Page: 2, PageSize: 3, SortBy: 0 } });
  expect(so).toHaveLength(3);
  const xml = await client().call<{ ArrayOfCV: { CV: Array<{ name: string }> } }>({
    module: 'CV',
    operation: 'GetCVs',
    method: 'POST',
    format: 'xml',
    body: {},
  });
  expect(xml.ArrayOfCV.CV).toHaveLength(3);
  const json = await client().getCVs();
  expect(xml.ArrayOfCV.CV.map((c) => c.name)).toEqual(json.map((c) => c.name));
});

it.each([
  [{ module: '../x', operation: 'GetCVs' }, 'module'],
  [{ module: 'CV', operation: 'Get CVs' }, 'operation'],
  [{ module: 'CV', operation: 'GetCVs', format: 'yaml' }, 'format'],
  [{ module: 'CV', operation: 'GetCVs', method: 'PATCH' }, 'method'],
  [{ module: 'CV', operation: 'GetCVs', method: 'GET', body: {} }, 'body'],
  [{ module: 'CV', operation: 'GetCVs', query: { a: {} } }, 'query.a'],
])('refuses bad call %j before sending anything', async (request, field) => {
  await expect(client().call(request as never)).rejects.toMatchObject({ name: 'IqValidationError', field });
  expect(sandbox.stats.requests).toBe(0);
});

it.each([
  [{ apiKey: '' }, 'apiKey'],
  [{ apiKey: 'has space' }, 'apiKey'],
  [{ apiUrl: 'http://iq.example.com' }, 'apiUrl'],
  [{ signinUrl: 'not a url' }, 'signinUrl'],
  [{ maxSessionAgeMs: -1 }, 'maxSessionAgeMs'],
])('refuses bad options %j', (options, field) => {
  expect(() => new IqResellerClient({ apiKey: API_KEY, ...options } as never)).toThrow(IqValidationError);
  try {
    new IqResellerClient({ apiKey: API_KEY, ...options } as never);
  } catch (e) {
    expect((e as IqValidationError).field).toBe(field);
  }
});

it('maps an unknown endpoint to IqNotFoundError', async () => {
  const error = (await client()
    .call({ module: 'Nope', operation: 'GetNothing' })
    .catch((e: unknown) => e)) as IqNotFoundError;
  expect(error).toBeInstanceOf(IqNotFoundError);
  expect(error.vendorMessage).toBe('Endpoint not found.');
  expect(error.operation).toBe('Nope/GetNothing');
});

it('maps a 500 to IqHttpError carrying the vendor message', async () => {
  sandbox.injectFault({ path: 'GetSOs', kind: 'status', status: 500, body: '{"code":500,"message":"Database unavailable"}', contentType: 'application/json' });
  const error = (await client()
    .call({ module: 'SO', operation: 'GetSOs' })
    .catch((e: unknown) => e)) as IqHttpError;
  expect(error).toBeInstanceOf(IqHttpError);
  expect(error.status).toBe(500);
  expect(error.vendorMessage).toBe('Database unavailable');
});

it('retries a safe call after 503 and a reset, and not an unsafe one', async () => {
  sandbox.injectFault({ path: 'GetSOs', kind: 'status', status: 503 });
  sandbox.injectFault({ path: 'GetSOs', kind: 'reset' });
  await expect(client().call({ module: 'SO', operation: 'GetSOs' })).resolves.toHaveLength(120);
  expect(sandbox.stats.byPath['/webapi.svc/SO/JSON/GetSOs']).toBe(3);
  sandbox.injectFault({ path: 'UDFS', kind: 'status', status: 503 });
  await expect(client().call({ module: 'SO', operation: 'UDFS', method: 'POST', body: {} })).rejects.toMatchObject({ status: 503 });
  expect(sandbox.stats.byPath['/webapi.svc/SO/JSON/UDFS']).toBe(1);
});

it('maps HTML and truncated JSON answers to IqProtocolError', async () => {
  sandbox.injectFault({ path: 'GetSOs', kind: 'truncate' });
  await expect(client().call({ module: 'SO', operation: 'GetSOs' })).rejects.toBeInstanceOf(IqProtocolError);
  sandbox.injectFault({ path: 'GetSOs', kind: 'html', status: 200 });
  await expect(client().call({ module: 'SO', operation: 'GetSOs' })).rejects.toBeInstanceOf(IqProtocolError);
  sandbox.injectFault({ path: 'GetSOs', kind: 'html', status: 500 });
  await expect(client().call({ module: 'SO', operation: 'GetSOs' })).rejects.toMatchObject({ name: 'IqHttpError', status: 500 });
});

it('times out a slow answer with IqTimeoutError', async () => {
  sandbox.injectFault({ path: 'GetSOs', kind: 'delay', ms: 500, times: 5 });
  await expect(client({ timeoutMs: 100, retry: { retries: 0 } }).call({ module: 'SO', operation: 'GetSOs' })).rejects.toMatchObject({
    name: 'IqTimeoutError',
    timeoutMs: 100,
  });
});

describe('through nock', () => {
  const SIGNIN = 'https://signin.iqreseller.test';
  const API = 'https://api.iqreseller.test';
  const KEY = 'NOCK-KEY-1234567890';
  const TOKEN = 'feedfacefeedfacefeedfacefeedface';
  nockInThisBlock();

  const nocked = () => new IqResellerClient({ apiKey: KEY, signinUrl: SIGNIN, apiUrl: API, retry: { retries: 1, initialDelayMs: 5 } });
  const session = () => nock(SIGNIN).post('/api/IntegrationAPI/Session', { APIToken: KEY }).reply(200, { Data: TOKEN });

  it('replays a GET after a connection reset', async () => {
    session();
    nock(API)
      .get('/webapi.svc/MI/JSON/GetItems')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(API)
      .get('/webapi.svc/MI/JSON/GetItems')
      .matchHeader('iqr-session-token', TOKEN)
      .reply(200, [{ id: 1 }]);
    await expect(nocked().call({ module: 'MI', operation: 'GetItems' })).resolves.toEqual([{ id: 1 }]);
    expect(nock.isDone()).toBe(true);
  });

  it('gives IqNetworkError with the code when resets persist', async () => {
    session();
    nock(API)
      .get('/webapi.svc/MI/JSON/GetItems')
      .times(2)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = (await nocked()
      .call({ module: 'MI', operation: 'GetItems' })
      .catch((e: unknown) => e)) as IqNetworkError;
    expect(error).toBeInstanceOf(IqNetworkError);
    expect(error.code).toBe('ECONNRESET');
  });

  it.each([
    ['a session answer without Data', { Success: true }],
    ['a session answer with a numeric Data', { Data: 42 }],
  ])('maps %s to IqProtocolError', async (_label, body) => {
    nock(SIGNIN).post('/api/IntegrationAPI/Session').reply(200, body);
    await expect(nocked().getCVs()).rejects.toBeInstanceOf(IqProtocolError);
  });

  it('maps a CV answer that is not a list, and malformed XML with a DTD, to IqProtocolError', async () => {
    session();
    nock(API).post('/webapi.svc/CV/JSON/GetCVs').reply(200, { code: 0 });
    nock(API)
      .get('/webapi.svc/CV/XML/GetCVs')
      .reply(200, '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', { 'content-type': 'application/xml' });
    const iq = nocked();
    await expect(iq.getCVs()).rejects.toBeInstanceOf(IqProtocolError);
    await expect(iq.call({ module: 'CV', operation: 'GetCVs', format: 'xml' })).rejects.toThrow(/DTD/);
  });

  it('keeps the key and the token out of every error, even when the vendor echoes them', async () => {
    session();
    nock(API)
      .post('/webapi.svc/CV/JSON/GetCVs')
      .reply(500, { code: 500, message: `bad token ${TOKEN} for key ${KEY}` });
    const error = (await nocked()
      .getCVs()
      .catch((e: unknown) => e)) as IqError;
    expect(error).toBeInstanceOf(IqHttpError);
    const seen = [error.message, error.stack, JSON.stringify(error), inspect(error, { showHidden: true, depth: 10 })].join('\n');
    expect(seen).toContain('[REDACTED]');
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain(KEY);
  });
});
