// The generator: a WSDL in, a codec module out (with the service model it was
// compiled from). In this repository it also runs wsdl-tsclient, whose
// node-soap client is the tests' oracle for the codec (never on a call path).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { IqValidationError } from '../errors/IqValidationError';
import { emitCodec } from './codegen/emit';
import { planCodec } from './codegen/plan';
import { readServiceModel, serviceName, type ServiceModel } from './model';
import { readSnapshot, serviceFileName, sha256 } from './snapshot';
import { Staged } from './staged';

/** How generated code reaches the runtime: the package by name, or (in this repository) a path to src/soap/codec. */
export type RuntimeModule = 'iq-integration' | { path: string };

export interface GeneratedCodec {
  service: string;
  model: ServiceModel;
  /** File name -> content: `codec.ts` and `model.json`. */
  files: Record<string, string>;
  /** Operations left out, and why. */
  warnings: string[];
}

function runtimeImport(runtime: RuntimeModule, folder: string): string {
  if (runtime === 'iq-integration') return "import { soapCodec as rt } from 'iq-integration';";
  let path = relative(folder, runtime.path).split(sep).join('/').replace(/\.ts$/, '');
  if (!path.startsWith('.')) path = `./${path}`;
  return `import * as rt from ${JSON.stringify(path)};`;
}

/** Compiles a WSDL into its codec module, for a codec living in `folder`. */
export function generateCodec(wsdl: string, options: { wsdlFile: string; folder: string; runtime: RuntimeModule }): GeneratedCodec {
  const model = readServiceModel(wsdl);
  const service = serviceName(model);
  const plan = planCodec(model, service);
  const codec = emitCodec(plan, { runtimeImport: runtimeImport(options.runtime, options.folder), source: { file: options.wsdlFile, sha256: sha256(wsdl) } });
  return { service, model, files: { 'codec.ts': codec, 'model.json': `${JSON.stringify(model, null, 2)}\n` }, warnings: plan.warnings };
}

/** The folder a service's generated code goes to under generated/: its name in lower case. */
export const serviceFolder = (service: string) => serviceFileName(service).toLowerCase();

const run = promisify(execFile);

/** Runs wsdl-tsclient (the node-soap client the tests compare the codec with) on the WSDL, into `folder`. */
async function generateOracle(wsdl: string, service: string, folder: string): Promise<void> {
  let cli: string;
  try {
    cli = require.resolve('wsdl-tsclient/dist/src/cli.js', { paths: [process.cwd(), __dirname] });
  } catch {
    throw new IqValidationError('the oracle client needs wsdl-tsclient: npm install --save-dev wsdl-tsclient', 'wsdl-tsclient');
  }
  // wsdl-tsclient names its output after the WSDL's file name.
  const scratch = mkdtempSync(join(tmpdir(), 'iq-oracle-'));
  try {
    writeFileSync(join(scratch, `${service}.wsdl`), wsdl);
    await run(process.execPath, [cli, join(scratch, `${service}.wsdl`), '-o', join(scratch, 'out'), '--quiet', '--no-color']);
    const [made] = readdirSync(join(scratch, 'out'));
    cpSync(join(scratch, 'out', made), folder, { recursive: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface StageOptions {
  runtime: RuntimeModule;
  /** Also run wsdl-tsclient into the folder (this repository's layout). */
  oracle: boolean;
}

/**
 * Stages generated/<service>/ for the WSDL text: the codec, the model and, when
 * asked, wsdl-tsclient's client, in a temporary folder that replaces the
 * service's folder whole when `staged` is committed.
 */
export async function stageGenerated(
  wsdl: string,
  wsdlFile: string,
  generatedDir: string,
  staged: Staged,
  options: StageOptions,
): Promise<GeneratedCodec & { folder: string }> {
  const target = join(generatedDir, serviceFolder(serviceName(readServiceModel(wsdl))));
  const codec = generateCodec(wsdl, { wsdlFile, folder: target, runtime: options.runtime });
  const folder = staged.folder(target);
  if (options.oracle) await generateOracle(wsdl, codec.service, folder);
  for (const [name, content] of Object.entries(codec.files)) writeFileSync(join(folder, name), content);
  return { ...codec, folder: target };
}

/** Regenerates generated/ from every snapshot in wsdlDir (this repository's `npm run generate`). */
export async function generateAll(snapshotDirs: string[], generatedDirs: string[], options: StageOptions): Promise<GeneratedCodec[]> {
  const staged = new Staged();
  try {
    const out: GeneratedCodec[] = [];
    for (const [i, dir] of snapshotDirs.entries()) {
      const { file } = readSnapshot(dir);
      out.push(await stageGenerated(readFileSync(file, 'utf8'), basename(file), generatedDirs[i], staged, options));
    }
    staged.commit();
    return out;
  } catch (error) {
    staged.discard();
    throw error;
  }
}
