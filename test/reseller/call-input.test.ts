// call() and getCVs(): format in any case, raw paths outside {Module}/{format}/{Operation},
// opt-in normalising, and input that is refused before anything is sent.
import { IqResellerClient, IqValidationError } from '../../src';
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';

let sandbox: ResellerSandbox;
beforeEach(async () => {
  sandbox = await startResellerSandbox({ cvCount: 3, inventoryCount: 42 });
});
afterEach(() => sandbox.close());

const client = () => new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, retry: { retries: 0 } });
const lastPath = () => sandbox.requests.at(-1)!.path;

it.each(['json', 'JSON', 'Json'] as const)('format %s reads JSON from the {Module}/JSON/{Operation} URL', async (format) => {
  const cvs = await client().call<unknown[]>({ module: 'CV', operation: 'GetCVs', method: 'POST', body: {}, format });
  expect(cvs).toHaveLength(3);
  expect(lastPath()).toBe('/webapi.svc/CV/JSON/GetCVs');
  expect(sandbox.requests.at(-1)!.headers.accept).toBe('application/json');
});

it.each(['xml', 'XML', 'Xml'] as const)('format %s reads XML from the {Module}/XML/{Operation} URL', async (format) => {
  const answer = await client().call<{ ArrayOfCV: { CV: unknown[] } }>({ module: 'CV', operation: 'GetCVs', method: 'POST', body: {}, format });
  expect(answer.ArrayOfCV.CV).toHaveLength(3);
  expect(lastPath()).toBe('/webapi.svc/CV/XML/GetCVs');
});

it('a raw path reaches POST SO/UDFS/JSON, reading JSON as its segment says', async () => {
  const udfs = await client().call<Array<{ udfname: string }>>({ path: 'SO/UDFS/JSON', method: 'POST', body: { SOid: 2 } });
  expect(udfs.map((u) => u.udfname)).toEqual(['udf1', 'udf2', 'udf3']);
  expect(sandbox.requests.at(-1)).toMatchObject({ method: 'POST', path: '/webapi.svc/SO/UDFS/JSON', body: '{"SOid":2}' });
});

it('a raw path without a format segment: Inventory/GetInventoriesCount, read as XML when asked', async () => {
  const count = await client().call<{ int: string }>({ path: 'Inventory/GetInventoriesCount', format: 'XML' });
  expect(count).toEqual({ int: '42' });
  expect(lastPath()).toBe('/webapi.svc/Inventory/GetInventoriesCount');
  expect(sandbox.requests.at(-1)!.headers.accept).toBe('application/xml');
});

it('a raw path takes a query, and names itself in errors', async () => {
  const error = await client()
    .call({ path: 'Nope/JSON', query: { a: 1 } })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'IqNotFoundError', operation: 'Nope/JSON' });
  expect(lastPath()).toBe('/webapi.svc/Nope/JSON?a=1');
});

it.each([
  ['../CV/JSON/GetCVs'],
  ['SO/../../admin'],
  ['SO/./UDFS'],
  ['/SO/UDFS/JSON'],
  ['SO//UDFS'],
  ['SO/UDFS/JSON?x=1'],
  ['SO/UDFS/JSON#top'],
  ['https://evil.example/x'],
  ['//evil.example/x'],
  ['SO/%2e%2e/UDFS'],
  ['SO\\UDFS'],
  ['SO/UD FS'],
  [''],
  ['a/b/c/d/e/f/g/h/i'],
])('refuses the path %j before anything is sent', async (path) => {
  await expect(client().call({ path })).rejects.toMatchObject({ name: 'IqValidationError', field: 'path' });
  expect(sandbox.stats.requests).toBe(0);
});

it.each([
  [{ path: 42 }, 'path'],
  [{ path: 'SO/UDFS/JSON', module: 'SO', operation: 'UDFS' }, 'path'],
  [{ module: Symbol('CV'), operation: 'GetCVs' }, 'module'],
  [{ module: 'CV', operation: Symbol('GetCVs') }, 'operation'],
  [{ module: 'CV', operation: 'GetCVs', format: 'yaml' }, 'format'],
  [{ module: 'CV', operation: 'GetCVs', format: 42 }, 'format'],
  [{ module: 'CV', operation: 'GetCVs', query: 'Page=1' }, 'query'],
  [{ module: 'CV', operation: 'GetCVs', query: ['Page=1'] }, 'query'],
  [{ module: 'CV', operation: 'GetCVs', query: new Map([['Page', 1]]) }, 'query'],
  [{ module: 'CV', operation: 'GetCVs', query: { Page: Number.NaN } }, 'query.Page'],
  [{ module: 'CV', operation: 'GetCVs', query: { Page: Infinity } }, 'query.Page'],
  [{ module: 'CV', operation: 'GetCVs', query: { Page: 1n } }, 'query.Page'],
  [{ module: 'CV', operation: 'GetCVs', method: 'POST', body: () => ({}) }, 'body'],
  [{ module: 'CV', operation: 'GetCVs', method: 'POST', body: Symbol('x') }, 'body'],
  [{ module: 'CV', operation: 'GetCVs', method: 'POST', body: { n: 1n } }, 'body'],
  [{ module: 'CV', operation: 'GetCVs', method: 'POST', body: { toJSON: () => undefined } }, 'body'],
])('refuses the call %p before anything is sent', async (request, field) => {
  const error = await client()
    .call(request as never)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IqValidationError);
  expect(error).toMatchObject({ field });
  expect(sandbox.stats.requests).toBe(0);
});

it.each([['x'], [42], [true], [['name']], [null], [new Date()]])('getCVs(%p) is refused before anything is sent', async (filter) => {
  await expect(client().getCVs(filter as never)).rejects.toMatchObject({ name: 'IqValidationError', field: 'filter' });
  expect(sandbox.stats.requests).toBe(0);
});

it('getCVs() and getCVs({}) still post an empty filter', async () => {
  await client().getCVs();
  await client().getCVs({});
  const bodies = sandbox.requests.filter((r) => r.path.includes('GetCVs')).map((r) => r.body);
  expect(bodies).toEqual(['{}', '{}']);
});

describe('normalize', () => {
  it('is off by default: the answer is as the vendor sent it', async () => {
    const [so] = await client().call<Array<Record<string, unknown>>>({ module: 'SO', operation: 'GetSOs', query: { Page: 1, PageSize: 1 } });
    expect(so.orderdate).toBe('1/2/2024 12:00:00 AM');
    expect(so.customername).toMatch(/ {2,}$/);
  });

  it('with normalize: true, dates become ISO 8601 and padded text is trimmed, at any depth', async () => {
    const [so] = await client().call<Array<Record<string, unknown>>>({ module: 'SO', operation: 'GetSOs', query: { Page: 1, PageSize: 1 }, normalize: true });
    expect(so.orderdate).toBe('2024-01-02T00:00:00');
    expect(so.modifieddate).toMatch(/^2024-01-02T\d{2}:\d{2}:\d{2}$/);
    expect(so.customername).toMatch(/^\S(.*\S)?$/);
    const [line] = so.SODetails as Array<Record<string, unknown>>;
    expect(line.description).toMatch(/^\S(.*\S)?$/);
    expect(typeof so.soid).toBe('number');
    const [cv] = await client().call<Array<Record<string, unknown>>>({ module: 'CV', operation: 'GetCVs', method: 'POST', body: {}, normalize: true });
    expect(cv.lastmodified).toBe('2024-01-02T00:00:00.000Z');
  });
});
