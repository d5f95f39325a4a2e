import { Input } from "./Input";

/** SSORequest */
export interface SsoRequest1 {
    /** input */
    input?: Input;
}
