/** The SSORequestInput exactly as the contract names it, AppKey included. */
export interface WireSsoInput {
  CusCode?: string;
  UserName: string;
  AppKey: string;
  OpportunityRef?: string;
}

export interface SsoTransport {
  /** Sends one SSORequest and resolves with the raw SSORequestResult. */
  send(input: WireSsoInput, signal?: AbortSignal): Promise<unknown>;
}

export const SSO_OPERATION = 'SSORequest';
