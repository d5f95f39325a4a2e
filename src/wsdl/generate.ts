// Regenerates the typed SOAP stubs from a WSDL snapshot with wsdl-tsclient.
// The output folder is replaced whole, so a removed operation leaves no stale file.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IqValidationError } from '../errors/IqValidationError';
import { WSDL_FILE } from './snapshot';

const run = promisify(execFile);

/** wsdl-tsclient names the folder after the WSDL file: Authentication.wsdl -> authentication/. */
export const GENERATED_CLIENT_DIR = 'authentication';

export async function generateStubs(wsdlDir: string, outDir: string): Promise<void> {
  // Resolved lazily: wsdl-tsclient is needed only by those who regenerate.
  let cli: string;
  try {
    cli = require.resolve('wsdl-tsclient/dist/src/cli.js', { paths: [process.cwd(), __dirname] });
  } catch {
    throw new IqValidationError('regenerating the stubs needs wsdl-tsclient: npm install --save-dev wsdl-tsclient', 'wsdl-tsclient');
  }
  rmSync(join(outDir, GENERATED_CLIENT_DIR), { recursive: true, force: true });
  await run(process.execPath, [cli, join(wsdlDir, WSDL_FILE), '-o', outDir, '--quiet', '--no-color']);
}
