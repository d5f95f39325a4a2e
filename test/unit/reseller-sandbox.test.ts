import { Agent, request as httpRequest } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { startResellerSandbox, type ResellerSandbox, type ResellerSandboxOptions } from '../../src/sandbox/reseller';
import { escapeXml } from '../../src/sandbox/reseller/replies';
import { SessionStore } from '../../src/sandbox/reseller/sessions';
import { freePort } from '../support/free-port';

const API_KEY = 'sandbox-api-key';
const SESSION_PATH = '/api/IntegrationAPI/Session';
const OBJECT_REFERENCE = { code: 500, message: 'Object reference not set to an instance of an object.' };
const TOKEN_INVALID = { code: 401, message: 'Session token is invalid or has expired' };
const SESSION_NOT_FOUND = { code: 404, message: 'Session not found' };

const running: ResellerSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options?: ResellerSandboxOptions): Promise<ResellerSandbox> {
  const sandbox = await startResellerSandbox(options);
  running.push(sandbox);
  return sandbox;
}

function postSession(sandbox: ResellerSandbox, body: string): Promise<Response> {
  return fetch(sandbox.signinUrl + SESSION_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
}

async function signIn(sandbox: ResellerSandbox, key = API_KEY): Promise<string> {
  const res = await postSession(sandbox, JSON.stringify({ APIToken: key }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { Data: string }).Data;
}

function endSession(sandbox: ResellerSandbox, token?: string): Promise<Response> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return fetch(sandbox.signinUrl + SESSION_PATH, { method: 'DELETE', headers });
}

/** Calls `/webapi.svc/<path>`; GET unless a body is given. */
function callApi(sandbox: ResellerSandbox, path: string, token?: string, body?: string): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers['iqr-session-token'] = token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sandbox.apiUrl}/webapi.svc/${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body });
}

type Row = Record<string, unknown>;
async function jsonOf(res: Response): Promise<Row[]> {
  return (await res.json()) as Row[];
}

function httpGetStatus(url: string, agent: Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls for up to a second; client sockets close a moment after the server drops them. */
async function eventually(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !condition(); i++) await sleep(10);
  return condition();
}

describe('session endpoint', () => {
  test('a known API key opens a session whose Data is a fresh 32-hex token', async () => {
    const sandbox = await start();
    const first = await signIn(sandbox);
    const second = await signIn(sandbox);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect(sandbox.stats.sessionsCreated).toBe(2);
  });

  test('an unknown key gets 401 with the ASP.NET message and is never echoed', async () => {
    const sandbox = await start();
    const res = await postSession(sandbox, JSON.stringify({ APIToken: 'secret-wrong-key' }));
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(text)).toEqual({ Message: 'Authorization has been denied for this request.' });
    expect(text).not.toContain('secret-wrong-key');
    expect(sandbox.stats).toMatchObject({ sessionsCreated: 0, unauthorized: 1 });
  });

  test('only the configured apiKeys are accepted', async () => {
    const sandbox = await start({ apiKeys: ['key-a', 'key-b'] });
    expect(await signIn(sandbox, 'key-b')).toMatch(/^[0-9a-f]{32}$/);
    expect((await postSession(sandbox, JSON.stringify({ APIToken: API_KEY }))).status).toBe(401);
  });

  test.each([
    ['bad JSON', '{"APIToken":'],
    ['missing APIToken', '{"Key":"sandbox-api-key"}'],
    ['empty body', ''],
    ['non-string APIToken', '{"APIToken":42}'],
  ])('%s gets 400 with a message', async (_name, body) => {
    const sandbox = await start();
    const res = await postSession(sandbox, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Message: string }).Message).toMatch(/APIToken/);
    expect(sandbox.stats.sessionsCreated).toBe(0);
  });

  test('DELETE with the bearer token ends the session: 200 with an empty body', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    const res = await endSession(sandbox, token);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(sandbox.stats.sessionsEnded).toBe(1);
  });

  test('DELETE answers 404 for an ended session and 401 for an unknown, missing or expired token', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    await endSession(sandbox, token);
    expect((await endSession(sandbox, token)).status).toBe(404);
    expect((await endSession(sandbox, 'f'.repeat(32))).status).toBe(401);
    expect((await endSession(sandbox)).status).toBe(401);
    const expiring = await signIn(sandbox);
    sandbox.expireAllSessions();
    expect((await endSession(sandbox, expiring)).status).toBe(401);
    expect(sandbox.stats).toMatchObject({ sessionsEnded: 1, unauthorized: 3 });
  });

  test('other methods on the session URL get 405', async () => {
    const sandbox = await start();
    const res = await fetch(sandbox.signinUrl + SESSION_PATH);
    expect(res.status).toBe(405);
  });
});

describe('session token on webapi.svc', () => {
  test('a missing or unknown iqr-session-token gets 401 {code,message}', async () => {
    const sandbox = await start();
    for (const token of [undefined, 'not-a-session']) {
      const res = await callApi(sandbox, 'MI/JSON/GetItems', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(TOKEN_INVALID);
    }
    expect(sandbox.stats.unauthorized).toBe(2);
  });

  test('a token older than sessionTtlMs gets 401', async () => {
    const sandbox = await start({ sessionTtlMs: 300 });
    const token = await signIn(sandbox);
    expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(200);
    await sleep(350);
    const res = await callApi(sandbox, 'MI/JSON/GetItems', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(TOKEN_INVALID);
  });

  test('expireAllSessions makes live tokens 401 while new sign-ins still work', async () => {
    const sandbox = await start();
    const old = await signIn(sandbox);
    sandbox.expireAllSessions();
    expect((await callApi(sandbox, 'MI/JSON/GetItems', old)).status).toBe(401);
    const fresh = await signIn(sandbox);
    expect((await callApi(sandbox, 'MI/JSON/GetItems', fresh)).status).toBe(200);
  });

  test('a token of a session ended by DELETE gets 404 Session not found', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    await endSession(sandbox, token);
    const res = await callApi(sandbox, 'MI/JSON/GetItems', token);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(SESSION_NOT_FOUND);
  });

  test('endAllSessions ends every live session like DELETE and counts them', async () => {
    const sandbox = await start();
    const tokens = [await signIn(sandbox), await signIn(sandbox)];
    sandbox.endAllSessions();
    for (const token of tokens) expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(404);
    expect(sandbox.stats.sessionsEnded).toBe(2);
  });

  test('routing comes before auth: unknown module, operation or format is 404 Endpoint not found', async () => {
    const sandbox = await start();
    for (const path of ['Nope/JSON/GetCVs', 'CV/JSON/GetNothing', 'CV/CSV/GetCVs', 'CV/JSON']) {
      const res = await callApi(sandbox, path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: 404, message: 'Endpoint not found.' });
    }
  });

  test('module, format and operation ignore case; a wrong HTTP method gets 405', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    expect((await callApi(sandbox, 'cv/JSON/getcvs', token, '')).status).toBe(200);
    expect((await callApi(sandbox, 'CV/json/GetCVs', token)).status).toBe(405);
  });
});

describe('data operations', () => {
  let sandbox: ResellerSandbox;
  let token: string;
  beforeEach(async () => {
    sandbox = await start();
    token = await signIn(sandbox);
  });

  test('POST CV/json/GetCVs returns a bare array of cvCount CVs with vendor fields', async () => {
    const res = await callApi(sandbox, 'CV/json/GetCVs', token, '');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const cvs = await jsonOf(res);
    expect(cvs).toHaveLength(25);
    expect(cvs.map((cv) => cv.cvid)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(cvs[0]).toEqual(
      expect.objectContaining({
        cvid: 1,
        name: expect.any(String),
        cvtype: expect.any(String),
        email: expect.stringContaining('@'),
        phone: expect.any(String),
        city: expect.any(String),
        state: expect.any(String),
        country: expect.any(String),
        isactive: expect.any(Boolean),
        udf1: expect.any(String),
        lastmodified: expect.stringMatching(/^\/Date\(\d+\)\/$/),
      }),
    );
  });

  test('sample data is deterministic and record N does not depend on the counts', async () => {
    const other = await start({ cvCount: 5 });
    const otherToken = await signIn(other);
    const small = await jsonOf(await callApi(other, 'CV/json/GetCVs', otherToken, ''));
    const full = await jsonOf(await callApi(sandbox, 'CV/json/GetCVs', token, ''));
    expect(small).toHaveLength(5);
    expect(small).toEqual(full.slice(0, 5));
  });

  test('GetCVs filters by name (contains, any case) and pages with Page/PageSize', async () => {
    const named = await jsonOf(await callApi(sandbox, 'CV/json/GetCVs', token, JSON.stringify({ name: 'SMITH' })));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThan(25);
    for (const cv of named) expect(String(cv.name).toLowerCase()).toContain('smith');

    const page = await jsonOf(await callApi(sandbox, 'CV/json/GetCVs', token, JSON.stringify({ Page: 2, PageSize: 10 })));
    expect(page.map((cv) => cv.cvid)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  test('GetCVs with a body that is not a JSON object gets 400', async () => {
    const res = await callApi(sandbox, 'CV/json/GetCVs', token, '{"name":');
    expect(res.status).toBe(400);
  });

  test('GetSOs pages are 1-based; the last partial page is served; past the end is a 500', async () => {
    const pages: Row[][] = [];
    for (const page of [1, 2, 3]) {
      const res = await callApi(sandbox, `SO/JSON/GetSOs?Page=${page}&PageSize=50&SortBy=0`, token);
      expect(res.status).toBe(200);
      pages.push(await jsonOf(res));
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat().map((so) => so.soid)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));

    const past = await callApi(sandbox, 'SO/JSON/GetSOs?Page=4&PageSize=50&SortBy=0', token);
    expect(past.status).toBe(500);
    expect(await past.json()).toEqual(OBJECT_REFERENCE);
  });

  test('after an exactly full last page, the next page is a 500 rather than an empty array', async () => {
    expect(await jsonOf(await callApi(sandbox, 'SO/JSON/GetSOs?Page=2&PageSize=60', token))).toHaveLength(60);
    expect((await callApi(sandbox, 'SO/JSON/GetSOs?Page=3&PageSize=60', token)).status).toBe(500);
  });

  test('PageSize above 500 is a 500 Object reference error; 500 itself is served', async () => {
    const big = await callApi(sandbox, 'Inventory/JSON/GetInventories?Page=1&PageSize=501', token);
    expect(big.status).toBe(500);
    expect(await big.json()).toEqual(OBJECT_REFERENCE);
    expect(await jsonOf(await callApi(sandbox, 'Inventory/JSON/GetInventories?Page=1&PageSize=500', token))).toHaveLength(120);
  });

  test('Page and PageSize that are not positive integers get 400', async () => {
    for (const query of ['Page=0&PageSize=10', 'Page=1&PageSize=ten', 'Page=-1&PageSize=10']) {
      expect((await callApi(sandbox, `SO/JSON/GetSOs?${query}`, token)).status).toBe(400);
    }
  });

  test('GetInventories honours inventoryCount and query names ignore case', async () => {
    const small = await start({ inventoryCount: 7 });
    const smallToken = await signIn(small);
    const page2 = await jsonOf(await callApi(small, 'Inventory/JSON/GetInventories?page=2&pagesize=5', smallToken));
    expect(page2.map((row) => row.inventoryid)).toEqual([6, 7]);
    expect(page2[0]).toEqual(expect.objectContaining({ itemnumber: expect.any(String), qty: expect.any(Number) }));
    expect((await callApi(small, 'Inventory/JSON/GetInventories?Page=3&PageSize=5', smallToken)).status).toBe(500);
  });

  test('GetSODetails returns the lines of one SO, adding up to its total', async () => {
    const so = (await jsonOf(await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=3', token)))[2];
    const lines = await jsonOf(await callApi(sandbox, 'SODetail/JSON/GetSODetails?SOid=3', token));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.soid).toBe(3);
    const sum = lines.reduce((total, line) => total + (line.extprice as number), 0);
    expect(so.total).toBeCloseTo(sum, 2);
    expect(so.linecount).toBe(lines.length);
    expect(await jsonOf(await callApi(sandbox, 'SODetail/JSON/GetSODetails?SOid=9999', token))).toEqual([]);
    expect((await callApi(sandbox, 'SODetail/JSON/GetSODetails', token)).status).toBe(400);
  });

  test('GetContactsByCVid returns contacts of that CV only', async () => {
    const contacts = await jsonOf(await callApi(sandbox, 'Contact/JSON/GetContactsByCVid?cvid=2', token));
    expect(contacts.length).toBeGreaterThan(0);
    for (const contact of contacts) expect(contact.cvid).toBe(2);
    expect(await jsonOf(await callApi(sandbox, 'Contact/JSON/GetContactsByCVid?cvid=999', token))).toEqual([]);
  });

  test('MI/JSON/GetItems returns the item master', async () => {
    const items = await jsonOf(await callApi(sandbox, 'MI/JSON/GetItems', token));
    expect(items.length).toBe(30);
    expect(items[0]).toEqual(expect.objectContaining({ itemid: 1, itemnumber: expect.any(String), mfg: expect.any(String) }));
  });
});

describe('paging behaviours', () => {
  const SOS = 'SO/JSON/GetSOs';
  const ids = (rows: Row[]) => rows.map((row) => row.soid);
  async function page(sandbox: ResellerSandbox, token: string, query: string): Promise<{ status: number; body: unknown }> {
    const res = await callApi(sandbox, `${SOS}?${query}`, token);
    return { status: res.status, body: await res.json() };
  }

  test('base 0: Page=0 is the first page, and a page below it is refused', async () => {
    const sandbox = await start({ soCount: 12, paging: { base: 0 } });
    const token = await signIn(sandbox);
    expect(ids((await page(sandbox, token, 'Page=0&PageSize=5')).body as Row[])).toEqual([1, 2, 3, 4, 5]);
    expect(ids((await page(sandbox, token, 'Page=2&PageSize=5')).body as Row[])).toEqual([11, 12]);
    expect((await page(sandbox, token, 'Page=-1&PageSize=5')).status).toBe(400);
  });

  test.each([
    ['object-reference', 500, OBJECT_REFERENCE],
    ['not-found', 404, { code: 404, message: 'no SO for the given Page' }],
    ['empty', 200, []],
  ] as const)('end %s: a page past the last record answers %i', async (end, status, body) => {
    const sandbox = await start({ soCount: 10, paging: { end } });
    const token = await signIn(sandbox);
    expect(await page(sandbox, token, 'Page=3&PageSize=5')).toEqual({ status, body });
    expect(await page(sandbox, token, 'Page=11&PageSize=1')).toEqual({ status, body });
    // The last record itself, and a short last page, are served.
    expect(ids((await page(sandbox, token, 'Page=10&PageSize=1')).body as Row[])).toEqual([10]);
    expect(ids((await page(sandbox, token, 'Page=2&PageSize=6')).body as Row[])).toEqual([7, 8, 9, 10]);
  });

  test('the first page of an empty list is an empty list whatever the end style', async () => {
    for (const end of ['object-reference', 'not-found', 'empty'] as const) {
      const sandbox = await start({ soCount: 0, paging: { end } });
      expect(await page(sandbox, await signIn(sandbox), 'Page=1&PageSize=5')).toEqual({ status: 200, body: [] });
    }
  });

  test('unreadable records fail every page holding them with "Specified cast is not valid.", and no other', async () => {
    const sandbox = await start({ soCount: 30, paging: { unreadable: [7, 20] } });
    const token = await signIn(sandbox);
    const cast = { status: 500, body: { code: 500, message: 'Specified cast is not valid.' } };
    expect(await page(sandbox, token, 'Page=1&PageSize=10')).toEqual(cast);
    expect(await page(sandbox, token, 'Page=8&PageSize=1')).toEqual(cast);
    expect(await page(sandbox, token, 'Page=3&PageSize=10')).toEqual(cast);
    expect(ids((await page(sandbox, token, 'Page=2&PageSize=10')).body as Row[])).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(ids((await page(sandbox, token, 'Page=7&PageSize=1')).body as Row[])).toEqual([7]);
    expect(ids((await page(sandbox, token, 'Page=9&PageSize=1')).body as Row[])).toEqual([9]);
  });

  test('maxPageSize: a larger PageSize fails with "Object reference", that size is served', async () => {
    const sandbox = await start({ soCount: 30, paging: { maxPageSize: 8 } });
    const token = await signIn(sandbox);
    expect(await page(sandbox, token, 'Page=1&PageSize=9')).toEqual({ status: 500, body: OBJECT_REFERENCE });
    expect((await page(sandbox, token, 'Page=1&PageSize=8')).body).toHaveLength(8);
  });

  test('PageSize=0, like no PageSize, is the whole list, whatever maxPageSize says', async () => {
    const sandbox = await start({ soCount: 12, paging: { maxPageSize: 10 } });
    const token = await signIn(sandbox);
    expect((await page(sandbox, token, 'Page=3&PageSize=0')).body).toHaveLength(12);
    expect((await callApi(sandbox, SOS, token)).status).toBe(200);
  });

  test('a hanging page gets no answer until the client gives up; asked again, it answers', async () => {
    const sandbox = await start({ soCount: 30, paging: { hangs: [12] } });
    const token = await signIn(sandbox);
    const url = `${sandbox.apiUrl}/webapi.svc/${SOS}?Page=2&PageSize=10`;
    const headers = { 'iqr-session-token': token };
    await expect(fetch(url, { headers, signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sandbox.stats.hung).toBe(1);
    const again = await fetch(url, { headers });
    expect(ids((await again.json()) as Row[])).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(sandbox.stats.hung).toBe(1);
  });

  test('close() ends a held request', async () => {
    const sandbox = await start({ soCount: 30, paging: { hangs: [0] } });
    const token = await signIn(sandbox);
    const held = callApi(sandbox, `${SOS}?Page=1&PageSize=10`, token).catch((error: unknown) => error);
    expect(await eventually(() => sandbox.stats.hung === 1)).toBe(true);
    await sandbox.close();
    expect(await held).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  test('the behaviours hold for every paged list, GetCVs (paged in its body) included', async () => {
    const sandbox = await start({ cvCount: 12, inventoryCount: 12, paging: { base: 0, end: 'not-found', unreadable: [3] } });
    const token = await signIn(sandbox);
    const cvs = await callApi(sandbox, 'CV/json/GetCVs', token, JSON.stringify({ Page: 1, PageSize: 5 }));
    expect((await jsonOf(cvs)).map((cv) => cv.cvid)).toEqual([6, 7, 8, 9, 10]);
    expect((await callApi(sandbox, 'CV/json/GetCVs', token, JSON.stringify({ Page: 0, PageSize: 5 }))).status).toBe(500);
    const past = await callApi(sandbox, 'Inventory/JSON/GetInventories?Page=3&PageSize=5', token);
    expect([past.status, await past.json()]).toEqual([404, { code: 404, message: 'no Inventory for the given Page' }]);
  });

  test('bad paging options are refused at start', async () => {
    for (const paging of [{ base: 2 }, { end: 'never' }, { maxPageSize: 0 }, { unreadable: [-1] }, { hangs: [1.5] }, { unreadable: 'x' }]) {
      await expect(startResellerSandbox({ paging: paging as never })).rejects.toThrow(RangeError);
    }
  });

  test('a list of a million sales orders is made as it is read', async () => {
    const sandbox = await start({ soCount: 1_000_000 });
    const token = await signIn(sandbox);
    expect(ids((await page(sandbox, token, 'Page=100000&PageSize=10')).body as Row[])).toEqual(Array.from({ length: 10 }, (_, i) => 999_991 + i));
  });
});

describe("the vendor's shapes of sales orders, and URLs outside the pattern", () => {
  test('sales orders carry US-format dates, padded text and their SODetails', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    const [so] = await jsonOf(await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=1', token));
    expect(so.orderdate).toBe('1/2/2024 12:00:00 AM');
    expect(so.modifieddate).toMatch(/^1\/2\/2024 \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(so.customername).toMatch(/^\S.*\S {2,}$/);
    expect((so.customername as string).length).toBe(40);
    const lines = await jsonOf(await callApi(sandbox, 'SODetail/JSON/GetSODetails?SOid=1', token));
    expect(so.SODetails).toEqual(lines);
    expect(lines[0].description).toMatch(/ {2,}$/);
    const xml = await (await callApi(sandbox, 'SO/XML/GetSOs?Page=1&PageSize=1', token)).text();
    expect(xml).toMatch(/<SODetails><SODetail><sodetailid>11<\/sodetailid>/);
  });

  test('POST SO/UDFS/JSON and GET Inventory/GetInventoriesCount (no format) answer', async () => {
    const sandbox = await start({ inventoryCount: 42 });
    const token = await signIn(sandbox);
    const udfs = await callApi(sandbox, 'SO/UDFS/JSON', token, JSON.stringify({ SOid: 3 }));
    expect((await jsonOf(udfs)).map((udf) => udf.udfname)).toEqual(['udf1', 'udf2', 'udf3']);
    expect((await callApi(sandbox, 'SO/UDFS/JSON', token, '{}')).status).toBe(400);
    const count = await callApi(sandbox, 'Inventory/GetInventoriesCount', token);
    expect(count.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await count.text()).toBe('<int xmlns="http://schemas.microsoft.com/2003/10/Serialization/">42</int>');
    expect((await callApi(sandbox, 'Inventory/JSON/GetInventoriesCount', token)).status).toBe(404);
  });

  test('the session store forgets the oldest of more than 10,000 tokens', () => {
    const store = new SessionStore(60_000);
    const first = store.create();
    for (let i = 0; i < 10_000; i++) store.create();
    expect(store.state(first)).toBe('unknown');
  });
});

describe('XML format', () => {
  test('CV/XML/GetCVs carries the same CVs as JSON, escaped, as application/xml', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    const json = await jsonOf(await callApi(sandbox, 'CV/json/GetCVs', token, ''));
    const res = await callApi(sandbox, 'CV/XML/GetCVs', token, '');
    const xml = await res.text();

    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(xml).toContain('<ArrayOfCV><CV><cvid>1</cvid>');
    expect(xml).toContain('Smith &amp; Sons');
    expect(xml).toContain('Blue &lt;Ridge&gt; Supply');
    expect(xml).toContain('Contoso &quot;Prime&quot;');
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);

    const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'CV' }).parse(xml) as {
      ArrayOfCV: { CV: Array<Record<string, string>> };
    };
    expect(parsed.ArrayOfCV.CV.map((cv) => cv.name)).toEqual(json.map((cv) => cv.name));
    expect(parsed.ArrayOfCV.CV[0].cvid).toBe('1');
  });

  test('XML answers for other modules use their own element names', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    const xml = await (await callApi(sandbox, 'SO/XML/GetSOs?Page=1&PageSize=2', token)).text();
    expect(xml.match(/<SO>/g)).toHaveLength(2);
    expect(xml).toContain('<ArrayOfSO>');
  });

  test('escapeXml escapes markup characters and drops characters XML cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0001g`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg');
  });
});

describe('fault injection', () => {
  let sandbox: ResellerSandbox;
  let token: string;
  beforeEach(async () => {
    sandbox = await start();
    token = await signIn(sandbox);
  });

  test('status: the next matching request gets it, then answers are normal again', async () => {
    sandbox.injectFault({ kind: 'status', status: 503, path: 'GetSOs', headers: { 'Retry-After': '2' } });
    const faulted = await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=5', token);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(await faulted.json()).toEqual({ code: 503, message: 'Service Unavailable' });
    expect((await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=5', token)).status).toBe(200);
  });

  test('status: a custom body and content type, repeated `times` times', async () => {
    sandbox.injectFault({ kind: 'status', status: 500, times: 2, body: 'boom', contentType: 'text/plain' });
    for (let i = 0; i < 2; i++) {
      const res = await callApi(sandbox, 'MI/JSON/GetItems', token);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(await res.text()).toBe('boom');
    }
    expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(200);
  });

  test('a fault only hits matching paths (string contains, or RegExp)', async () => {
    sandbox.injectFault({ kind: 'status', status: 502, path: /GetInventories$/ });
    expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(200);
    expect((await callApi(sandbox, 'Inventory/JSON/GetInventories?Page=1&PageSize=5', token)).status).toBe(502);
  });

  test('faults apply to the session URL too, before any session is created', async () => {
    sandbox.injectFault({ kind: 'status', status: 503, path: SESSION_PATH });
    const res = await postSession(sandbox, JSON.stringify({ APIToken: API_KEY }));
    expect(res.status).toBe(503);
    expect(sandbox.stats.sessionsCreated).toBe(1); // only the sign-in of beforeEach
  });

  test('an injected 401 counts as unauthorized', async () => {
    sandbox.injectFault({ kind: 'status', status: 401 });
    expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(401);
    expect(sandbox.stats.unauthorized).toBe(1);
  });

  test('reset: the socket is destroyed without an answer', async () => {
    sandbox.injectFault({ kind: 'reset', path: 'GetItems' });
    await expect(callApi(sandbox, 'MI/JSON/GetItems', token)).rejects.toThrow('fetch failed');
    expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(200);
    expect(sandbox.stats.byPath['/webapi.svc/MI/JSON/GetItems']).toBe(2);
  });

  test('delay: the answer is normal but late', async () => {
    sandbox.injectFault({ kind: 'delay', ms: 300 });
    const startedAt = Date.now();
    const res = await callApi(sandbox, 'MI/JSON/GetItems', token);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(280);
    expect(await jsonOf(res)).toHaveLength(30);
  });

  test('html: an IIS-style HTML error page, not JSON', async () => {
    sandbox.injectFault({ kind: 'html', status: 502 });
    const res = await callApi(sandbox, 'MI/JSON/GetItems', token);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    const body = await res.text();
    expect(body).toMatch(/^<!DOCTYPE html/);
    expect(body).toContain('502 - Bad Gateway');
    expect(() => JSON.parse(body)).toThrow(SyntaxError);
  });

  test('truncate: status 200 with the first half of the normal body', async () => {
    const full = Buffer.from(await (await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=20', token)).arrayBuffer());
    sandbox.injectFault({ kind: 'truncate', path: 'GetSOs' });
    const res = await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=20', token);
    const half = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(half.length).toBe(Math.floor(full.length / 2));
    expect(half.equals(full.subarray(0, half.length))).toBe(true);
    expect(() => JSON.parse(half.toString('utf8'))).toThrow(SyntaxError);
  });

  test('faults that could not be sent are refused at injection', () => {
    expect(() => sandbox.injectFault({ kind: 'status', status: 99 })).toThrow(RangeError);
    expect(() => sandbox.injectFault({ kind: 'reset', times: 0 })).toThrow(RangeError);
    expect(() => sandbox.injectFault({ kind: 'delay', ms: -1 })).toThrow(RangeError);
  });

  test('reset() clears queued faults, stats and the log but keeps sessions', async () => {
    sandbox.injectFault({ kind: 'status', status: 503 });
    sandbox.reset();
    expect(sandbox.stats).toEqual({ sessionsCreated: 0, sessionsEnded: 0, requests: 0, unauthorized: 0, byPath: {}, connections: 0, hung: 0 });
    expect(sandbox.requests).toHaveLength(0);
    expect((await callApi(sandbox, 'MI/JSON/GetItems', token)).status).toBe(200);
    expect(sandbox.stats.requests).toBe(1);
  });
});

describe('stats, log and timing', () => {
  test('the request log keeps method, path with query, headers and body', async () => {
    const sandbox = await start();
    const token = await signIn(sandbox);
    await callApi(sandbox, 'SO/JSON/GetSOs?Page=1&PageSize=5&SortBy=0', token);
    expect(sandbox.requests).toHaveLength(2);
    expect(sandbox.requests[0]).toMatchObject({ method: 'POST', path: SESSION_PATH, body: JSON.stringify({ APIToken: API_KEY }) });
    expect(sandbox.requests[1]).toMatchObject({ method: 'GET', path: '/webapi.svc/SO/JSON/GetSOs?Page=1&PageSize=5&SortBy=0', body: '' });
    expect(sandbox.requests[1].headers['iqr-session-token']).toBe(token);
    expect(sandbox.stats.byPath).toEqual({ [SESSION_PATH]: 1, '/webapi.svc/SO/JSON/GetSOs': 1 });
    expect(sandbox.stats.requests).toBe(2);
  });

  test('connections counts TCP connections: keep-alive reuses one, agent:false opens new ones', async () => {
    const sandbox = await start();
    const url = `${sandbox.apiUrl}/webapi.svc/MI/JSON/GetItems`;
    // One socket at most, so reuse does not depend on client pool timing.
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 3; i++) await httpGetStatus(url, keepAlive);
    } finally {
      keepAlive.destroy();
    }
    expect(sandbox.stats.connections).toBe(1);
    for (let i = 0; i < 2; i++) await httpGetStatus(url, false);
    expect(sandbox.stats.connections).toBe(3);
    expect(sandbox.stats.requests).toBe(5);
  });

  test('latencyMs delays every answer', async () => {
    const sandbox = await start({ latencyMs: 150 });
    const startedAt = Date.now();
    await signIn(sandbox);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });

  test('invalid options are refused at start', async () => {
    await expect(startResellerSandbox({ sessionTtlMs: 0 })).rejects.toThrow(RangeError);
    await expect(startResellerSandbox({ cvCount: -1 })).rejects.toThrow(RangeError);
  });
});

describe('port option', () => {
  test('listens on the given port, and refuses a port in use or out of range', async () => {
    const port = await freePort();
    const sandbox = await start({ port });
    expect(sandbox.signinUrl).toBe(`http://127.0.0.1:${port}`);
    expect(sandbox.apiUrl).toBe(`http://127.0.0.1:${port}`);
    await signIn(sandbox);

    await expect(startResellerSandbox({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    for (const bad of [-1, 65536, 1.5, NaN]) await expect(startResellerSandbox({ port: bad })).rejects.toThrow(RangeError);
  });
});

describe('close()', () => {
  const socketHandles = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap' || name === 'TCPSocketWrap').length;

  test('closes the server and kept-alive sockets, and cancels pending delays', async () => {
    // Sockets of earlier tests' sandboxes may still be closing; start from none at all.
    expect(await eventually(() => socketHandles() === 0)).toBe(true);
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
    try {
      const sandbox = await startResellerSandbox();
      const token = await signIn(sandbox);
      sandbox.injectFault({ kind: 'delay', ms: 43_210 });
      const pending = callApi(sandbox, 'MI/JSON/GetItems', token).catch((error: unknown) => error);
      while (sandbox.stats.requests < 2) await sleep(5);

      const delayCall = setTimeoutSpy.mock.calls.findIndex((call) => call[1] === 43_210);
      const delayTimer = setTimeoutSpy.mock.results[delayCall].value as NodeJS.Timeout;
      expect(clearTimeoutSpy).not.toHaveBeenCalledWith(delayTimer);

      expect(socketHandles()).toBeGreaterThan(0);
      // close() settles without waiting for the 43 s delay (longer than the test's timeout).
      await sandbox.close();
      expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
      // A timer left behind would keep a jest worker alive for 43 s.
      expect(clearTimeoutSpy).toHaveBeenCalledWith(delayTimer);
      await expect(fetch(sandbox.signinUrl + SESSION_PATH, { method: 'POST' })).rejects.toThrow('fetch failed');
      await sandbox.close(); // a second close is harmless

      expect(await eventually(() => socketHandles() === 0)).toBe(true);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });
});
