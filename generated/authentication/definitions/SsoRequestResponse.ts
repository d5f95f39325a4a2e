import { SsoRequestResult } from "./SsoRequestResult";

/** SSORequestResponse */
export interface SsoRequestResponse {
    /** SSORequestResult */
    SSORequestResult?: SsoRequestResult;
}
