/**
 * The SSO rules of the C# stand-in (test/asmx-service/app/webservice/Authentication.asmx),
 * which follow the vendor document. Keep the two in step: the contract test runs against both.
 */

/**
 * A .NET exception as the ASMX framework reports it: thrown by the service (or by the
 * framework while reading a request) and written as a SOAP fault or a JSON error object.
 */
export class ServiceException extends Error {
  constructor(
    /** The .NET type name, e.g. `System.InvalidOperationException`. */
    readonly exceptionType: string,
    message: string,
    /** A .NET-style stack trace, as sent in the JSON error's `StackTrace`. */
    readonly stackTrace: string,
  ) {
    super(message);
    this.name = 'ServiceException';
  }
}

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
  /** A fresh AuthToken that signs `userName` in. */
  issueToken(userName: string): string;
}

/** The user name that makes the service throw, so that tests see a real framework fault. */
export const RAISE_FAULT_USER = 'raise-fault';

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

  let query = '';
  const customer = input.CusCode;
  if (customer) {
    const id = customerId(customer);
    if (id === undefined) return refuse(`No customer found with code ${customer}`);
    query += `cusID=${id}&`;
  }
  const token = config.issueToken(user);
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

/** The customers of the service: CUST001 (the vendor document's) is cusID 13926; any other `CUS...` code is its own id. */
export function customerId(code: string): string | undefined {
  if (code === 'CUST001') return '13926';
  return code.startsWith('CUS') ? code : undefined;
}

/** The customer code behind a cusID, as the site shows it; undefined for a cusID no customer has. */
export function customerCode(id: string): string | undefined {
  if (id === '13926') return 'CUST001';
  return customerId(id) === id ? id : undefined;
}
