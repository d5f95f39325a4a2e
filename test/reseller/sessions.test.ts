// The session rules of IqResellerClient, proven with counts against the local
// IQ Reseller emulator.
import { IqAuthError, IqResellerClient, IqValidationError } from '../../src';
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';

const API_KEY = 'sandbox-api-key';
let sandbox: ResellerSandbox;

beforeEach(async () => {
  sandbox = await startResellerSandbox({ cvCount: 7 });
});
afterEach(() => sandbox.close());

function client(extra: Partial<ConstructorParameters<typeof IqResellerClient>[0]> = {}) {
  return new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, retry: { retries: 0 }, ...extra });
}

const calls = (path: string) => sandbox.stats.byPath[path] ?? 0;
const SESSION = '/api/IntegrationAPI/Session';
const GET_CVS = '/webapi.svc/CV/JSON/GetCVs';

it('creates exactly one session for 100 concurrent calls on a cold client', async () => {
  const iq = client();
  const results = await Promise.all(Array.from({ length: 100 }, () => iq.getCVs()));
  expect(results.every((r) => r.length === 7)).toBe(true);
  expect(sandbox.stats.sessionsCreated).toBe(1);
  expect(iq.sessionsCreated).toBe(1);
  expect(calls(GET_CVS)).toBe(100);
});

it('sends the session token header on every call, and the key only to the session endpoint', async () => {
  const iq = client();
  await iq.getCVs();
  await iq.call({ module: 'SO', operation: 'GetSOs', query: { Page: 1, PageSize: 5, SortBy: 0 } });
  const [create, ...rest] = sandbox.requests;
  expect(create.method).toBe('POST');
  expect(create.path).toBe(SESSION);
  expect(JSON.parse(create.body)).toEqual({ APIToken: API_KEY });
  expect(create.headers['content-type']).toBe('application/json');
  expect(create.headers.accept).toBe('application/json');
  expect(rest).toHaveLength(2);
  const token = rest[0].headers['iqr-session-token'];
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  for (const request of rest) {
    expect(request.headers['iqr-session-token']).toBe(token);
    expect(request.body).not.toContain(API_KEY);
  }
  expect(rest[1].path).toBe('/webapi.svc/SO/JSON/GetSOs?Page=1&PageSize=5&SortBy=0');
});

it('refreshes once for a burst of calls that all saw the same expired token, and replays each once', async () => {
  const iq = client();
  await iq.getCVs();
  sandbox.expireAllSessions();
  sandbox.reset();
  await Promise.all(Array.from({ length: 25 }, () => iq.getCVs()));
  expect(sandbox.stats.sessionsCreated).toBe(1); // counted since reset(): the one refresh
  expect(sandbox.stats.unauthorized).toBe(25);
  expect(calls(GET_CVS)).toBe(50); // 25 refused + 25 replays
  expect(iq.sessionsCreated).toBe(2);
});

it('survives a session expiring in the middle of a burst: every call answered, one refresh, one replay per refusal', async () => {
  const iq = client();
  await iq.getCVs();
  sandbox.reset();
  const started: Promise<unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    started.push(iq.getCVs());
    if (i === 20) sandbox.expireAllSessions(); // 21 calls already out with the token, 39 to follow with it
    await new Promise((ok) => setImmediate(ok));
  }
  const results = await Promise.all(started);
  expect(results.every((r) => (r as unknown[]).length === 7)).toBe(true);
  const refused = sandbox.stats.unauthorized;
  expect(refused).toBeGreaterThan(0);
  expect(calls(GET_CVS)).toBe(60 + refused); // each refused call replayed once, and only those
  expect(sandbox.stats.sessionsCreated).toBe(1);
  expect(iq.sessionsCreated).toBe(2);
});

it('treats the 404 of an ended session like an expiry', async () => {
  const iq = client();
  await iq.getCVs();
  sandbox.endAllSessions();
  await expect(iq.getCVs()).resolves.toHaveLength(7);
  expect(iq.sessionsCreated).toBe(2);
});

it('gives IqAuthError, not a loop, when the replay is refused too', async () => {
  const iq = client();
  await iq.getCVs();
  sandbox.reset();
  sandbox.injectFault({ path: 'GetCVs', kind: 'status', status: 401, times: 2 });
  const error = await iq.getCVs().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IqAuthError);
  expect((error as IqAuthError).status).toBe(401);
  expect((error as IqAuthError).operation).toBe('CV/GetCVs');
  expect(calls(GET_CVS)).toBe(2);
  expect(calls(SESSION)).toBe(1);
});

it('reports a refused API key with the status and the vendor message, never the key', async () => {
  const iq = client({ apiKey: 'not-a-valid-key-123' });
  const error = (await iq.getCVs().catch((e: unknown) => e)) as IqAuthError;
  expect(error).toBeInstanceOf(IqAuthError);
  expect(error.status).toBe(401);
  expect(error.message).toContain('Authorization has been denied');
  expect(JSON.stringify(error) + error.message + error.stack).not.toContain('not-a-valid-key-123');
  expect(calls(GET_CVS)).toBe(0);
});

it('renews a session past maxSessionAgeMs before the vendor times it out, and ends the old one', async () => {
  const iq = client({ maxSessionAgeMs: 50 });
  await iq.getCVs();
  await new Promise((r) => setTimeout(r, 80));
  await iq.getCVs();
  expect(iq.sessionsCreated).toBe(2);
  expect(sandbox.stats.unauthorized).toBe(0);
  await iq.close(); // waits for the aged session's end too
  expect(sandbox.stats.sessionsEnded).toBe(2);
});

describe('close()', () => {
  it('ends the session with DELETE and the bearer token, once, however often it is called', async () => {
    const iq = client();
    await iq.getCVs();
    const token = sandbox.requests[1].headers['iqr-session-token'];
    await Promise.all([iq.close(), iq.close()]);
    await iq.close();
    const deletes = sandbox.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0].path).toBe(SESSION);
    expect(deletes[0].headers.authorization).toBe(`Bearer ${token}`);
    expect(sandbox.stats.sessionsEnded).toBe(1);
  });

  it('waits for calls in flight, then refuses new ones', async () => {
    const iq = client();
    await iq.getCVs();
    sandbox.injectFault({ path: 'GetCVs', kind: 'delay', ms: 150 });
    const slow = iq.getCVs();
    await new Promise((r) => setTimeout(r, 20));
    await iq.close();
    await expect(slow).resolves.toHaveLength(7);
    const order = sandbox.requests.map((r) => r.method);
    expect(order.lastIndexOf('DELETE')).toBe(order.length - 1);
    await expect(iq.getCVs()).rejects.toBeInstanceOf(IqValidationError);
  });

  it('does nothing at the vendor when no session was opened', async () => {
    await client().close();
    expect(sandbox.stats.requests).toBe(0);
  });

  it('supports await using', async () => {
    {
      await using iq = client();
      await iq.getCVs();
    }
    expect(sandbox.stats.sessionsEnded).toBe(1);
  });
});
