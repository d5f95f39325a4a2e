// Turns a CallRequest into the HTTP request for webapi.svc, checking every
// part first: module, operation and path become path segments, so they must
// be names; query and body must be data. Nothing is sent for bad input.
import { IqValidationError } from '../errors/IqValidationError';
import type { HttpRequest } from '../http/types';
import type { CallRequest, Query } from './types';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** A path segment: a name, never `.` or `..`, nothing a URL would read as a query, fragment, scheme or escape. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

export type Format = 'json' | 'xml';

/** A call's request, its session token still to be set, and how to read its answer. */
export interface BuiltRequest {
  request: HttpRequest;
  format: Format;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new IqValidationError(`${field} must be a name of letters, digits and underscores (e.g. CV, GetCVs)`, field);
  }
  return value;
}

/** `SO/UDFS/JSON`, `Inventory/GetInventoriesCount`: relative to webapi.svc, names only. */
function checkPath(value: unknown): string {
  const segments = typeof value === 'string' ? value.split('/') : [];
  if (segments.length === 0 || segments.length > 8 || !segments.every((segment) => SEGMENT.test(segment))) {
    throw new IqValidationError(
      'path must be relative to webapi.svc, names separated by / (e.g. SO/UDFS/JSON), without .., a query, a fragment or a scheme',
      'path',
    );
  }
  return value as string;
}

/** `format` in any case; a path call without one reads the answer as its JSON or XML segment says, else as JSON. */
function checkFormat(value: unknown, path: string | undefined): Format {
  if (value === undefined) return path !== undefined && /(^|\/)xml(\/|$)/i.test(path) ? 'xml' : 'json';
  const format = typeof value === 'string' ? value.toLowerCase() : '';
  if (format !== 'json' && format !== 'xml') throw new IqValidationError('format must be json or xml (in any case)', 'format');
  return format;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The query parameters, checked: an object of strings, finite numbers and booleans. */
export function checkQuery(query: unknown): Array<[string, string]> {
  if (query === undefined) return [];
  if (!isPlainObject(query)) throw new IqValidationError('query must be an object of names and values, e.g. { SortBy: 0 }', 'query');
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(query as Query)) {
    if (value === undefined) continue;
    const fits = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!fits) throw new IqValidationError(`query.${key} must be a string, a finite number or a boolean`, `query.${key}`);
    pairs.push([key, String(value)]);
  }
  return pairs;
}

/** The body as JSON text: data only (a function, a symbol or a value JSON cannot write is refused). */
function serialiseBody(body: unknown): string {
  if (typeof body === 'function' || typeof body === 'symbol') throw new IqValidationError('body must be JSON data, not a function or a symbol', 'body');
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    throw new IqValidationError('body must be serialisable as JSON', 'body');
  }
  if (text === undefined) throw new IqValidationError('body must be serialisable as JSON', 'body');
  return text;
}

/** getCVs' filter: nothing, or an object of fields such as `{ name: 'Smith' }`. */
export function checkFilter(filter: unknown): Record<string, unknown> {
  if (filter === undefined) return {};
  if (!isPlainObject(filter)) throw new IqValidationError('the getCVs filter must be an object of fields, e.g. { name: "Smith" }', 'filter');
  return filter;
}

/** A call's parts, checked: where it goes, how its answer is read, and what it carries. */
export interface CheckedCall {
  /** Relative to webapi.svc: `SO/JSON/GetSOs`, `SO/UDFS/JSON`. */
  relative: string;
  /** For errors: `SO/GetSOs`, or the path. */
  operation: string;
  format: Format;
  method: string;
  query: Array<[string, string]>;
  body?: string;
}

export function checkCall(call: CallRequest): CheckedCall {
  if (call === null || typeof call !== 'object') throw new IqValidationError('call() needs { module, operation } or { path }', 'call');
  let relative: string;
  let operation: string;
  if (call.path !== undefined) {
    if (call.module !== undefined || call.operation !== undefined) throw new IqValidationError('give either path, or module and operation', 'path');
    relative = checkPath(call.path);
    operation = relative;
  } else {
    const module = name(call.module, 'module');
    const op = name(call.operation, 'operation');
    relative = `${module}/${checkFormat(call.format, undefined) === 'json' ? 'JSON' : 'XML'}/${op}`;
    operation = `${module}/${op}`;
  }
  const format = checkFormat(call.format, call.path);
  const method = call.method ?? (call.body === undefined ? 'GET' : 'POST');
  if (!METHODS.has(method)) throw new IqValidationError('method must be GET, POST, PUT or DELETE', 'method');
  if (method === 'GET' && call.body !== undefined) throw new IqValidationError('a GET call cannot carry a body', 'body');
  const query = checkQuery(call.query);
  const body = call.body === undefined ? undefined : serialiseBody(call.body);
  return { relative, operation, format, method, query, body };
}

/** The operation a call names, for tracing before it is checked: `SO/GetSOs`, or its path. */
export function operationOf(call: CallRequest | undefined): string {
  // String(), not a template: a symbol given by mistake is named, and refused by the checks after, not thrown here.
  return typeof call?.path === 'string' ? call.path : `${String(call?.module)}/${String(call?.operation)}`;
}

export function buildCallRequest(apiUrl: string, call: CallRequest): BuiltRequest {
  const { relative, operation, format, method, query, body } = checkCall(call);
  // A module/operation path is made of checked names: only a raw path or a query needs URL's encoding.
  let url = `${apiUrl}/webapi.svc/${relative}`;
  if (call.path !== undefined || query.length > 0) {
    const parsed = new URL(url);
    for (const [key, value] of query) parsed.searchParams.set(key, value);
    url = parsed.href;
  }
  const accept = format === 'json' ? 'application/json' : 'application/xml';
  // The session token is set by the client before each send; the shape stays the same from call to call.
  const headers: Record<string, string> =
    body === undefined
      ? { accept, 'iqr-session-token': '' }
      : { accept, 'content-type': 'application/json', 'content-encoding': 'UTF8', 'iqr-session-token': '' };
  const request: HttpRequest = {
    method,
    url,
    headers,
    body,
    operation,
    idempotent: call.idempotent ?? method === 'GET',
    signal: call.signal,
  };
  return { request, format };
}
