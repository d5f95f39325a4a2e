// npm run wsdl:check -- [--url <wsdl url>]   exits 1 and prints what changed
// npm run wsdl:update -- [--url <wsdl url>]  takes the new WSDL and regenerates
import { resolve } from 'node:path';
import { checkWsdl } from '../src/wsdl/check';
import { DEFAULT_WSDL_URL } from '../src/wsdl/snapshot';
import { fail, flag, has } from './args';

async function main(): Promise<void> {
  const url = flag('url') ?? DEFAULT_WSDL_URL;
  const update = has('update');
  const result = await checkWsdl(url, { wsdlDir: resolve('wsdl'), generatedDir: resolve('generated'), update });
  process.stdout.write(`${result.summary}\n`);
  if (result.updated) process.stdout.write('Snapshot updated and stubs regenerated: review `git diff wsdl generated`.\n');
  if (result.changes.length > 0 && !update) process.exit(1);
}

main().catch(fail);
