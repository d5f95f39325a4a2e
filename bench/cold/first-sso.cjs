'use strict';
// One cold process: loads one way of calling SSO, completes its first SOAP 1.2
// call, prints timings as JSON and exits. Plain JavaScript, so no loader (tsx)
// is in the measurement. All times are ms since the process started.
//   node first-sso.cjs package   <dist/src/index.js>     <url> <appKey>
//   node first-sso.cjs raw       <fast-xml-parser dir>   <url> <appKey>   (the hand-written floor)
//   node first-sso.cjs node-soap <soap dir> <wsdl file>  <url> <appKey>
const bootMs = performance.now();
const [mode, modulePath, ...rest] = process.argv.slice(2);
const input = { userName: 'jsmith', customerCode: 'CUST001', opportunityRef: 'website' };

async function viaPackage(url, appKey) {
  const t0 = performance.now();
  const { PrintIqSsoClient } = require(modulePath);
  const t1 = performance.now();
  const client = new PrintIqSsoClient({ url, appKey });
  const result = await client.request(input);
  return { result, steps: { 'load the package': t1 - t0, 'first call (client, codec, connect, answer)': performance.now() - t1 } };
}

async function raw(url, appKey) {
  const t0 = performance.now();
  const { XMLParser } = require(modulePath);
  const http = require('node:http');
  const t1 = performance.now();
  const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, removeNSPrefix: true, parseTagValue: false });
  const agent = new http.Agent({ keepAlive: true });
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><SSORequest xmlns="http://printiq.co.nz/"><input>' +
    `<CusCode>${esc(input.customerCode)}</CusCode><UserName>${esc(input.userName)}</UserName><AppKey>${esc(appKey)}</AppKey><OpportunityRef>${esc(input.opportunityRef)}</OpportunityRef>` +
    '</input></SSORequest></soap:Body></soap:Envelope>';
  const text = await new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="http://printiq.co.nz/SSORequest"', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const r = parser.parse(text).Envelope.Body.SSORequestResponse.SSORequestResult;
  if (r.IsError !== 'false') throw new Error('SSO failed');
  agent.destroy();
  return {
    result: { simplifiedUrl: r.SimplifiedURL, landPageUrl: r.LandPageURL },
    steps: { 'load fast-xml-parser and node:http': t1 - t0, 'first call (connect, answer, parse)': performance.now() - t1 },
  };
}

async function nodeSoap(wsdl, url) {
  const t0 = performance.now();
  const soap = require(modulePath);
  const t1 = performance.now();
  const client = await soap.createClientAsync(wsdl, { forceSoap12Headers: true }, url);
  const t2 = performance.now();
  const [result] = await client.SSORequestAsync({
    input: { CusCode: input.customerCode, UserName: input.userName, AppKey: rest[2], OpportunityRef: input.opportunityRef },
  });
  const r = result.SSORequestResult;
  return {
    result: { simplifiedUrl: r.SimplifiedURL, landPageUrl: r.LandPageURL },
    steps: { 'load soap': t1 - t0, 'createClientAsync (read the WSDL)': t2 - t1, 'first call': performance.now() - t2 },
  };
}

const run = mode === 'package' ? viaPackage(rest[0], rest[1]) : mode === 'raw' ? raw(rest[0], rest[1]) : nodeSoap(rest[0], rest[1]);
run.then(
  (out) => {
    if (!out.result || !String(out.result.simplifiedUrl).includes('quoteref1=')) throw new Error('no SSO result');
    process.stdout.write(JSON.stringify({ bootMs, firstResultMs: performance.now(), steps: out.steps }));
    process.exit(0);
  },
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  },
);
