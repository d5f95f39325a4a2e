import { Input } from "./Input";

/** SSORequest */
export interface SsoRequest {
    /** input */
    input?: Input;
}
