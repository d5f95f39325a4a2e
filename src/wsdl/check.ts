// The regenerate-on-change workflow: compare a live WSDL's model with a
// snapshot's (by default the one this package was built from), and, when
// asked, take the new WSDL and regenerate, atomically: the snapshot and the
// generated code change together or not at all.
import { join } from 'node:path';
import packaged from '../../generated/authentication/model.json';
import { diffModels, formatWsdlChanges, type WsdlChange } from './diff';
import { fetchWsdl, type FetchWsdlOptions } from './fetch';
import { stageGenerated, type RuntimeModule } from './generate';
import { readServiceModel, serviceName, type ServiceModel } from './model';
import { readSnapshot, snapshotFiles } from './snapshot';
import { Staged } from './staged';

export interface WsdlCheckResult {
  url: string;
  /** What the live WSDL was compared with. */
  baseline: string;
  changes: WsdlChange[];
  summary: string;
  updated: boolean;
  /** Operations the regenerated codec leaves out, and why. */
  warnings: string[];
}

export interface WsdlCheckOptions extends FetchWsdlOptions {
  /** A snapshot folder (with one `*.wsdl`) to compare with. Default: the WSDL this package was built from. */
  wsdlDir?: string;
  /** With update: where generated/<service>/ is written. */
  generatedDir?: string;
  /** Take the live WSDL into wsdlDir and regenerate into generatedDir. */
  update?: boolean;
  /** With update: how the codec imports the runtime. Default the package, `iq-integration`. */
  runtime?: RuntimeModule;
  /** With update: also run wsdl-tsclient (this repository's oracle). Default false. */
  oracle?: boolean;
}

export async function checkWsdl(url: string, options: WsdlCheckOptions = {}): Promise<WsdlCheckResult> {
  let baseline: ServiceModel;
  let baselineName: string;
  if (options.wsdlDir !== undefined) {
    const snapshot = readSnapshot(options.wsdlDir);
    baseline = readServiceModel(snapshot.wsdl);
    baselineName = snapshot.file;
  } else {
    baseline = packaged as ServiceModel;
    baselineName = 'the WSDL this package was built from';
  }
  const live = await fetchWsdl(url, options);
  const changes = diffModels(baseline, live.model);
  const summary = changes.length === 0 ? 'The service matches the snapshot: no change to operations, messages or types.' : formatWsdlChanges(changes);
  const result: WsdlCheckResult = { url, baseline: baselineName, changes, summary, updated: false, warnings: [] };
  if (!options.update) return result;
  if (options.wsdlDir === undefined || options.generatedDir === undefined) throw new TypeError('update needs wsdlDir and generatedDir');
  const staged = new Staged();
  try {
    const service = serviceName(live.model);
    const generated = await stageGenerated(live.wsdl, `${service}.wsdl`, options.generatedDir, staged, {
      runtime: options.runtime ?? 'iq-integration',
      oracle: options.oracle ?? false,
    });
    for (const [name, content] of Object.entries(snapshotFiles(service, live.wsdl, url))) staged.file(join(options.wsdlDir, name), content);
    staged.commit();
    return { ...result, updated: true, warnings: generated.warnings };
  } catch (error) {
    staged.discard();
    throw error;
  }
}
