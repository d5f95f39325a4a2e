// The differential proof: the generated codec against node-soap (the oracle,
// as this package used it before), on the same inputs and the same answers.
// - Requests: for every corpus input and both SOAP versions, the two envelopes
//   must be equal as canonical XML, and the action headers equal.
// - Answers recorded from the real ASMX service (when one is given) for part of
//   the corpus: both readers must give deep-equal results, and the service must
//   have read the codec's request exactly (it echoes the reference in the URL).
// - Hostile answers: both readers, compared on the schema's fields and on what
//   PrintIqSsoClient makes of them. Every difference must be one the table
//   below explains, with who is right and why (the evidence is in
//   test/contract/catalog-asmx.test.ts, where ASP.NET itself reads the same XML).
import { SSORequest } from '../../../generated/authentication/codec';
import { IqError } from '../../../src/errors/IqError';
import { HttpPipeline } from '../../../src/http/pipeline';
import { ResponseHeaders } from '../../../src/http/response-headers';
import { toSsoResult } from '../../../src/printiq/result';
import { readSoapAnswer } from '../../../src/soap/answer';
import { envelope, soapHeaders } from '../../../src/soap/envelope';
import { ENVELOPE_NAMESPACE, MEDIA_TYPE, type SoapVersion } from '../../../src/soap/versions';
import { canonicalXml } from './canonical';
import { hostileAnswers, ssoInputs, type SsoCase } from './corpus';
import { nodeSoapOracle, type Oracle } from './oracle';

export const VERSIONS: SoapVersion[] = ['1.2', '1.1'];

/** Hostile answers where the two readers differ, and who is right. */
export const EXPLAINED: Readonly<Record<string, string>> = {
  'IsError maybe': 'node-soap hands the text "maybe" on as the boolean; the codec refuses it (xsd:boolean). PrintIqSsoClient refuses both ways.',
  'IsError empty': 'node-soap hands "" on as the boolean; the codec refuses it (xsd:boolean). PrintIqSsoClient refuses both ways.',
  'IsError twice, true then false':
    'node-soap makes an array of the two; the codec refuses a repeated single field (ASP.NET would take the first, true). PrintIqSsoClient refuses both ways.',
  'IsError in another namespace':
    "node-soap ignores namespaces and reads it as IsError; the codec skips it as an unknown element, as ASP.NET's XmlSerializer does, so IsError is missing and the answer refused (issue 9.21).",
  'IsError nil':
    'node-soap drops the nil IsError; the codec refuses a nil where the schema allows none, for a required field. PrintIqSsoClient refuses both ways.',
  'a nested element where text belongs': 'node-soap hands the nested object on as the URL; the codec refuses it. PrintIqSsoClient refuses both ways.',
  'SSORequestResult twice': 'node-soap makes an array; the codec refuses a repeated single field. PrintIqSsoClient refuses both ways.',
  'the answer element in another namespace':
    "node-soap reads the answer element whatever its namespace; the codec refuses it, as ASP.NET's XmlSerializer refuses an unexpected element (issue 9.21).",
  'deep nesting': "node-soap reads an unknown element nested 200 deep; the codec's reader refuses nesting past 100 levels, a hostile shape (issue 9.22).",
  'the envelope of the other SOAP version': "node-soap does not check the envelope's version; the codec refuses an answer in the other version than asked.",
  'two root elements': 'node-soap (sax) reads the first root and ignores what follows; the codec refuses a document with two roots (issue 9.21).',
  'IsError missing': 'node-soap returns the result without its required IsError; the codec refuses it. PrintIqSsoClient refuses both ways.',
  'an empty Body': 'node-soap resolves with no result; the codec refuses a Body without the answer element. PrintIqSsoClient refuses both ways.',
  'no Body': 'node-soap resolves with no result; the codec refuses an envelope without a Body. PrintIqSsoClient refuses both ways.',
  'an undeclared entity':
    "node-soap's sax reads &nbsp; (an HTML entity) as if declared; the codec refuses a reference to an undeclared entity, as .NET's XmlReader does (test/contract/catalog-asmx.test.ts).",
  'a __proto__ element':
    "node-soap fails on an element named __proto__; the codec skips it as an element the schema does not name, as ASP.NET's XmlSerializer skips unknown elements.",
  'a constructor element':
    "node-soap fails on an element named constructor; the codec skips it as an element the schema does not name, as ASP.NET's XmlSerializer skips unknown elements.",
};

export interface Difference {
  kind: 'request' | 'answer';
  version: SoapVersion;
  /** The corpus input's index, or the hostile answer's name. */
  subject: string;
  detail: string;
}

export interface DifferentialReport {
  inputs: number;
  /** Request envelopes compared (inputs × versions). */
  requests: number;
  /** Answers recorded from the ASMX service and read by both. */
  recorded: number;
  /** Recorded successes whose URL showed the service read the codec's reference exactly. */
  echoed: number;
  /** Hostile answers × versions read by both. */
  hostile: number;
  /** Differences the table explains. */
  explained: Array<Difference & { reason: string }>;
  /** Differences nothing explains: must be none. */
  unexplained: Difference[];
  /** Explanations no difference needed: the table must hold none. */
  unused: string[];
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

const FIELDS = ['IsError', 'ErrorMessage', 'SimplifiedURL', 'LandPageURL'] as const;

/** node-soap's result on the schema's fields only (it also keeps elements the schema does not name). */
function projected(result: unknown): unknown {
  const raw = (result as { SSORequestResult?: unknown } | null)?.SSORequestResult;
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw === undefined ? {} : { SSORequestResult: raw };
  const fields = Object.fromEntries(FIELDS.filter((f) => f in raw).map((f) => [f, (raw as Record<string, unknown>)[f]]));
  return { SSORequestResult: fields };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const outcome = async (run: () => unknown): Promise<Outcome> => {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    // The package mapped node-soap's own failures to IqProtocolError.
    return { ok: false, error: error instanceof IqError ? error.name : 'IqProtocolError' };
  }
};
/** What PrintIqSsoClient makes of a result: the URLs, or the error class. */
const asSso = (o: Outcome): Outcome =>
  (o.ok ? outcome(() => toSsoResult((o.value as { SSORequestResult?: unknown })?.SSORequestResult, { operation: 'SSORequest' })) : o) as unknown as Outcome;
const show = (o: Outcome) => (o.ok ? JSON.stringify(o.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) : o.error);

function answerOf(version: SoapVersion, body: string, status = 200) {
  return {
    status,
    headers: new ResponseHeaders({ 'content-type': `${MEDIA_TYPE[version]}; charset=utf-8` }),
    body,
    bytes: Buffer.byteLength(body),
    url: 'http://printiq.test/',
  };
}

const REQUEST = { method: 'POST', url: 'http://printiq.test/', headers: {}, operation: 'SSORequest', idempotent: true };

async function compareAnswer(
  oracle: Oracle,
  version: SoapVersion,
  body: string,
): Promise<{ codec: Outcome; oracle: Outcome; codecSso: Outcome; oracleSso: Outcome }> {
  const codec = await outcome(() => readSoapAnswer(answerOf(version, body), version, SSORequest, REQUEST));
  const theirs = await outcome(async () =>
    projected((await oracle.call({ UserName: 'u', AppKey: 'k' }, { status: 200, contentType: `${MEDIA_TYPE[version]}; charset=utf-8`, body })).result),
  );
  const [codecSso, oracleSso] = await Promise.all([asSso(codec), asSso(theirs)]);
  return { codec, oracle: theirs, codecSso, oracleSso };
}

export interface DifferentialOptions {
  inputs: number;
  seed: number;
  appKey: string;
  /** The ASMX service to record answers from; without it, no answers are recorded. */
  asmxUrl?: string;
  /** Record an answer for every n-th input. Default 4. */
  recordEvery?: number;
}

export async function runDifferential(options: DifferentialOptions): Promise<DifferentialReport> {
  const inputs = ssoInputs(options.inputs, options.seed, options.appKey);
  const report: DifferentialReport = { inputs: inputs.length, requests: 0, recorded: 0, echoed: 0, hostile: 0, explained: [], unexplained: [], unused: [] };
  const pipeline = new HttpPipeline({ retry: { retries: 0 } });
  const canned = { status: 500, contentType: 'text/plain', body: 'not read' };
  for (const version of VERSIONS) {
    const oracle = await nodeSoapOracle(version);
    const action = SSORequest.actions[version]!;
    let recordedOk: string | undefined;
    for (const [index, input] of inputs.entries()) {
      const ours = { body: envelope(version, SSORequest.write({ input })), headers: soapHeaders(version, action) };
      const sent = (
        await oracle
          .call(input as unknown as Record<string, string>, canned)
          .catch((e: { exchange: { request: { body: string; headers: Record<string, string> } } }) => e)
      ).exchange.request!;
      report.requests++;
      const theirsHeaders = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k.toLowerCase(), v.replace(/\s+/g, ' ')]));
      if (canonicalXml(ours.body) !== canonicalXml(sent.body))
        report.unexplained.push({ kind: 'request', version, subject: `input ${index}`, detail: `${ours.body}\n!==\n${sent.body}` });
      else if (theirsHeaders['content-type'] !== ours.headers['content-type'] || (version === '1.1' && theirsHeaders.soapaction !== ours.headers.soapaction)) {
        report.unexplained.push({
          kind: 'request',
          version,
          subject: `input ${index}`,
          detail: `headers ${JSON.stringify(ours.headers)} !== ${JSON.stringify(sent.headers)}`,
        });
      }
      if (options.asmxUrl && index % (options.recordEvery ?? 4) === 0) {
        const response = await pipeline.send({
          method: 'POST',
          url: options.asmxUrl,
          headers: ours.headers,
          body: ours.body,
          operation: 'SSORequest',
          idempotent: true,
        });
        report.recorded++;
        const compared = await compareAnswer(oracle, version, response.body);
        if (!same(compared.codec, compared.oracle) || !same(compared.codecSso, compared.oracleSso)) {
          report.unexplained.push({
            kind: 'answer',
            version,
            subject: `recorded for input ${index}`,
            detail: `codec ${show(compared.codec)} vs node-soap ${show(compared.oracle)}`,
          });
        }
        if (compared.codecSso.ok) {
          recordedOk ??= response.body;
          if (echoesExactly(input, compared.codecSso.value as { simplifiedUrl: string })) report.echoed++;
          else
            report.unexplained.push({
              kind: 'answer',
              version,
              subject: `recorded for input ${index}`,
              detail: 'the service did not read the reference the codec sent',
            });
        }
      }
    }
    const base = recordedOk ?? (await import('./recorded')).RECORDED[version];
    for (const hostile of hostileAnswers(base, ENVELOPE_NAMESPACE[version])) {
      report.hostile++;
      const compared = await compareAnswer(oracle, version, hostile.body);
      const codecLevel = same(compared.codec, compared.oracle);
      const ssoLevel = same(compared.codecSso, compared.oracleSso);
      if (codecLevel && ssoLevel) continue;
      const difference: Difference = {
        kind: 'answer',
        version,
        subject: hostile.name,
        detail: `codec ${show(compared.codec)} vs node-soap ${show(compared.oracle)}; PrintIqSsoClient: codec ${show(compared.codecSso)} vs node-soap ${show(compared.oracleSso)}`,
      };
      const reason = EXPLAINED[hostile.name];
      if (reason) report.explained.push({ ...difference, reason });
      else report.unexplained.push(difference);
    }
  }
  report.unused = Object.keys(EXPLAINED).filter((name) => !report.explained.some((d) => d.subject === name));
  return report;
}

/** A success's SimplifiedURL carries the reference (and customer) exactly as sent: the service read the codec's request right. */
function echoesExactly(input: SsoCase, result: { simplifiedUrl: string }): boolean {
  if (input.OpportunityRef === undefined) return !result.simplifiedUrl.includes('quoteref1=');
  return result.simplifiedUrl.includes(`quoteref1=${input.OpportunityRef}&AuthToken=`);
}
