
/**
 * SSORequestResult
 * @targetNSAlias `tns`
 * @targetNamespace `http://printiq.co.nz/`
 */
export interface SsoRequestResult {
    /** s:boolean */
    IsError?: boolean;
    /** s:string */
    ErrorMessage?: string;
    /** s:string */
    SimplifiedURL?: string;
    /** s:string */
    LandPageURL?: string;
}
