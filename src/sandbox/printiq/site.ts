import { iisErrorPage } from '../shared/iis-error-page';
import type { Reply } from '../shared/reply';
import type { AuthTokens, TokenRefusal } from './auth-tokens';
import { customerCode } from './rules';
import { escapeXmlAttribute as escapeHtml } from './xml';

/**
 * The tenant's ASP.NET application, as far as a client or a browser sees it: the headers it
 * adds, the service's help page, and the two pages the SSO URLs open (a new quote and the
 * landing page), each signing the token's user in once. Paths match ignoring case, as on IIS.
 */

/** The headers an ASP.NET application on IIS adds to every answer. */
const ASPNET_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'private, max-age=0',
  server: 'Microsoft-IIS/10.0',
  'x-aspnet-version': '4.0.30319',
  'x-powered-by': 'ASP.NET',
};

/** An answer of the ASP.NET application itself. */
export function serviceReply(status: number, contentType: string, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...ASPNET_HEADERS, 'content-type': contentType, ...headers }, body };
}

/** `GET Authentication.asmx`: the generated service page, which links the operation and the WSDL. */
export function serviceHelpPage(serviceUrl: string): Reply {
  const url = escapeHtml(serviceUrl);
  const body = [
    '<html><head><title>Authentication Web Service</title></head><body>',
    '<h2>Authentication</h2>',
    `<p>The following operations are supported. For a formal definition, please review the <a href="${url}?WSDL">Service Description</a>.</p>`,
    `<ul><li><a href="${url}?op=SSORequest">SSORequest</a></li></ul>`,
    '</body></html>',
  ].join('\r\n');
  return serviceReply(200, 'text/html; charset=utf-8', body);
}

export const QUOTE_PATH = '/Simplified/CreateQuote.aspx';
export const LANDING_PATH = '/LandPage.aspx';

/**
 * The answer of a site page, or undefined when `url` names none. A GET with a live AuthToken
 * uses the token up and shows the page; any other token gets a refusal page (see TokenRefusal).
 */
export function sitePage(method: string, url: URL, tokens: AuthTokens): Reply | undefined {
  const path = url.pathname.toLowerCase();
  const page = path === QUOTE_PATH.toLowerCase() ? quotePage : path === LANDING_PATH.toLowerCase() ? landingPage : undefined;
  if (!page) return undefined;
  if (method !== 'GET') return iisErrorPage(405);
  const redemption = tokens.redeem(queryValue(url, 'AuthToken') ?? '');
  if (!redemption.ok) return refusalPage(redemption.refusal);
  return htmlPage(200, page(redemption.grant.userName, url));
}

/** Request.QueryString[name] of ASP.NET: the name ignoring case, repeated values joined by commas. */
function queryValue(url: URL, name: string): string | undefined {
  const values = [...url.searchParams].filter(([key]) => key.toLowerCase() === name.toLowerCase()).map(([, value]) => value);
  return values.length === 0 ? undefined : values.join(',');
}

/** The new quote, for the customer and with the Ref1 its URL names, as printIQ reads them from the URL. */
function quotePage(userName: string, url: URL): PageContent {
  const cusId = queryValue(url, 'cusID');
  const customer = cusId === undefined ? 'none chosen' : (customerCode(cusId) ?? `no customer has cusID ${cusId}`);
  return {
    title: 'New quote',
    main: [
      `<p>Signed in as <strong id="user">${escapeHtml(userName)}</strong>.</p>`,
      '<dl>',
      `<dt>Customer</dt><dd id="customer">${escapeHtml(customer)}</dd>`,
      `<dt>cusID</dt><dd id="cus-id">${escapeHtml(cusId ?? '')}</dd>`,
      `<dt>Ref1</dt><dd id="ref1">${escapeHtml(queryValue(url, 'quoteref1') ?? '')}</dd>`,
      '</dl>',
    ],
  };
}

function landingPage(userName: string): PageContent {
  return {
    title: 'Home',
    main: [`<p>Signed in as <strong id="user">${escapeHtml(userName)}</strong>.</p>`, '<p>Your jobs, quotes and customers would be here.</p>'],
  };
}

const REFUSALS: Record<TokenRefusal, { status: number; reason: string }> = {
  used: { status: 410, reason: 'This sign-in link has already been used: each AuthToken signs in once.' },
  expired: { status: 410, reason: 'This sign-in link has expired.' },
  unknown: { status: 404, reason: 'This sign-in link is not valid: its AuthToken was never issued here.' },
};

function refusalPage(refusal: TokenRefusal): Reply {
  const { status, reason } = REFUSALS[refusal];
  return htmlPage(status, {
    title: 'Sign-in refused',
    main: [`<p id="reason" data-refusal="${refusal}">${escapeHtml(reason)}</p>`, '<p>Go back to the application that sent you here for a new link.</p>'],
  });
}

interface PageContent {
  title: string;
  main: string[];
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;color:#222}header{background:#1d4f91;color:#fff;padding:.8em 1.5em;font-weight:600}' +
  'header small{font-weight:400;opacity:.8;margin-left:.5em}main{padding:1em 1.5em}dl{display:grid;grid-template-columns:max-content auto;gap:.4em 1.5em}' +
  'dt{font-weight:600}dd{margin:0}';

/** Never cached and never sent on as a Referer: the page's URL carries the AuthToken. */
function htmlPage(status: number, { title, main }: PageContent): Reply {
  const body = [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - printIQ sandbox</title><style>${STYLE}</style></head>`,
    '<body><header>printIQ<small>sandbox</small></header>',
    `<main><h1>${escapeHtml(title)}</h1>`,
    ...main,
    '</main></body></html>',
  ].join('\r\n');
  return serviceReply(status, 'text/html; charset=utf-8', body, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
}
