// The public surface of iq-integration: exports only.
export * from './errors';
export { IqClient, ENV, type IqClientOptions } from './client';
export { PrintIqSsoClient } from './printiq/PrintIqSsoClient';
export type { PrintIqSsoOptions, SsoRequestInput, SsoResult, SsoCallOptions, SsoTransportName } from './printiq/types';
export type { HttpOptions, RetryOptions } from './http/types';
export { checkWsdl, diffWsdl, formatWsdlChanges, type WsdlCheckResult, type WsdlCheckOptions, type WsdlChange } from './wsdl/lazy';
export * from './iqreseller';
export { CHANNEL_NAMES, type OperationContext, type AttemptContext, type SessionEvent, type SessionEventName } from './diagnostics/channels';
