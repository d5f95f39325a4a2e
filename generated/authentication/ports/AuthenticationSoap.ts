import { SsoRequest } from "../definitions/SsoRequest";
import { SsoRequestResponse } from "../definitions/SsoRequestResponse";

export interface AuthenticationSoap {
    SSORequest(ssoRequest: SsoRequest, callback: (err: any, result: SsoRequestResponse, rawResponse: any, soapHeader: any, rawRequest: any) => void): void;
}
