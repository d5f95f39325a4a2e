// Generates a codec from a WSDL into a temp dir, type-checks it as an app's
// strict TypeScript would (unused locals included), and loads it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import type { SoapService } from '../../src/soap/operation';
import { generateCodec } from '../../src/wsdl/generate';

const ROOT = resolve(__dirname, '../..');
const dirs: string[] = [];

export interface LoadedCodec {
  service: SoapService;
  source: string;
  warnings: string[];
  /** Type errors in the generated source (none expected). */
  problems: string[];
}

export function loadCodec(wsdl: string): LoadedCodec {
  const dir = mkdtempSync(join(tmpdir(), 'iq-codegen-'));
  dirs.push(dir);
  const codec = generateCodec(wsdl, { wsdlFile: 'test.wsdl', folder: dir, runtime: { path: join(ROOT, 'src/soap/codec.ts') } });
  const source = codec.files['codec.ts'];
  const file = join(dir, 'codec.ts');
  writeFileSync(file, source);
  const options = {
    strict: true,
    noUnusedLocals: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    types: [],
    skipLibCheck: true,
    esModuleInterop: true,
  };
  const problems = ts
    .getPreEmitDiagnostics(ts.createProgram([file], options))
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  writeFileSync(
    join(dir, 'codec.js'),
    ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText,
  );
  const { service } = require(join(dir, 'codec.js')) as { service: SoapService };
  return { service, source, warnings: codec.warnings, problems };
}

/** Removes the temp dirs; call from afterAll. */
export function removeLoadedCodecs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
