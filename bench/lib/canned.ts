// Canned, valid answers shaped like the vendors' (built once; the servers send
// them as fixed buffers so server time stays negligible), and the request both
// the package and the baselines send.

export const APP_KEY = 'F0F4F147-3C2E-4B57-A6B7-66165A6C4226';
export const API_KEY = 'bench-api-key';
export const SESSION_TOKEN = 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** The SSO input as the package takes it, and as it goes on the wire. */
export const SSO_INPUT = { userName: 'jsmith', customerCode: 'CUST001', opportunityRef: 'website' } as const;
export const WIRE_INPUT = { CusCode: 'CUST001', UserName: 'jsmith', AppKey: APP_KEY, OpportunityRef: 'website' } as const;

export const SIMPLIFIED_URL = 'https://acme.printiq.test/Simplified/CreateQuote.aspx?cusID=13926&quoteref1=website&AuthToken=6f1b2c3d4e5f60718293a4b5c6d7e8f9';
export const LAND_PAGE_URL = 'https://acme.printiq.test/Main.aspx?AuthToken=6f1b2c3d4e5f60718293a4b5c6d7e8f9&landing=quote';

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
export const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';
export const SSO_ACTION = 'http://printiq.co.nz/SSORequest';

/** What ASMX sends for a successful SSORequest (XmlSerializer's layout), in the envelope of either version. */
const answerIn = (ns: string) =>
  '<?xml version="1.0" encoding="utf-8"?>' +
  `<soap:Envelope xmlns:soap="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
  '<soap:Body><SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult>' +
  '<IsError>false</IsError>' +
  `<SimplifiedURL>${xmlText(SIMPLIFIED_URL)}</SimplifiedURL>` +
  `<LandPageURL>${xmlText(LAND_PAGE_URL)}</LandPageURL>` +
  '</SSORequestResult></SSORequestResponse></soap:Body></soap:Envelope>';
export const SOAP12_ANSWER = answerIn(SOAP12_NS);
export const SOAP11_ANSWER = answerIn(SOAP11_NS);

/** What ASMX's ScriptHandler sends for the JSON form. */
export const JSON_ANSWER = JSON.stringify({
  d: { __type: 'printIQ.SSORequestResponse', IsError: false, ErrorMessage: null, SimplifiedURL: SIMPLIFIED_URL, LandPageURL: LAND_PAGE_URL },
});
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export const SESSION_ANSWER = JSON.stringify({ Data: SESSION_TOKEN });

const STEMS = [
  'Smith & Sons',
  'Acme Components',
  "O'Reilly Parts",
  'Müller Elektronik',
  'Blue <Ridge> Supply',
  'Northwind Traders',
  'Contoso "Prime" Systems',
  'Fabrikam',
  'Globex',
  'Initech',
];
const PLACES = [
  ['Tampa', 'FL', 'USA'],
  ['Toronto', 'ON', 'Canada'],
  ['Auckland', 'AUK', 'New Zealand'],
  ['München', 'BY', 'Germany'],
  ['Leeds', 'WYK', 'United Kingdom'],
];

/** 25 CVs shaped like the vendor's (lower-case names, WCF dates). */
export const CVS = Array.from({ length: 25 }, (_, i) => {
  const cvid = i + 1;
  const [city, state, country] = PLACES[i % PLACES.length];
  return {
    cvid,
    name: `${STEMS[i % STEMS.length]} ${['Inc.', 'LLC', 'Ltd'][i % 3]}`,
    cvtype: ['Customer', 'Vendor', 'Customer/Vendor'][i % 3],
    email: `sales${cvid}@example.com`,
    phone: `+1-555-${100 + i * 7}-${1000 + i * 13}`,
    city,
    state,
    country,
    isactive: cvid % 7 !== 0,
    udf1: ['Net 30', 'Prepaid', 'COD', ''][i % 4],
    creditlimit: (i % 50) * 1000 + 1000,
    lastmodified: `/Date(${Date.UTC(2024, 0, 1) + cvid * 86_400_000})/`,
  };
});
export const CVS_ANSWER = JSON.stringify(CVS);
