// The session events on iq-integration:session: what a subscriber learns of
// the session's life (created, waited, expired, refreshed, ended) and why,
// never a token or the key. Against the IQ Reseller sandbox.
import diagnostics from 'node:diagnostics_channel';
import { CHANNEL_NAMES, IqResellerClient, type SessionEvent } from '../../src';
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';
import { everySpelling, expectNoSecrets } from '../support/secret-checks';

const API_KEY = 'session-events-api-key-0b7f';
let sandbox: ResellerSandbox;
let events: SessionEvent[];
const record = (event: unknown) => events.push(event as SessionEvent);

beforeEach(async () => {
  sandbox = await startResellerSandbox({ apiKeys: [API_KEY], cvCount: 2 });
  events = [];
  diagnostics.subscribe(CHANNEL_NAMES.session, record);
});
afterEach(async () => {
  diagnostics.unsubscribe(CHANNEL_NAMES.session, record);
  await sandbox.close();
});

const client = (extra: Partial<ConstructorParameters<typeof IqResellerClient>[0]> = {}) =>
  new IqResellerClient({ apiKey: API_KEY, signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, retry: { retries: 0 }, ...extra });
const names = () => events.map((e) => (e.reason ? `${e.event} (${e.reason})` : e.event));

it('a cold burst: one created, the other callers waited; the token is in no event', async () => {
  const iq = client();
  await Promise.all(Array.from({ length: 5 }, () => iq.getCVs()));
  // The four others joined while the first caller's sign-in was under way.
  expect(names()).toEqual(['waited', 'waited', 'waited', 'waited', 'created']);
  expect(events.map((e) => e.sessionsCreated)).toEqual([0, 0, 0, 0, 1]);
  await iq.close();
  expect(names().at(-1)).toBe('ended');
  const tokens = sandbox.requests.map((r) => r.headers['iqr-session-token']).filter((t): t is string => typeof t === 'string');
  expectNoSecrets(JSON.stringify(events), [['the API key', API_KEY], ...tokens.map((t): [string, string] => ['a token', t])], everySpelling);
});

it('an expired token: each refused call says expired (HTTP 401), one refresh says why', async () => {
  const iq = client();
  await iq.getCVs();
  sandbox.expireAllSessions();
  events = [];
  await Promise.all([iq.getCVs(), iq.getCVs()]);
  expect(names().filter((n) => n.startsWith('expired'))).toEqual(['expired (HTTP 401)', 'expired (HTTP 401)']);
  expect(names().filter((n) => n.startsWith('refreshed'))).toEqual(['refreshed (HTTP 401)']);
  expect(names().filter((n) => n === 'created')).toHaveLength(1);
  await iq.close();
});

it("an ended session: the vendor's 404 is told apart, and a session renewed by age says so", async () => {
  const iq = client({ maxSessionAgeMs: 60_000 });
  await iq.getCVs();
  sandbox.endAllSessions();
  events = [];
  await iq.getCVs();
  expect(names()).toEqual(['expired (HTTP 404 ended session)', 'created', 'refreshed (HTTP 404 ended session)']);
  await iq.close();

  const aging = client({ maxSessionAgeMs: 5 });
  await aging.getCVs();
  await new Promise((ok) => setTimeout(ok, 10)); // past maxSessionAgeMs
  events = [];
  await aging.getCVs();
  await aging.close();
  expect(names()).toEqual(['created', 'refreshed (age)', 'ended', 'ended']);
});
