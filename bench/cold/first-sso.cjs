'use strict';
// One cold process: imports either the built package or nothing but
// fast-xml-parser, completes its first SSO call (SOAP 1.2), prints timings as
// JSON and exits. Plain JavaScript so no loader (tsx) is in the measurement.
//   node first-sso.cjs package <dist/src/index.js> <url> <appKey>
//   node first-sso.cjs raw     <fast-xml-parser dir> <url> <appKey>
// All times are ms since the process started (performance.timeOrigin).
const bootMs = performance.now();
const Module = require('node:module');

const [mode, modulePath, url, appKey] = process.argv.slice(2);
const parts = {};

// Time the first load of the heavy dependencies wherever they are required
// from, and node-soap's client creation (reading and parsing the WSDL).
const load = Module._load;
Module._load = function (request, ..._rest) {
  if ((request === 'soap' || request === 'fast-xml-parser') && !(`require ${request}` in parts)) {
    const t0 = performance.now();
    const exported = load.apply(this, arguments);
    parts[`require ${request}`] = performance.now() - t0;
    if (request === 'soap' && typeof exported.createClientAsync === 'function') {
      const create = exported.createClientAsync;
      exported.createClientAsync = async function (...args) {
        const t1 = performance.now();
        try {
          return await create.apply(this, args);
        } finally {
          parts['soap createClientAsync (WSDL)'] = performance.now() - t1;
        }
      };
    }
    return exported;
  }
  return load.apply(this, arguments);
};

// The first fetch includes loading Node's bundled undici and the TCP connect.
const realFetch = globalThis.fetch;
let fetches = 0;
globalThis.fetch = async function (...args) {
  if (fetches++ > 0) return realFetch.apply(this, args);
  const t0 = performance.now();
  const response = await realFetch.apply(this, args);
  parts['first fetch (undici load + connect + answer headers)'] = performance.now() - t0;
  return response;
};

const input = { userName: 'jsmith', customerCode: 'CUST001', opportunityRef: 'website' };

async function viaPackage() {
  const t0 = performance.now();
  const { PrintIqSsoClient } = require(modulePath);
  const t1 = performance.now();
  const client = new PrintIqSsoClient({ url, appKey });
  const t2 = performance.now();
  const result = await client.request(input);
  const t3 = performance.now();
  await client.request(input);
  const t4 = performance.now();
  return { result, steps: { 'require package': t1 - t0, 'create client': t2 - t1, 'first call': t3 - t2 }, firstResultMs: t3, warmCallMs: t4 - t3 };
}

async function raw() {
  const t0 = performance.now();
  const { XMLParser } = require(modulePath);
  const t1 = performance.now();
  const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, removeNSPrefix: true, parseTagValue: false });
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const call = async () => {
    const body =
      '<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">' +
      `<soap12:Body><SSORequest xmlns="http://printiq.co.nz/"><input><CusCode>${esc(input.customerCode)}</CusCode><UserName>${esc(input.userName)}</UserName>` +
      `<AppKey>${esc(appKey)}</AppKey><OpportunityRef>${esc(input.opportunityRef)}</OpportunityRef></input></SSORequest></soap12:Body></soap12:Envelope>`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="http://printiq.co.nz/SSORequest"' }, body });
    const r = parser.parse(await response.text()).Envelope.Body.SSORequestResponse.SSORequestResult;
    if (r.IsError !== 'false') throw new Error('SSO failed');
    return { simplifiedUrl: r.SimplifiedURL, landPageUrl: r.LandPageURL };
  };
  const t2 = performance.now();
  const result = await call();
  const t3 = performance.now();
  await call();
  const t4 = performance.now();
  return { result, steps: { 'require package': t1 - t0, 'create client': t2 - t1, 'first call': t3 - t2 }, firstResultMs: t3, warmCallMs: t4 - t3 };
}

(mode === 'package' ? viaPackage() : raw()).then(
  (out) => {
    if (!out.result || !String(out.result.simplifiedUrl).includes('quoteref1=')) throw new Error('no SSO result');
    process.stdout.write(JSON.stringify({ bootMs, ...out, parts, result: undefined }));
    process.exit(0);
  },
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  },
);
