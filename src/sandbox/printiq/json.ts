import { ServiceException, SSO_INPUT_FIELDS, type SsoInput, type SsoResponse } from './rules';

/** The ASP.NET AJAX (ScriptService) JSON form: `{"input":{...}}` in, `{"d":{...}}` out, errors as 500 objects. */

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** IIS names the result type; Mono leaves `__type` out. */
const RESULT_TYPE = 'PrintIQ.Authentication+SSORequestResponse';
const INPUT_TYPE = 'PrintIQ.SSORequestInput';
const DESERIALIZE_STACK =
  '  at System.Web.Script.Serialization.JavaScriptSerializer.DeserializeObject (System.String input)\n' +
  '  at System.Web.Script.Services.RestHandler.ExecuteWebServiceCall (System.Web.HttpContext context, System.Web.Script.Services.WebServiceMethodData methodData)';

/**
 * The `input` parameter of a JSON call, bound as JavaScriptSerializer binds it: member names
 * ignoring case, unknown members ignored, numbers and booleans turned into text.
 * Throws ServiceException where the framework throws (bad JSON, missing parameter, wrong types).
 */
export function readJsonInput(body: string): SsoInput | null {
  const text = body.replace(/^\uFEFF/, '');
  let parameters: unknown = {};
  if (text.trim() !== '') {
    try {
      parameters = JSON.parse(text);
    } catch {
      throw frameworkError('System.ArgumentException', `Invalid JSON primitive: ${firstToken(text)}.`);
    }
  }
  if (parameters === null) parameters = {};
  if (typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw frameworkError('System.InvalidCastException', 'Specified cast is not valid.');
  }
  if (!Object.prototype.hasOwnProperty.call(parameters, 'input')) {
    throw frameworkError('System.InvalidOperationException', "Invalid web service call, missing value for parameter: 'input'.");
  }
  const input = (parameters as Record<string, unknown>).input;
  if (input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) throw cannotConvert(input, INPUT_TYPE);

  const fields: SsoInput = { CusCode: null, UserName: null, AppKey: null, OpportunityRef: null };
  for (const [key, value] of Object.entries(input)) {
    const name = SSO_INPUT_FIELDS.find((field) => field.toLowerCase() === key.toLowerCase());
    if (name) fields[name] = toNetString(value);
  }
  return fields;
}

export function jsonAnswer(response: SsoResponse): string {
  return toAspNetJson({
    d: {
      __type: RESULT_TYPE,
      IsError: response.IsError,
      ErrorMessage: response.ErrorMessage,
      SimplifiedURL: response.SimplifiedURL,
      LandPageURL: response.LandPageURL,
    },
  });
}

/** The body of a 500 answer (sent with the header `jsonerror: true`). */
export function jsonException(error: ServiceException): string {
  return toAspNetJson({ Message: error.message, StackTrace: error.stackTrace, ExceptionType: error.exceptionType });
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON as JavaScriptSerializer writes it: `'`, `<`, `>` and control characters as \u00XX. */
export function toAspNetJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(toAspNetJson).join(',')}]`;
  return `{${Object.entries(value)
    .map(([key, member]) => `${quote(key)}:${toAspNetJson(member)}`)
    .join(',')}}`;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function quote(text: string): string {
  const escaped = text.replace(/["\\\u0000-\u001f'<>]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function toNetString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  throw cannotConvert(value, 'System.String');
}

function cannotConvert(value: unknown, target: string): ServiceException {
  return frameworkError('System.InvalidOperationException', `Cannot convert object of type '${netTypeOf(value)}' to type '${target}'`);
}

function netTypeOf(value: unknown): string {
  if (typeof value === 'string') return 'System.String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'System.Int32' : 'System.Decimal';
  if (typeof value === 'boolean') return 'System.Boolean';
  if (Array.isArray(value)) return 'System.Object[]';
  return 'System.Collections.Generic.Dictionary`2[System.String,System.Object]';
}

function frameworkError(type: string, message: string): ServiceException {
  return new ServiceException(type, message, DESERIALIZE_STACK);
}

/** What JavaScriptSerializer quotes in "Invalid JSON primitive": the first run of non-separator characters. */
function firstToken(text: string): string {
  return /^[\s{[,:]*([^\s{}[\],:]{0,40})/.exec(text)?.[1] ?? '';
}
