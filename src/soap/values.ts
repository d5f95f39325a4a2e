// XSD simple values as generated codecs write and read them. Writers take a
// caller's value and return escaped element text, or throw IqValidationError
// naming the field (before anything is sent, never quoting the value: it may
// be a secret). Readers take an answer's element and return the typed value,
// or throw CodecReadError, which the answer reader turns into an IqProtocolError.
//
// Mapping: string-like types -> string; boolean -> boolean; byte..int and
// float/double -> number; long, unsignedLong and the unbounded integers ->
// bigint (no precision lost); decimal -> string (exact, .NET decimal has 29
// digits); dateTime, date, time, duration -> string (exact: a JS Date would
// drop .NET's 7 fractional digits and invent a zone for values without one);
// Guid -> string; base64Binary -> Uint8Array (a Buffer when read).
import { IqValidationError } from '../errors/IqValidationError';
import { escapeXmlText, unwritableCharacter } from '../xml/escape';
import { textOf, type XmlElement } from '../xml/parse';

/** An answer's element is not what the schema says. */
export class CodecReadError extends Error {
  override readonly name = 'CodecReadError';
}

const XSI_NIL = '{http://www.w3.org/2001/XMLSchema-instance}nil';

const at = (path: string, name: string) => (path ? `${path}.${name}` : name);

function invalid(path: string, name: string, what: string): never {
  const field = at(path, name);
  throw new IqValidationError(`${field} ${what}`, field);
}

function unreadable(path: string, name: string, what: string): never {
  throw new CodecReadError(`${at(path, name)} ${what}`);
}

// ---------------------------------------------------------------- writing

/** As deep as the answer reader reads: a value no answer could carry is not sent either. */
const MAX_WRITE_DEPTH = 100;
/** A caller's misspelt key is named in the error, cut: it is the caller's text, not the schema's. */
const MAX_KEY_QUOTED = 64;

function tooDeep(path: string, name: string, depth: number | undefined): void {
  // A recursive schema's writer follows the value: one that holds itself would otherwise overflow the stack.
  if (depth !== undefined && depth >= MAX_WRITE_DEPTH) invalid(path, name, `is nested more than ${MAX_WRITE_DEPTH} levels deep (does the value hold itself?)`);
}

/**
 * Checks that a complex value is an object (not null, not an array) with no field but the schema's
 * `fields`: a misspelt one would otherwise be left out of the request without a word. Codecs
 * generated before `fields` and `depth` existed pass neither.
 */
export function object(value: unknown, path: string, name: string, fields?: ReadonlySet<string>, depth?: number): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(path, name, `must be an object, got ${describe(value)}`);
  tooDeep(path, name, depth);
  if (!fields) return;
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) {
      const list = [...fields];
      const names = list.length ? `its fields are ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}` : 'it has no fields';
      const quoted = key.length > MAX_KEY_QUOTED ? `${key.slice(0, MAX_KEY_QUOTED)}…` : key;
      invalid(at(path, name), quoted, `is not a field of ${at(path, name)} (${names})`);
    }
  }
}

/** Checks that a repeated field's value is an array; typed as the field is, so complex items reach their writer typed. */
export function array<T>(value: readonly T[], path: string, name: string, depth?: number): readonly T[] {
  if (!Array.isArray(value)) invalid(path, name, `must be an array, got ${describe(value)}`);
  tooDeep(path, name, depth);
  return value;
}

export function string(value: unknown, path: string, name: string): string {
  if (typeof value !== 'string') invalid(path, name, `must be a string, got ${describe(value)}`);
  const bad = unwritableCharacter(value);
  if (bad) invalid(path, name, `contains a character XML 1.0 cannot carry (${bad})`);
  return escapeXmlText(value);
}

export function boolean(value: unknown, path: string, name: string): string {
  if (typeof value !== 'boolean') invalid(path, name, `must be a boolean, got ${describe(value)}`);
  return value ? 'true' : 'false';
}

/** byte, short, int and their unsigned forms: a whole number within the type's range. */
export function int(value: unknown, path: string, name: string, min: number, max: number): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    invalid(path, name, `must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  return String(value);
}

/** long, unsignedLong, integer and kin: a bigint (or a safe integer) within the range, if the type has one. */
export function long(value: unknown, path: string, name: string, min?: bigint, max?: bigint): string {
  const n = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (n === undefined || (min !== undefined && n < min) || (max !== undefined && n > max)) {
    invalid(path, name, `must be a bigint${min !== undefined ? ` from ${min} to ${max}` : ''}, got ${describe(value)}`);
  }
  return n.toString();
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** decimal: its exact text, or a finite number written without an exponent. */
export function decimal(value: unknown, path: string, name: string): string {
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value) && !/e/i.test(String(value))) return String(value);
  invalid(path, name, `must be a decimal string like "12.50" (or a number without an exponent), got ${describe(value)}`);
}

/** float and double, with XSD's INF, -INF and NaN. */
export function double(value: unknown, path: string, name: string): string {
  if (typeof value !== 'number') invalid(path, name, `must be a number, got ${describe(value)}`);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'INF' : '-INF';
  return String(value);
}

const LEXICAL: Readonly<Record<string, RegExp>> = {
  dateTime: /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/,
  date: /^-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$/,
  time: /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/,
  duration: /^-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/,
  guid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
};

/** dateTime, date, time, duration, Guid: the exact text in the type's lexical form; a Date for dateTime and date. */
export function lexical(value: unknown, path: string, name: string, type: 'dateTime' | 'date' | 'time' | 'duration' | 'guid'): string {
  if (value instanceof Date && (type === 'dateTime' || type === 'date')) {
    if (Number.isNaN(value.getTime())) invalid(path, name, 'is an invalid Date');
    const iso = value.toISOString();
    return type === 'date' ? iso.slice(0, 10) : iso;
  }
  if (typeof value !== 'string' || !LEXICAL[type].test(value))
    invalid(path, name, `must be an xsd:${type} string${type === 'dateTime' || type === 'date' ? ' or a Date' : ''}, got ${describe(value)}`);
  return value;
}

export function base64(value: unknown, path: string, name: string): string {
  if (!(value instanceof Uint8Array)) invalid(path, name, `must be a Uint8Array or Buffer, got ${describe(value)}`);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

export function enumeration(value: unknown, path: string, name: string, values: readonly string[]): string {
  if (typeof value !== 'string' || !values.includes(value)) invalid(path, name, `must be one of ${values.join(', ')}`);
  return escapeXmlText(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value;
}

// ---------------------------------------------------------------- reading

export function isNil(element: XmlElement): boolean {
  const nil = element.attributes.get(XSI_NIL);
  return nil !== undefined && (nil.trim() === 'true' || nil.trim() === '1');
}

/** The element's text; elements where the schema has a simple value are not read as text. */
function simpleText(element: XmlElement, path: string, name: string): string {
  for (const child of element.children) if (typeof child !== 'string') unreadable(path, name, 'holds elements where the schema has a simple value');
  return textOf(element);
}

/** XSD's whiteSpace collapse, for every type but the string ones: surrounding XML whitespace does not count. */
const collapse = (text: string) => text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');

export function readString(element: XmlElement, path: string, name: string): string {
  return simpleText(element, path, name);
}

export function readBoolean(element: XmlElement, path: string, name: string): boolean {
  const text = collapse(simpleText(element, path, name));
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  unreadable(path, name, `is not an xsd:boolean (${JSON.stringify(text)})`);
}

export function readInt(element: XmlElement, path: string, name: string, min: number, max: number): number {
  const text = collapse(simpleText(element, path, name));
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) unreadable(path, name, `is not a whole number from ${min} to ${max} (${JSON.stringify(text)})`);
  return n;
}

export function readLong(element: XmlElement, path: string, name: string, min?: bigint, max?: bigint): bigint {
  const text = collapse(simpleText(element, path, name));
  const n = /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
  if (n === undefined || (min !== undefined && n < min) || (max !== undefined && n > max))
    unreadable(path, name, `is not a whole number${min !== undefined ? ` from ${min} to ${max}` : ''} (${JSON.stringify(text)})`);
  return n;
}

export function readDecimal(element: XmlElement, path: string, name: string): string {
  const text = collapse(simpleText(element, path, name));
  if (!DECIMAL.test(text)) unreadable(path, name, `is not an xsd:decimal (${JSON.stringify(text)})`);
  return text;
}

export function readDouble(element: XmlElement, path: string, name: string): number {
  const text = collapse(simpleText(element, path, name));
  if (text === 'INF') return Infinity;
  if (text === '-INF') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) unreadable(path, name, `is not an xsd:double (${JSON.stringify(text)})`);
  return Number(text);
}

export function readLexical(element: XmlElement, path: string, name: string, type: 'dateTime' | 'date' | 'time' | 'duration' | 'guid'): string {
  // A Guid is a pattern over xsd:string, but .NET reads it trimmed, as the other types.
  const text = collapse(simpleText(element, path, name));
  if (!LEXICAL[type].test(text)) unreadable(path, name, `is not an xsd:${type} (${JSON.stringify(text)})`);
  return text;
}

export function readBase64(element: XmlElement, path: string, name: string): Uint8Array {
  const text = simpleText(element, path, name).replace(/[ \t\n\r]+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) unreadable(path, name, 'is not xsd:base64Binary');
  return Buffer.from(text, 'base64');
}

export function readEnumeration<T extends string>(element: XmlElement, path: string, name: string, values: readonly T[]): T {
  // An enumeration restricts xsd:string: its whitespace counts, as for XmlSerializer.
  const text = simpleText(element, path, name);
  if (!values.includes(text as T)) unreadable(path, name, `is not one of ${values.join(', ')} (${JSON.stringify(text)})`);
  return text as T;
}

export function missing(path: string, name: string): never {
  unreadable(path, name, 'is missing, and the schema requires it');
}

export function repeated(path: string, name: string): never {
  unreadable(path, name, 'appears more than once, and the schema allows it once');
}

export function notNillable(path: string, name: string): never {
  unreadable(path, name, 'is nil (xsi:nil), which the schema does not allow');
}

export function required(path: string, name: string): never {
  invalid(path, name, 'is required');
}
