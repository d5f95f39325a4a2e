// The URLs the demo prints lead somewhere: run against a sandbox that keeps running (as with
// `iq-integration sandbox` in another shell), each printed pair opens printIQ's pages once.
import { runJourney } from '../../src/demo/journey';
import { startSandbox, type Sandbox } from '../../src/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

test('each SSO URL the demo prints opens the quote or landing page of the sandbox, signed in once', async () => {
  const lines: string[] = [];
  await runJourney({ env: sandbox.env, userName: 'testuser', customerCode: 'CUST001', ssoUrlNote: 'NOTE', say: (line) => lines.push(line) });
  const printed = (name: string) => lines.flatMap((line) => new RegExp(`^\\s+${name}:\\s+(\\S+)$`).exec(line)?.[1] ?? []);
  const quotes = printed('simplifiedUrl');
  const landings = printed('landPageUrl');
  expect(quotes).toHaveLength(3);
  expect(landings).toHaveLength(3);
  expect(lines).toContain('   NOTE');

  const open = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, html: await res.text() };
  };
  for (const [i, url] of quotes.entries()) {
    expect(url.startsWith(`${sandbox.printiq.siteUrl}/Simplified/CreateQuote.aspx?cusID=13926&quoteref1=demo&AuthToken=`)).toBe(true);
    const page = i === 0 ? await open(url) : await open(landings[i]);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<strong id="user">testuser</strong>');
    if (i === 0) expect(page.html).toContain('<dd id="ref1">demo</dd>');
    // The other URL of the pair carries the same, now used, AuthToken.
    expect((await open(i === 0 ? landings[i] : url)).status).toBe(410);
  }
});
