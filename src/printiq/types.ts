import type { HttpOptions } from '../http/types';
import type { SoapService } from '../soap/operation';

export type SsoTransportName = 'soap12' | 'soap11' | 'json';

export interface PrintIqSsoOptions extends HttpOptions {
  /** The tenant's service, e.g. `https://acme.printiq.com/webservice/Authentication.asmx`. */
  url: string;
  /** The SSO application key issued by printIQ. A secret: it appears in no error or log. */
  appKey: string;
  /** Wire format. Default `soap12`. */
  transport?: SsoTransportName;
  /** Allow plain http to a host other than this machine. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * The codec to speak SOAP with: the `service` export of a module that
   * `iq-integration generate` wrote from your tenant's WSDL. Default: the one
   * this package was generated from (wsdl/Authentication.wsdl).
   */
  service?: SoapService;
}

export interface SsoRequestInput {
  /** The printIQ user to log in as. Admin and Factory Admin users are refused by printIQ. */
  userName: string;
  /** Customer to start the quote for. */
  customerCode?: string;
  /** Put into Ref1 of the new quote. */
  opportunityRef?: string;
}

export interface SsoCallOptions {
  signal?: AbortSignal;
}

/** The pre-authenticated URLs, exactly as the service sent them. */
export interface SsoResult {
  simplifiedUrl: string;
  landPageUrl: string;
}
