// `iq-integration/wsdl`: the WSDL tooling (build time, not on any call path):
// read a WSDL into its service model, compare two, check a live service
// against a snapshot, and generate a codec module.
export { checkWsdl, type WsdlCheckOptions, type WsdlCheckResult } from './check';
export { diffModels, diffWsdl, formatWsdlChanges, type WsdlChange } from './diff';
export { fetchWsdl, type FetchWsdlOptions } from './fetch';
export { generateCodec, type GeneratedCodec, type RuntimeModule } from './generate';
export { readServiceModel, WsdlParseError, type ServiceModel } from './model';
export { CodegenError } from './codegen/plan';
