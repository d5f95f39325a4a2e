import { SsoRequest1 } from "../definitions/SsoRequest1";
import { SsoRequestResponse1 } from "../definitions/SsoRequestResponse1";

export interface AuthenticationSoap12 {
    SSORequest(ssoRequest: SsoRequest1, callback: (err: any, result: SsoRequestResponse1, rawResponse: any, soapHeader: any, rawRequest: any) => void): void;
}
