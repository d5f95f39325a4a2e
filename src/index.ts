// The public surface of iq-integration: exports only.
export * from './errors';
export { IqClient, ENV, type IqClientOptions } from './client';
export { PrintIqSsoClient } from './printiq/PrintIqSsoClient';
export type { PrintIqSsoOptions, SsoRequestInput, SsoResult, SsoCallOptions, SsoTransportName } from './printiq/types';
export type { HttpOptions, RetryOptions } from './http/types';
export { checkWsdl, type WsdlCheckResult, type WsdlCheckOptions } from './wsdl/check';
export { diffWsdl, formatWsdlChanges, type WsdlChange } from './wsdl/diff';
export * from './iqreseller';
