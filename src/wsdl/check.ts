// The regenerate-on-change workflow: compare a live WSDL with the snapshot,
// and, when asked, take the new one and rebuild the stubs.
import { diffWsdl, formatWsdlChanges, type WsdlChange } from './diff';
import { fetchWsdl, type FetchWsdlOptions } from './fetch';
import { generateStubs } from './generate';
import { readSnapshot, writeSnapshot } from './snapshot';

export interface WsdlCheckResult {
  url: string;
  changes: WsdlChange[];
  summary: string;
  updated: boolean;
}

export interface WsdlCheckOptions extends FetchWsdlOptions {
  wsdlDir: string;
  generatedDir: string;
  update?: boolean;
}

export async function checkWsdl(url: string, options: WsdlCheckOptions): Promise<WsdlCheckResult> {
  const live = await fetchWsdl(url, options);
  const { wsdl: snapshot } = readSnapshot(options.wsdlDir);
  const changes = diffWsdl(snapshot, live);
  const summary = changes.length === 0 ? 'The service matches the snapshot: no change to operations, messages or types.' : formatWsdlChanges(changes);
  let updated = false;
  if (options.update && (changes.length > 0 || live !== snapshot)) {
    writeSnapshot(options.wsdlDir, live, url);
    await generateStubs(options.wsdlDir, options.generatedDir);
    updated = true;
  }
  return { url, changes, summary, updated };
}
