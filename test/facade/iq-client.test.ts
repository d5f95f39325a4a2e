import { IqClient, IqSsoError, IqValidationError } from '../../src';
import { startSandbox, type Sandbox } from '../../src/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.printiq.reset();
  sandbox.reseller.reset();
});

it('fromEnv() configures both halves from the documented variables', async () => {
  const iq = IqClient.fromEnv(sandbox.env);
  expect(iq.configured).toEqual({ printiq: true, reseller: true });
  const [sso, cvs] = await Promise.all([iq.sso({ userName: 'testuser' }), iq.reseller.getCVs()]);
  expect(sso.landPageUrl).toMatch(/AuthToken=[0-9a-f]{32}$/);
  expect(cvs.length).toBeGreaterThan(0);
  expect(iq.printiq.url).toBe(sandbox.printiq.url);
  expect(iq.reseller.apiUrl).toBe(sandbox.reseller.apiUrl);
  await iq.close();
  expect(sandbox.reseller.stats.sessionsEnded).toBe(1);
});

it('leaves a half unconfigured, and names the missing setting when it is used', async () => {
  const onlyReseller = IqClient.fromEnv({ IQR_API_KEY: 'k', IQR_API_URL: sandbox.env.IQR_API_URL, IQR_SIGNIN_URL: sandbox.env.IQR_SIGNIN_URL });
  expect(onlyReseller.configured).toEqual({ printiq: false, reseller: true });
  await expect(onlyReseller.sso({ userName: 'testuser' })).rejects.toThrow(/PRINTIQ_SSO_URL and PRINTIQ_SSO_APP_KEY/);
  expect(() => new IqClient({}).reseller).toThrow(/IQR_API_KEY/);
  const noKey = IqClient.fromEnv({ PRINTIQ_SSO_URL: sandbox.env.PRINTIQ_SSO_URL });
  const error = await noKey.sso({ userName: 'testuser' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IqValidationError);
  expect((error as Error).message).toContain('PRINTIQ_SSO_APP_KEY');
  expect(sandbox.printiq.stats.requests).toBe(0);
});

it('takes options directly, with each half its own settings', async () => {
  const iq = new IqClient({ printiq: { url: sandbox.printiq.url, appKey: sandbox.printiq.appKey, transport: 'json' } });
  await expect(iq.sso({ userName: 'admin' })).rejects.toBeInstanceOf(IqSsoError);
  expect(sandbox.printiq.stats.byFormat.json).toBe(1);
  expect(iq.printiq).toBe(iq.printiq);
});

it('ends the session with await using', async () => {
  {
    await using iq = IqClient.fromEnv(sandbox.env);
    await iq.reseller.getCVs();
  }
  expect(sandbox.reseller.stats.sessionsEnded).toBe(1);
});
