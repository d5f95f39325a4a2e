// Turns a CallRequest into the HTTP request for webapi.svc, checking every
// part first: module and operation become path segments, so they must be names.
import { IqValidationError } from '../errors/IqValidationError';
import type { HttpRequest } from '../http/types';
import type { CallRequest } from './types';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new IqValidationError(`${field} must be a name of letters, digits and underscores (e.g. CV, GetCVs)`, field);
  }
  return value;
}

export function buildCallRequest(apiUrl: string, call: CallRequest): Omit<HttpRequest, 'headers'> & { headers: Record<string, string>; format: 'json' | 'xml' } {
  if (call === null || typeof call !== 'object') throw new IqValidationError('call() needs { module, operation }', 'call');
  const module = name(call.module, 'module');
  const operation = name(call.operation, 'operation');
  const format = call.format ?? 'json';
  if (format !== 'json' && format !== 'xml') throw new IqValidationError('format must be json or xml', 'format');
  const method = call.method ?? (call.body === undefined ? 'GET' : 'POST');
  if (!METHODS.has(method)) throw new IqValidationError('method must be GET, POST, PUT or DELETE', 'method');
  if (method === 'GET' && call.body !== undefined) throw new IqValidationError('a GET call cannot carry a body', 'body');

  const url = new URL(`${apiUrl}/webapi.svc/${module}/${format === 'json' ? 'JSON' : 'XML'}/${operation}`);
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value === undefined) continue;
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new IqValidationError(`query.${key} must be a string, number or boolean`, `query.${key}`);
    url.searchParams.set(key, String(value));
  }
  let body: string | undefined;
  if (call.body !== undefined) {
    try {
      body = JSON.stringify(call.body);
    } catch {
      throw new IqValidationError('body must be serialisable as JSON', 'body');
    }
  }
  const headers: Record<string, string> = { accept: format === 'json' ? 'application/json' : 'application/xml' };
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-encoding': 'UTF8' });
  return {
    method,
    url: url.href,
    headers,
    body,
    format,
    operation: `${module}/${operation}`,
    idempotent: call.idempotent ?? method === 'GET',
    signal: call.signal,
  };
}
