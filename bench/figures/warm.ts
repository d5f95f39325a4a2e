// Figures 1-4: a warm call of each kind against its hand-written floor, in
// interleaved blocks (bench/lib/stats.ts), with further rows for fetch,
// node-soap, and the package's own pipeline carrying the floor's exchange
// (which splits the package's cost between the pipeline and the rest).
import { XMLParser } from 'fast-xml-parser';
import { performance } from 'node:perf_hooks';
import type { IqResellerClient, PrintIqSsoClient } from '../../src';
import type { HttpPipeline } from '../../src/http/pipeline';
import { API_KEY, APP_KEY, SSO_INPUT } from '../lib/canned';
import {
  fetchGetCVs,
  fetchJsonSso,
  fetchSession,
  fetchSoap,
  floorGetCVs,
  floorJsonSso,
  floorSession,
  floorSoap,
  nodeSoapClient,
  ssoEnvelope,
  ssoHeaders,
  type SoapVersion,
} from '../lib/floor';
import { interleave, medianCi, ratios, summarize, type Blocks, type InterleaveOptions, type Summary, type Variant } from '../lib/stats';

export const SSO_PATH = '/webservice/Authentication.asmx';

/**
 * The package as users run it: the built bundle (bench/lib/package-snapshot.ts), not the sources
 * through tsx, whose transpiled output does work per call that the build does not (it names every
 * inner function as it is made). HttpPipeline, for the attribution rows, is tsc's output beside it.
 */
export interface BuiltPackage {
  PrintIqSsoClient: typeof PrintIqSsoClient;
  IqResellerClient: typeof IqResellerClient;
  HttpPipeline: typeof HttpPipeline;
}
/** The goal of issue 10 for every warm call: at most this times its floor. */
export const WARM_GOAL = 1.15;

export interface Comparison {
  id: string;
  title: string;
  subject: string;
  baseline: string;
  subjectUs: Summary;
  baselineUs: Summary;
  subjectCpuUs: number;
  baselineCpuUs: number;
  /** subject / baseline, block against block within each round. */
  ratio: Summary;
  ci: [number, number];
  goal?: number;
}

export interface GroupResult {
  name: string;
  options: InterleaveOptions;
  variants: { name: string; wallUs: Summary; cpuUs: Summary }[];
  comparisons: Comparison[];
  seconds: number;
}

interface Row {
  name: string;
  call: () => Promise<unknown>;
}

/** Runs the rows interleaved; row 0 is the floor, row 1 the package, and every other row is compared with the floor too. */
async function group(
  name: string,
  options: InterleaveOptions,
  rows: Row[],
  ids: string[],
  extra: Array<[id: string, title: string, subject: number, baseline: number]> = [],
): Promise<GroupResult> {
  const variants: Variant[] = rows.map((r) => ({ name: r.name, call: r.call }));
  for (const v of variants) await v.call(); // each must work before anything is timed
  const t0 = performance.now();
  const blocks = await interleave(variants, options);
  const compare = (id: string, title: string, s: number, b: number, goal?: number): Comparison => {
    const r = ratios(blocks[s].wallUs, blocks[b].wallUs);
    return {
      id,
      title,
      subject: rows[s].name,
      baseline: rows[b].name,
      subjectUs: summarize(blocks[s].wallUs),
      baselineUs: summarize(blocks[b].wallUs),
      subjectCpuUs: summarize(blocks[s].cpuUs).median,
      baselineCpuUs: summarize(blocks[b].cpuUs).median,
      ratio: summarize(r),
      ci: medianCi(r),
      goal,
    };
  };
  const comparisons = [
    compare(ids[0], `${name}: the package vs the hand-written floor`, 1, 0, WARM_GOAL),
    ...rows.slice(2).map((row, i) => compare(`${ids[0]}${String.fromCharCode(97 + i)}`, `${name}: ${row.name} vs the floor`, i + 2, 0)),
    ...extra.map(([id, title, s, b]) => compare(id, title, s, b)),
  ];
  return {
    name,
    options,
    variants: variants.map((v, i) => ({ name: v.name, wallUs: summarize((blocks[i] as Blocks).wallUs), cpuUs: summarize(blocks[i].cpuUs) })),
    comparisons,
    seconds: (performance.now() - t0) / 1000,
  };
}

const fxp = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, removeNSPrefix: true, parseTagValue: false });

/** The floor's exchange carried by the package's HttpPipeline: what the pipeline alone costs. */
function viaPipeline(pipeline: HttpPipeline, url: string, version: SoapVersion): () => Promise<unknown> {
  return async () => {
    const response = await pipeline.send({
      method: 'POST',
      url,
      headers: ssoHeaders(version),
      body: ssoEnvelope(version),
      operation: 'SSORequest',
      idempotent: true,
    });
    const r = fxp.parse(response.body).Envelope.Body.SSORequestResponse.SSORequestResult;
    if (response.status !== 200 || r.IsError !== 'false') throw new Error('SSO failed');
    return r;
  };
}

export async function soapGroup(built: BuiltPackage, base: string, version: SoapVersion, options: InterleaveOptions): Promise<GroupResult> {
  const { PrintIqSsoClient, HttpPipeline } = built;
  const url = `${base}${SSO_PATH}`;
  const transport = version === '1.2' ? 'soap12' : 'soap11';
  const ours = new PrintIqSsoClient({ url, appKey: APP_KEY, transport });
  return group(
    `SSO over SOAP ${version}`,
    options,
    [
      { name: `floor: node:http keep-alive, template envelope, fast-xml-parser`, call: () => floorSoap(url, version) },
      { name: `PrintIqSsoClient (${transport})`, call: () => ours.request(SSO_INPUT) },
      { name: 'fetch, template envelope, fast-xml-parser', call: () => fetchSoap(url, version) },
      { name: 'node-soap direct (createClientAsync + SSORequestAsync)', call: await nodeSoapClient(url, version) },
      { name: "attribution: the floor's exchange through HttpPipeline", call: viaPipeline(new HttpPipeline({}), url, version) },
    ],
    [version === '1.2' ? '1' : '2'],
    [
      [
        version === '1.2' ? '1p' : '2p',
        `SOAP ${version}: the package vs the floor's exchange through HttpPipeline (the codec's, checks' and client's share)`,
        1,
        4,
      ],
    ],
  );
}

export async function jsonGroup(built: BuiltPackage, base: string, options: InterleaveOptions): Promise<GroupResult> {
  const { PrintIqSsoClient, HttpPipeline } = built;
  const url = `${base}${SSO_PATH}`;
  const ours = new PrintIqSsoClient({ url, appKey: APP_KEY, transport: 'json' });
  const pipeline = new HttpPipeline({});
  return group(
    'SSO over JSON',
    options,
    [
      { name: 'floor: node:http keep-alive, JSON.parse', call: () => floorJsonSso(url) },
      { name: 'PrintIqSsoClient (json)', call: () => ours.request(SSO_INPUT) },
      { name: 'fetch, response.json()', call: () => fetchJsonSso(url) },
      {
        name: "attribution: the floor's exchange through HttpPipeline",
        call: async () =>
          JSON.parse(
            (
              await pipeline.send({
                method: 'POST',
                url: `${url}/SSORequest`,
                headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
                body: JSON.stringify({ input: { CusCode: 'CUST001', UserName: 'jsmith', AppKey: APP_KEY, OpportunityRef: 'website' } }),
                operation: 'SSORequest',
                idempotent: true,
              })
            ).body,
          ),
      },
    ],
    ['3'],
  );
}

export async function getCvsGroup(built: BuiltPackage, base: string, options: InterleaveOptions): Promise<GroupResult> {
  const { IqResellerClient, HttpPipeline } = built;
  const client = new IqResellerClient({ apiKey: API_KEY, signinUrl: base, apiUrl: base });
  await client.getCVs(); // the session is made here: every measured call is warm
  const token = await floorSession(base, API_KEY);
  const fetchToken = await fetchSession(base, API_KEY);
  const pipeline = new HttpPipeline({});
  const url = `${base}/webapi.svc/CV/JSON/GetCVs`;
  const headers = { accept: 'application/json', 'content-type': 'application/json', 'content-encoding': 'UTF8', 'iqr-session-token': token };
  try {
    return await group(
      'getCVs (warm session)',
      options,
      [
        { name: 'floor: node:http keep-alive with the session header, JSON.parse', call: () => floorGetCVs(base, token) },
        { name: 'IqResellerClient.getCVs()', call: () => client.getCVs() },
        { name: 'fetch, response.json()', call: () => fetchGetCVs(base, fetchToken) },
        { name: 'control: the floor again (A/A: the noise of the method)', call: () => floorGetCVs(base, token) },
        {
          name: "attribution: the floor's exchange through HttpPipeline",
          call: async () => JSON.parse((await pipeline.send({ method: 'POST', url, headers, body: '{}', operation: 'CV/GetCVs', idempotent: true })).body),
        },
      ],
      ['4'],
    );
  } finally {
    await client.close();
  }
}
