// Input checks run before anything is sent: a bad field is an IqValidationError
// naming the field, and never quoting the AppKey.
import { IqValidationError } from '../errors/IqValidationError';
import { MIN_SECRET_LENGTH } from '../errors/redact';
import { unwritableCharacter } from '../xml/escape';
import type { SsoRequestInput, SsoTransportName } from './types';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LIMITS = { userName: 256, customerCode: 256, opportunityRef: 1024 } as const;
const TRANSPORTS: readonly SsoTransportName[] = ['soap12', 'soap11', 'json'];

function text(value: unknown, field: string, max: number, secret = false): string {
  if (typeof value !== 'string') throw new IqValidationError(`${field} must be a string, got ${value === null ? 'null' : typeof value}`, field);
  if (value.trim() === '') throw new IqValidationError(`${field} must not be empty or only whitespace`, field);
  if (CONTROL.test(value)) throw new IqValidationError(`${field} must not contain control characters`, field);
  // A lone surrogate would reach the wire as U+FFFD, and U+FFFE/U+FFFF are not XML: refused, not altered.
  const bad = unwritableCharacter(value);
  if (bad) throw new IqValidationError(`${field} contains a character XML 1.0 cannot carry (${bad})`, field);
  if (value.length > max) throw new IqValidationError(`${field} is longer than ${max} characters`, field);
  if (!secret && value !== value.trim()) throw new IqValidationError(`${field} must not start or end with whitespace`, field);
  return value;
}

export function checkAppKey(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw new IqValidationError('appKey is required: the SSO application key issued by printIQ', 'appKey');
  }
  const key = text(value, 'appKey', 256, true);
  if (/\s/.test(key)) throw new IqValidationError('appKey must not contain whitespace', 'appKey');
  if (key.length < MIN_SECRET_LENGTH) throw new IqValidationError(`appKey is too short to be a key (fewer than ${MIN_SECRET_LENGTH} characters)`, 'appKey');
  return key;
}

export function checkTransport(value: unknown): SsoTransportName {
  if (value === undefined) return 'soap12';
  if (!TRANSPORTS.includes(value as SsoTransportName)) {
    throw new IqValidationError(`transport must be one of ${TRANSPORTS.join(', ')}`, 'transport');
  }
  return value as SsoTransportName;
}

export function checkSsoInput(input: unknown): SsoRequestInput {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new IqValidationError('the SSO request must be an object with a userName', 'input');
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in LIMITS)) throw new IqValidationError(`unknown field ${JSON.stringify(key)}: expected userName, customerCode, opportunityRef`, key);
  }
  if (record.userName === undefined) throw new IqValidationError('userName is required', 'userName');
  const checked: SsoRequestInput = { userName: text(record.userName, 'userName', LIMITS.userName) };
  if (record.customerCode !== undefined) checked.customerCode = text(record.customerCode, 'customerCode', LIMITS.customerCode);
  if (record.opportunityRef !== undefined) checked.opportunityRef = text(record.opportunityRef, 'opportunityRef', LIMITS.opportunityRef);
  return checked;
}
