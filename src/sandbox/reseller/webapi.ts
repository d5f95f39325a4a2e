// The data host: `/webapi.svc/...`, authenticated by the `iqr-session-token`
// header. Most operations are `{Module}/{JSON|XML}/{Operation}`; a few are
// not (`SO/UDFS/JSON`, `Inventory/GetInventoriesCount`), as on the real host.
import { NO_ANSWER } from '../shared/http-sandbox';
import type { Reply } from '../shared/reply';
import { listFrom, type RecordList, type SampleData, type SampleRecord } from './data';
import type { Outcome, PagingRules } from './paging';
import { apiError, jsonReply, toXmlArray, xmlNumber, xmlReply } from './replies';
import type { SessionStore } from './sessions';

export interface ApiRequest {
  method: string;
  pathname: string;
  /** Query parameters with lower-cased names: WCF matches query names ignoring case. */
  query: Map<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What an operation needs besides the request. */
export interface ApiContext {
  data: SampleData;
  paging: PagingRules;
  sessions: SessionStore;
  hung(): void;
}

interface Operation {
  /** Path segments after `/webapi.svc/`, lower case; `{format}` stands for JSON or XML in any case. */
  path: string;
  method: 'GET' | 'POST';
  /** Element name of one record in XML answers (`<ArrayOfCV><CV>`) and in "no CV for the given Page". */
  element: string;
  run(request: ApiRequest, context: ApiContext, element: string): Outcome;
}

const WEBAPI_PREFIX = /^\/webapi\.svc\//i;

/** The vendor ignores case in module, format and operation. */
const OPERATIONS: Operation[] = [
  { path: 'cv/{format}/getcvs', method: 'POST', element: 'CV', run: getCvs },
  { path: 'so/{format}/getsos', method: 'GET', element: 'SO', run: (req, ctx, el) => pageOf(ctx.data.sos(), req, ctx, el) },
  { path: 'inventory/{format}/getinventories', method: 'GET', element: 'Inventory', run: (req, ctx, el) => pageOf(ctx.data.inventories(), req, ctx, el) },
  { path: 'mi/{format}/getitems', method: 'GET', element: 'Item', run: (req, ctx, el) => pageOf(ctx.data.items(), req, ctx, el) },
  {
    path: 'sodetail/{format}/getsodetails',
    method: 'GET',
    element: 'SODetail',
    run: (req, ctx) => withIntParam(req, 'SOid', (soid) => ctx.data.soDetailsOf(soid)),
  },
  {
    path: 'contact/{format}/getcontactsbycvid',
    method: 'GET',
    element: 'Contact',
    run: (req, ctx) => withIntParam(req, 'cvid', (cvid) => ctx.data.contactsOf(cvid)),
  },
  // Outside the pattern: the format comes last, or not at all.
  { path: 'so/udfs/json', method: 'POST', element: 'UDF', run: soUdfs },
  { path: 'inventory/getinventoriescount', method: 'GET', element: 'int', run: (_req, ctx) => ({ reply: xmlNumber(ctx.data.inventories().length) }) },
];

export function handleWebApi(request: ApiRequest, context: ApiContext): Reply | typeof NO_ANSWER {
  const found = findOperation(request.pathname);
  // Routing comes before authentication, as in WCF: an unknown endpoint is 404 whatever the token.
  if (!found) return apiError(404, 'Endpoint not found.');
  const { operation, format } = found;
  if (request.method !== operation.method) return apiError(405, 'Method not allowed.');

  const denied = checkSessionToken(request.headers['iqr-session-token'], context.sessions);
  if (denied) return denied;

  const outcome = operation.run(request, context, operation.element);
  if (outcome === NO_ANSWER) return NO_ANSWER;
  if ('reply' in outcome) return outcome.reply;
  return format === 'xml' ? xmlReply(200, toXmlArray(operation.element, outcome.records)) : jsonReply(200, outcome.records);
}

function findOperation(pathname: string): { operation: Operation; format: 'json' | 'xml' } | undefined {
  if (!WEBAPI_PREFIX.test(pathname)) return undefined;
  const segments = pathname.replace(WEBAPI_PREFIX, '').replace(/\/$/, '').toLowerCase().split('/');
  for (const operation of OPERATIONS) {
    const pattern = operation.path.split('/');
    if (pattern.length !== segments.length) continue;
    let format: 'json' | 'xml' = 'json';
    const fits = pattern.every((part, i) => {
      if (part !== '{format}') return part === segments[i];
      if (segments[i] !== 'json' && segments[i] !== 'xml') return false;
      format = segments[i] as 'json' | 'xml';
      return true;
    });
    if (fits) return { operation, format };
  }
  return undefined;
}

function checkSessionToken(header: string | string[] | undefined, sessions: SessionStore): Reply | undefined {
  const token = Array.isArray(header) ? header[0] : header;
  switch (sessions.state(token)) {
    case 'live':
      return undefined;
    case 'ended':
      // Vendor quirk: a token whose session was ended is "not found", not "unauthorized".
      return apiError(404, 'Session not found');
    default:
      return apiError(401, 'Session token is invalid or has expired');
  }
}

function pageOf(list: RecordList, request: ApiRequest, context: ApiContext, element: string): Outcome {
  return context.paging.page(list, element, request.query.get('page'), request.query.get('pagesize'), context.hung);
}

/** `POST CV/json/GetCVs` takes an optional JSON filter: name (contains, any case), cvid, Page, PageSize. */
function getCvs(request: ApiRequest, context: ApiContext, element: string): Outcome {
  const filter = parseFilter(request.body);
  if (!filter) return { reply: apiError(400, 'The request body is not a valid JSON object.') };
  const rawName = filter.get('name');
  const name = typeof rawName === 'string' ? rawName.toLowerCase() : '';
  const cvid = filter.get('cvid');
  const byName = name !== '';
  const byId = cvid !== undefined && cvid !== null && cvid !== '';
  let cvs = context.data.cvs();
  if (byName || byId) {
    const kept: SampleRecord[] = [];
    for (let at = 0; at < cvs.length; at++) {
      const cv = cvs.at(at);
      if (byName && !String(cv.name).toLowerCase().includes(name)) continue;
      if (byId && cv.cvid !== Number(cvid)) continue;
      kept.push(cv);
    }
    cvs = listFrom(kept);
  }
  return context.paging.page(cvs, element, filter.get('page') ?? undefined, filter.get('pagesize') ?? undefined, context.hung);
}

/** `POST SO/UDFS/JSON` with `{"SOid": n}`: the user-defined fields of that order. */
function soUdfs(request: ApiRequest, context: ApiContext): Outcome {
  const soid = Number(parseFilter(request.body)?.get('soid'));
  if (!Number.isInteger(soid) || soid < 1 || soid > context.data.sos().length) return { reply: apiError(400, 'SOid must name a sales order.') };
  return { records: [1, 2, 3].map((n) => ({ soid, udfname: `udf${n}`, udfvalue: `value ${n} of SO${100000 + soid}` })) };
}

/** Body fields with lower-cased names (the vendor's JSON binding ignores case); undefined when not a JSON object. */
function parseFilter(body: string): Map<string, unknown> | undefined {
  if (body.trim() === '') return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null) return new Map();
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return new Map(Object.entries(parsed).map(([key, value]) => [key.toLowerCase(), value]));
}

function withIntParam(request: ApiRequest, name: string, load: (id: number) => SampleRecord[]): Outcome {
  const text = request.query.get(name.toLowerCase());
  if (text === undefined || !/^-?\d+$/.test(text.trim())) {
    return { reply: apiError(400, `Query parameter '${name}' must be an integer.`) };
  }
  return { records: load(Number(text)) };
}
