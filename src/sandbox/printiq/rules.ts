import { randomUUID } from 'node:crypto';
import { ServiceException } from './exceptions';

/**
 * The SSO rules of the C# stand-in (test/asmx-service/app/webservice/Authentication.asmx),
 * which follow the vendor document. Keep the two in step: the contract test runs against both.
 */

/** SSORequestInput as the service receives it; null is a field that was absent or xsi:nil. */
export interface SsoInput {
  CusCode: string | null;
  UserName: string | null;
  AppKey: string | null;
  OpportunityRef: string | null;
}

export const SSO_INPUT_FIELDS = ['CusCode', 'UserName', 'AppKey', 'OpportunityRef'] as const;

/** SSORequestResponse; a null field is left out of SOAP answers and is `null` in JSON. */
export interface SsoResponse {
  IsError: boolean;
  ErrorMessage: string | null;
  SimplifiedURL: string | null;
  LandPageURL: string | null;
}

export interface SsoRulesConfig {
  appKey: string;
  /** Without a trailing slash. */
  siteUrl: string;
  /** A fresh token per success; default a GUID in .NET's "N" format (32 hex digits). */
  newToken?: () => string;
}

/** The user name that makes the service throw, so that tests see a real framework fault. */
export const RAISE_FAULT_USER = 'raise-fault';

const newGuidN = (): string => randomUUID().replace(/-/g, '');

/** The answer to one SSORequest; throws ServiceException for `raise-fault`, as the service does. */
export function answerSsoRequest(input: SsoInput | null, config: SsoRulesConfig): SsoResponse {
  if (input === null) return refuse('No input supplied');
  if (input.AppKey !== config.appKey) return refuse('Invalid application key');
  const user = input.UserName ?? '';
  if (user === RAISE_FAULT_USER) {
    throw new ServiceException(
      'System.InvalidOperationException',
      'Simulated failure in SSORequest',
      '  at PrintIQ.SsoRules.Answer (PrintIQ.SSORequestInput input) [0x00060] in <sandbox>:0 \n' +
        '  at PrintIQ.Authentication.SSORequest (PrintIQ.SSORequestInput input) [0x00000] in <sandbox>:0 ',
    );
  }
  if (user === 'admin' || user === 'factoryadmin') return refuse('SSO is not available for Admin or Factory Admin users');
  if (user !== 'testuser' && !user.startsWith('user-')) return refuse(`No user found with username ${user}`);

  const token = (config.newToken ?? newGuidN)();
  let query = '';
  const customer = input.CusCode;
  if (customer) {
    if (customer !== 'CUST001' && !customer.startsWith('CUS')) return refuse(`No customer found with code ${customer}`);
    query += `cusID=${customer === 'CUST001' ? '13926' : customer}&`;
  }
  // Like the vendor, the reference goes into the URL exactly as it was given: no URL encoding.
  if (input.OpportunityRef) query += `quoteref1=${input.OpportunityRef}&`;
  return {
    IsError: false,
    ErrorMessage: null,
    SimplifiedURL: `${config.siteUrl}/Simplified/CreateQuote.aspx?${query}AuthToken=${token}`,
    LandPageURL: `${config.siteUrl}/LandPage.aspx?AuthToken=${token}`,
  };
}

function refuse(message: string): SsoResponse {
  return { IsError: true, ErrorMessage: message, SimplifiedURL: '', LandPageURL: '' };
}
