// The differential corpus: SSO inputs generated from a seed, and hostile
// answers made from a real one. The inputs are what PrintIqSsoClient sends on
// (it refuses control characters and characters XML cannot carry before
// anything is encoded), and aim at what encoders get wrong: XML specials,
// `]]>`, CDATA and entity lookalikes, astral and combining characters,
// whitespace, empty and omitted optionals.
import { seededRandom } from '../../support/random';

const PIECES = [
  '&',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  ']]',
  ']',
  '<![CDATA[',
  '<![CDATA[x]]>',
  '&amp;',
  '&lt;',
  '&#60;',
  '&#x3C;',
  '&nbsp;',
  '&unknown;',
  '<!--',
  '-->',
  '<?xml',
  '?>',
  '<x/>',
  '</input>',
  '<AppKey>',
  'xmlns="evil"',
  'ü',
  'Zürich',
  '東京',
  '😀',
  '𝄞',
  'e\u0301',
  '\u200b',
  '\u202e',
  '\u00a0',
  '\ufeff',
  '\ufffd',
  '\u3000',
  '\u2028',
  ' ',
  '  ',
  'a b',
  'quoteref1=',
  '&AuthToken=',
  '%26',
  '+',
  '=',
  '?',
  '#',
  '\\',
  '/',
  'DROP TABLE',
  '{}',
  '[]',
  '$',
  '`',
];
const WORDS = ['website', 'Acme', 'CUST001', "O'Reilly", 'Smith & Sons', 'R&D <Ops>', 'ref-', 'x'];

function text(next: () => number, max: number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 6);
  for (let i = 0; i < count; i++) parts.push(next() < 0.5 ? PIECES[Math.floor(next() * PIECES.length)] : WORDS[Math.floor(next() * WORDS.length)]);
  return parts.join('').slice(0, max);
}

/** A value PrintIqSsoClient accepts: not empty, no surrounding whitespace. */
function field(next: () => number, max: number): string {
  const value = text(next, max).trim();
  return value === '' ? 'x' : value;
}

export interface SsoCase {
  CusCode?: string;
  UserName: string;
  AppKey: string;
  OpportunityRef?: string;
}

/** `n` inputs; `appKey` is the one the ASMX test service accepts, used in most of them. */
export function ssoInputs(n: number, seed: number, appKey: string): SsoCase[] {
  const next = seededRandom(seed);
  const out: SsoCase[] = [];
  for (let i = 0; i < n; i++) {
    const roll = next();
    const input: SsoCase = {
      // Known users get a URL echoing the reference; unknown ones a refusal echoing the name.
      UserName: roll < 0.5 ? 'testuser' : roll < 0.7 ? `user-${field(next, 40)}` : field(next, 60),
      AppKey: next() < 0.9 ? appKey : field(next, 40),
    };
    const cus = next();
    if (cus < 0.3) input.CusCode = 'CUST001';
    else if (cus < 0.5) input.CusCode = `CUS${field(next, 30)}`;
    else if (cus < 0.6) input.CusCode = field(next, 30);
    if (next() < 0.75) input.OpportunityRef = field(next, 80);
    out.push(input);
  }
  return out;
}

export interface HostileAnswer {
  name: string;
  body: string;
}

/** Hostile and odd answers made from a real SSO answer body (`ok`) of either SOAP version. */
export function hostileAnswers(ok: string, soapNs: string): HostileAnswer[] {
  const result = (inner: string) => ok.replace(/<SSORequestResult>[\s\S]*<\/SSORequestResult>/, `<SSORequestResult>${inner}</SSORequestResult>`);
  const url = 'http://printiq.test/Simplified/CreateQuote.aspx?cusID=1&amp;quoteref1=a&amp;AuthToken=0';
  const urls = `<SimplifiedURL>${url}</SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`;
  const cases: Array<[string, string]> = [
    ['as recorded', ok],
    [
      'IsError true with a message',
      result('<IsError>true</IsError><ErrorMessage>No &amp; &lt;user&gt; ]]&gt; 😀</ErrorMessage><SimplifiedURL /><LandPageURL />'),
    ],
    ['IsError 1', result(`<IsError>1</IsError><ErrorMessage>m</ErrorMessage>${urls}`)],
    ['IsError 0', result(`<IsError>0</IsError>${urls}`)],
    ['IsError with surrounding whitespace', result(`<IsError>\n false </IsError>${urls}`)],
    ['IsError maybe', result(`<IsError>maybe</IsError>${urls}`)],
    ['IsError empty', result(`<IsError />${urls}`)],
    ['IsError missing', result(urls)],
    ['IsError twice, true then false', result(`<IsError>true</IsError><IsError>false</IsError>${urls}`)],
    ['IsError in another namespace', result(`<IsError xmlns="urn:evil">false</IsError>${urls}`)],
    ['IsError nil', result(`<IsError xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" />${urls}`)],
    ['ErrorMessage nil', result(`<IsError>false</IsError><ErrorMessage xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" />${urls}`)],
    ['an unknown field', result(`<IsError>false</IsError><Extra>1</Extra>${urls}`)],
    ['fields in another order', result(`<LandPageURL>http://printiq.test/L</LandPageURL><SimplifiedURL>${url}</SimplifiedURL><IsError>false</IsError>`)],
    [
      'a URL in CDATA',
      result(`<IsError>false</IsError><SimplifiedURL><![CDATA[http://a/?x=1&y=<2>]]></SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`),
    ],
    [
      'a URL split by a comment',
      result(`<IsError>false</IsError><SimplifiedURL>http://a/<!-- c -->b</SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`),
    ],
    [
      'character references',
      result(`<IsError>false</IsError><SimplifiedURL>http://a/&#x41;&#66;&#x1F600;</SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`),
    ],
    [
      'a URL with surrounding whitespace',
      result(`<IsError>false</IsError><SimplifiedURL>  ${url}\n</SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`),
    ],
    ['SimplifiedURL empty', result('<IsError>false</IsError><SimplifiedURL /><LandPageURL>http://printiq.test/L</LandPageURL>')],
    ['LandPageURL missing', result(`<IsError>false</IsError><SimplifiedURL>${url}</SimplifiedURL>`)],
    [
      'a nested element where text belongs',
      result(`<IsError>false</IsError><SimplifiedURL><a>http://a/</a></SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`),
    ],
    ['SSORequestResult missing', ok.replace(/<SSORequestResult>[\s\S]*<\/SSORequestResult>/, '')],
    ['SSORequestResult twice', ok.replace(/(<SSORequestResult>[\s\S]*<\/SSORequestResult>)/, '$1$1')],
    ['the answer element in another namespace', ok.replace('<SSORequestResponse xmlns="http://printiq.co.nz/">', '<SSORequestResponse xmlns="urn:other">')],
    ['another answer element', ok.replace(/SSORequestResponse/g, 'OtherResponse')],
    [
      'a SOAP Header before the Body',
      ok.replace(/(<[\w]+:Body)/, (m) => `${m.replace('Body', 'Header')}><x xmlns="urn:h">1</x>${m.replace(/<([\w]+):Body/, '</$1:Header')}>${m}`),
    ],
    ['an empty Body', ok.replace(/(<([\w]+):Body>)[\s\S]*(<\/\2:Body>)/, '$1$3')],
    ['no Body', ok.replace(/<([\w]+):Body>[\s\S]*<\/\1:Body>/, '')],
    ['a DTD', ok.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE x [<!ENTITY e "EXPANDED">]>').replace('<IsError>false', '<IsError>&e;false')],
    ['an undeclared entity', ok.replace('<IsError>false', '<IsError>false&nbsp;')],
    ['two root elements', `${ok}<extra/>`],
    ['truncated', ok.slice(0, Math.floor(ok.length * 0.8))],
    ['a __proto__ element', result(`<__proto__><IsError>true</IsError></__proto__><IsError>false</IsError>${urls}`)],
    ['a constructor element', result(`<constructor>x</constructor><IsError>false</IsError>${urls}`)],
    ['deep nesting', result(`<IsError>false</IsError>${urls}${'<d>'.repeat(200)}${'</d>'.repeat(200)}`)],
    [
      'a lone surrogate by reference',
      result(`<IsError>false</IsError><SimplifiedURL>&#xD800;</SimplifiedURL><LandPageURL>http://printiq.test/L</LandPageURL>`),
    ],
    [
      'the envelope of the other SOAP version',
      ok.split(soapNs).join(soapNs.includes('2003') ? 'http://schemas.xmlsoap.org/soap/envelope/' : 'http://www.w3.org/2003/05/soap-envelope'),
    ],
  ];
  return cases.map(([name, body]) => ({ name, body }));
}
