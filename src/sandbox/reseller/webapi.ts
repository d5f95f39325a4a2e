import type { Reply } from '../shared/reply';
import type { SampleData, SampleRecord } from './data';
import { paginate, type PageResult } from './paging';
import { apiError, jsonReply, xmlReply } from './reply';
import type { SessionStore } from './sessions';
import { toXmlArray } from './xml';

/** The data host: `/webapi.svc/{Module}/{JSON|XML}/{Operation}`, authenticated by the `iqr-session-token` header. */

export interface ApiRequest {
  method: string;
  pathname: string;
  /** Query parameters with lower-cased names: WCF matches query names ignoring case. */
  query: Map<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Operation {
  method: 'GET' | 'POST';
  /** Element name of one record in XML answers (`<ArrayOfCV><CV>`). */
  element: string;
  run(request: ApiRequest, data: SampleData): PageResult;
}

export const WEBAPI_PATH = /^\/webapi\.svc\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i;

/** Keyed by `module/operation`, lower case: the vendor ignores case in both. */
const OPERATIONS: Record<string, Operation> = {
  'cv/getcvs': { method: 'POST', element: 'CV', run: getCvs },
  'so/getsos': {
    method: 'GET',
    element: 'SO',
    run: (req, data) => paginate(data.sos(), req.query.get('page'), req.query.get('pagesize')),
  },
  'sodetail/getsodetails': {
    method: 'GET',
    element: 'SODetail',
    run: (req, data) => withIntParam(req, 'SOid', (soid) => data.soDetailsOf(soid)),
  },
  'contact/getcontactsbycvid': {
    method: 'GET',
    element: 'Contact',
    run: (req, data) => withIntParam(req, 'cvid', (cvid) => data.contactsOf(cvid)),
  },
  'inventory/getinventories': {
    method: 'GET',
    element: 'Inventory',
    run: (req, data) => paginate(data.inventories(), req.query.get('page'), req.query.get('pagesize')),
  },
  'mi/getitems': {
    method: 'GET',
    element: 'Item',
    run: (req, data) => paginate(data.items(), req.query.get('page'), req.query.get('pagesize')),
  },
};

export function handleWebApi(request: ApiRequest, sessions: SessionStore, data: SampleData): Reply {
  const match = WEBAPI_PATH.exec(request.pathname);
  const format = match?.[2].toLowerCase();
  const operation = match && OPERATIONS[`${match[1]}/${match[3]}`.toLowerCase()];
  // Routing comes before authentication, as in WCF: an unknown endpoint is 404 whatever the token.
  if (!operation || (format !== 'json' && format !== 'xml')) return apiError(404, 'Endpoint not found.');
  if (request.method !== operation.method) return apiError(405, 'Method not allowed.');

  const denied = checkSessionToken(request.headers['iqr-session-token'], sessions);
  if (denied) return denied;

  const result = operation.run(request, data);
  if ('error' in result) return result.error;
  return format === 'xml' ? xmlReply(200, toXmlArray(operation.element, result.records)) : jsonReply(200, result.records);
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

/** `POST CV/json/GetCVs` takes an optional JSON filter: name (contains, any case), cvid, Page, PageSize. */
function getCvs(request: ApiRequest, data: SampleData): PageResult {
  const filter = parseFilter(request.body);
  if (!filter) return { error: apiError(400, 'The request body is not a valid JSON object.') };
  let cvs = data.cvs();
  const name = filter.get('name');
  if (typeof name === 'string' && name !== '') {
    cvs = cvs.filter((cv) => String(cv.name).toLowerCase().includes(name.toLowerCase()));
  }
  const cvid = filter.get('cvid');
  if (cvid !== undefined && cvid !== null && cvid !== '') cvs = cvs.filter((cv) => cv.cvid === Number(cvid));
  return paginate(cvs, asPagingValue(filter.get('page')), asPagingValue(filter.get('pagesize')));
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

function asPagingValue(value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' || typeof value === 'string' ? value : String(value);
}

function withIntParam(request: ApiRequest, name: string, load: (id: number) => SampleRecord[]): PageResult {
  const text = request.query.get(name.toLowerCase());
  if (text === undefined || !/^-?\d+$/.test(text.trim())) {
    return { error: apiError(400, `Query parameter '${name}' must be an integer.`) };
  }
  return { records: load(Number(text)) };
}
