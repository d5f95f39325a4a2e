// The WSDL tooling as the package entry exports it, loaded on first use: it
// is for scripts and the CLI, and an application calling the APIs should not
// pay to load it (~8 ms, with fast-xml-parser).
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Check from './check';
import type * as Diff from './diff';

export type { WsdlCheckResult, WsdlCheckOptions } from './check';
export type { WsdlChange } from './diff';

export function checkWsdl(...args: Parameters<typeof Check.checkWsdl>): ReturnType<typeof Check.checkWsdl> {
  return (require('./check') as typeof Check).checkWsdl(...args);
}

export function diffWsdl(...args: Parameters<typeof Diff.diffWsdl>): ReturnType<typeof Diff.diffWsdl> {
  return (require('./diff') as typeof Diff).diffWsdl(...args);
}

export function formatWsdlChanges(...args: Parameters<typeof Diff.formatWsdlChanges>): ReturnType<typeof Diff.formatWsdlChanges> {
  return (require('./diff') as typeof Diff).formatWsdlChanges(...args);
}
