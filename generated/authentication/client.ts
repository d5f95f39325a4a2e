import { Client as SoapClient, createClientAsync as soapCreateClientAsync, IExOptions as ISoapExOptions } from "soap";
import { SsoRequest } from "./definitions/SsoRequest";
import { SsoRequestResponse } from "./definitions/SsoRequestResponse";
import { SsoRequest1 } from "./definitions/SsoRequest1";
import { SsoRequestResponse1 } from "./definitions/SsoRequestResponse1";
import { Authentication } from "./services/Authentication";

export interface AuthenticationClient extends SoapClient {
    Authentication: Authentication;
    SSORequestAsync(ssoRequest: SsoRequest, options?: ISoapExOptions): Promise<[result: SsoRequestResponse, rawResponse: any, soapHeader: any, rawRequest: any]>;
    SSORequestAsync(ssoRequest: SsoRequest1, options?: ISoapExOptions): Promise<[result: SsoRequestResponse1, rawResponse: any, soapHeader: any, rawRequest: any]>;
}

/** Create AuthenticationClient */
export function createClientAsync(...args: Parameters<typeof soapCreateClientAsync>): Promise<AuthenticationClient> {
    return soapCreateClientAsync(args[0], args[1], args[2]) as any;
}
