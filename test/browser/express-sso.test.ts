// The SSO journey as a person makes it: `npm run example` (the README's Express app against the
// printIQ sandbox, on free loopback ports) opened in headless Chromium: sign in, follow the link
// and its 303 into printIQ, land on the quote page; the same URL a second time is refused; an
// Admin gets the app's refusal. Screenshots of each page: test-output/browser/.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { everySpelling } from '../support/secret-checks';
import { launchChromium } from './chromium';
import { startExample, type RunningExample } from './example-process';

/** The AppKey the sandbox accepts and the app sends; no page, answer or log line may show it. */
const APP_KEY = '5E3A9C71-0B2D-4F68-A1C4-9D7E2B6F8A30';
export const SCREENSHOTS = resolve(__dirname, '../../test-output/browser');

let browser: Browser | undefined;
let example: RunningExample | undefined;
/** Every answer the browser got (headers and body) and every page as shown, for the secret check. */
const seen: Array<Promise<string>> = [];
let quoteUrl: string | undefined;

beforeAll(async () => {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  example = await startExample({ PRINTIQ_SSO_APP_KEY: APP_KEY });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await example?.stop();
}, 30_000);

async function newPage(): Promise<Page> {
  const page = await browser!.newPage();
  // Playwright's own waits give up (with a clear message) well before the test's timeout.
  page.setDefaultTimeout(15_000);
  page.on('response', (response) => seen.push(answerText(response)));
  return page;
}

/** Closes the page once every answer it got has been read. */
async function closePage(page: Page): Promise<void> {
  await Promise.all(seen);
  await page.close();
}

async function answerText(response: Response): Promise<string> {
  const headers = JSON.stringify(await response.allHeaders());
  // Redirects have no body to read.
  const body = await response.text().catch(() => '');
  return `${response.status()} ${response.url()}\n${headers}\n${body}`;
}

/** Keeps a screenshot of the page, and what it shows, for the secret check. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  seen.push(Promise.resolve(`${await page.innerText('body')}\n${await page.content()}`));
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(example!.appUrl);
  expect(page.url()).toBe(`${example!.appUrl}login`);
  expect(await page.innerText('h1')).toBe('Sign in');
  await page.check(`input[name="user"][value="${name}"]`);
  await Promise.all([page.waitForURL(example!.appUrl), page.click('#sign-in')]);
  expect(await page.innerText('#signed-in')).toContain(`Signed in as ${name}`);
}

test('a signed-in user follows the link and its 303, and lands on the quote page as their printIQ user, for their customer, with their Ref1', async () => {
  const page = await newPage();
  await page.goto(example!.appUrl);
  await screenshot(page, '1-sign-in');
  await signIn(page, 'Alice');
  await page.fill('#ref', 'Spring mailer');
  await screenshot(page, '2-signed-in');

  const [redirect] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/printiq'), page.click('#start-quote')]);
  await page.waitForURL(/\/Simplified\/CreateQuote\.aspx\?/);
  expect(redirect.status()).toBe(303);
  expect((await redirect.allHeaders()).location).toBe(page.url());
  // The vendor's shape: `&quoteref1=` decoded once by the package, the space encoded by the browser.
  const sandboxOrigin = new URL(example!.sandboxUrl).origin;
  expect(page.url()).toMatch(new RegExp(`^${sandboxOrigin}/Simplified/CreateQuote\\.aspx\\?cusID=13926&quoteref1=Spring%20mailer&AuthToken=[0-9a-f]{32}$`));

  expect(await page.title()).toBe('New quote - printIQ sandbox');
  expect(await page.innerText('#user')).toBe('testuser');
  expect(await page.innerText('#customer')).toBe('CUST001');
  expect(await page.innerText('#cus-id')).toBe('13926');
  expect(await page.innerText('#ref1')).toBe('Spring mailer');
  await screenshot(page, '3-printiq-quote');
  quoteUrl = page.url();
  await closePage(page);
});

test('the same quote URL opened again shows the one-time refusal', async () => {
  if (!quoteUrl) throw new Error('the journey to the quote page failed: no URL to open again');
  const page = await newPage();
  const answer = await page.goto(quoteUrl);
  expect(answer?.status()).toBe(410);
  expect(await page.title()).toBe('Sign-in refused - printIQ sandbox');
  expect(await page.innerText('#reason')).toBe('This sign-in link has already been used: each AuthToken signs in once.');
  expect(await page.locator('#user').count()).toBe(0);
  await screenshot(page, '4-printiq-refuses-reuse');
  await closePage(page);
});

test("an Admin user sees the app's refusal message: printIQ refuses Admins", async () => {
  const page = await newPage();
  await signIn(page, 'Dana');
  const [answer] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/printiq'), page.click('#start-quote')]);
  await page.waitForLoadState();
  expect(answer.status()).toBe(403);
  expect(page.url()).toBe(`${example!.appUrl}printiq?ref=website`);
  expect(await page.innerText('body')).toBe('printIQ refused: SSO is not available for Admin or Factory Admin users');
  await screenshot(page, '5-app-refuses-admin');
  await closePage(page);
});

test('no page, answer, screenshot text or log line holds the AppKey; the log holds no AuthToken', async () => {
  const texts = await Promise.all(seen);
  expect(texts.length).toBeGreaterThan(10);
  const log = example!.output();
  expect(log).toContain('Alice: sent into printIQ');
  for (const text of [...texts, log]) expect(appKeyIn(text)).toBeUndefined();
  const token = quoteUrl && /AuthToken=(\w+)/.exec(quoteUrl)?.[1];
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  expect(log).not.toContain(token);
});

/** The AppKey in any spelling: a .NET Guid format (D, N, B, P) in either case, escaped, or base64. */
function appKeyIn(text: string): string | undefined {
  const digits = APP_KEY.replace(/-/g, '').toLowerCase();
  if (
    text
      .toLowerCase()
      .replace(/[-{}()\s]/g, '')
      .includes(digits)
  )
    return 'its digits';
  const forms = [APP_KEY, APP_KEY.toLowerCase(), digits].flatMap((form) => [...everySpelling(form), Buffer.from(form).toString('base64')]);
  return forms.find((form) => text.includes(form));
}
