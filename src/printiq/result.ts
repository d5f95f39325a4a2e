import { IqProtocolError } from '../errors/IqProtocolError';
import { IqSsoError } from '../errors/IqSsoError';
import type { IqErrorDetails } from '../errors/IqError';
import type { SsoResult } from './types';

/** The service's result object, as the SOAP codec or JSON.parse hand it over. */
export interface RawSsoResult {
  IsError?: unknown;
  ErrorMessage?: unknown;
  SimplifiedURL?: unknown;
  LandPageURL?: unknown;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Maps the contract's result to SsoResult, or to IqSsoError when printIQ said IsError. */
export function toSsoResult(raw: unknown, context: IqErrorDetails & { operation: string }): SsoResult {
  const broken = (what: string) => new IqProtocolError(`${context.operation} failed: ${what}`, context);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw broken('the answer holds no SSORequestResult');
  const result = raw as RawSsoResult;
  // The codec reads xsd:boolean into a boolean; JSON has its own. A string "false" is not one.
  const isError = result.IsError;
  if (typeof isError !== 'boolean')
    throw broken(`the answer has no boolean IsError (got ${isError === undefined ? 'none' : isError === null ? 'null' : `a ${typeof isError}`})`);
  if (isError) throw new IqSsoError(optionalText(result.ErrorMessage) ?? '', context);
  const simplifiedUrl = optionalText(result.SimplifiedURL);
  const landPageUrl = optionalText(result.LandPageURL);
  if (!simplifiedUrl || !landPageUrl) throw broken('the answer reports success but lacks SimplifiedURL or LandPageURL');
  return { simplifiedUrl, landPageUrl };
}
