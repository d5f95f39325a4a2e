import { SsoRequestResult } from "./SsoRequestResult";

/** SSORequestResponse */
export interface SsoRequestResponse1 {
    /** SSORequestResult */
    SSORequestResult?: SsoRequestResult;
}
