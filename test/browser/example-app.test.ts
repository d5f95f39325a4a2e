// The example app over HTTP, in this process, against the printIQ sandbox: the cases around the
// journey that the browser test does not walk through.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IqClient } from 'iq-integration';
import { startPrintIqSandbox, type PrintIqSandbox } from 'iq-integration/sandbox';
import { createApp } from '../../examples/express-sso/app';
import { everySpelling } from '../support/secret-checks';

const APP_KEY = 'A7D1C3E5-9B2F-4A60-8C1D-3E5F7A9B1C2D';
const USERS = [
  { name: 'Alice', printIqUserName: 'testuser', customerCode: 'CUST001' },
  { name: 'Ben', printIqUserName: 'user-ben' },
  { name: 'Mallory', printIqUserName: 'nobody<b>here</b>' },
];

let sandbox: PrintIqSandbox;
let iq: IqClient;
let server: Server;
let base: string;

beforeAll(async () => {
  sandbox = await startPrintIqSandbox({ appKey: APP_KEY });
  iq = new IqClient({ printiq: { url: sandbox.url, appKey: APP_KEY, retry: { retries: 0 } } });
  server = createApp(iq, USERS).listen(0, '127.0.0.1');
  await new Promise((ready) => server.once('listening', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await iq.close();
  await sandbox.close();
});
afterEach(() => jest.restoreAllMocks());

async function signedIn(name: string): Promise<string> {
  const res = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ user: name }), redirect: 'manual' });
  expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
  return /sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

const get = (path: string, cookie = '') => fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });

test('without a session, the app and its SSO link send the browser to the sign-in page; nothing goes to printIQ', async () => {
  sandbox.reset();
  for (const path of ['/', '/printiq']) {
    const res = await get(path);
    expect([res.status, res.headers.get('location')]).toEqual([303, '/login']);
  }
  expect((await get('/printiq', 'sid=forged')).headers.get('location')).toBe('/login');
  expect(sandbox.stats.requests).toBe(0);
});

test('signing in as someone not on the list is a 400 with the sign-in page again', async () => {
  const res = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ user: 'Eve' }), redirect: 'manual' });
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('Choose one of these users.');
});

test('the 303 carries the URL exactly as printIQ sent it; without a ref there is no quoteref1; signing out ends the session', async () => {
  const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const cookie = await signedIn('Ben');
  const res = await get('/printiq?ref=', cookie);
  expect(res.status).toBe(303);
  expect(logged.mock.calls).toEqual([['Ben: sent into printIQ']]);
  expect(res.headers.get('location')).toMatch(new RegExp(`^${sandbox.siteUrl}/Simplified/CreateQuote\\.aspx\\?AuthToken=[0-9a-f]{32}$`));
  const out = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
  expect(out.headers.get('location')).toBe('/login');
  expect((await get('/printiq', cookie)).headers.get('location')).toBe('/login');
});

test("printIQ's refusal is shown as text: the vendor's words cannot become markup", async () => {
  const res = await get('/printiq', await signedIn('Mallory'));
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(await res.text()).toBe('printIQ refused: No user found with username nobody<b>here</b>');
});

test('a Ref1 the package refuses (control characters, too long) is a 400 naming the field; nothing goes to printIQ', async () => {
  const cookie = await signedIn('Alice');
  sandbox.reset();
  for (const ref of ['a%07b', 'x'.repeat(5000)]) {
    const res = await get(`/printiq?ref=${ref}`, cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/opportunityRef/);
  }
  expect(sandbox.stats.requests).toBe(0);
});

test('when printIQ cannot be reached the app answers 502, and its log line holds no AppKey', async () => {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const cookie = await signedIn('Alice');
  sandbox.injectFault({ kind: 'html', status: 503 });
  const res = await get('/printiq', cookie);
  expect(res.status).toBe(502);
  expect(await res.text()).toBe('printIQ could not be reached. Try again in a moment.');
  expect(logged).toHaveBeenCalledTimes(1);
  const line = String(logged.mock.calls[0][0]);
  expect(line).toMatch(/^printIQ SSO failed: IqHttpError: /);
  for (const form of [APP_KEY, APP_KEY.toLowerCase(), APP_KEY.replace(/-/g, '')].flatMap(everySpelling)) expect(line).not.toContain(form);
});
