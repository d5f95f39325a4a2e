
/**
 * input
 * @targetNSAlias `tns`
 * @targetNamespace `http://printiq.co.nz/`
 */
export interface Input {
    /** s:string */
    CusCode?: string;
    /** s:string */
    UserName?: string;
    /** s:string */
    AppKey?: string;
    /** s:string */
    OpportunityRef?: string;
}
