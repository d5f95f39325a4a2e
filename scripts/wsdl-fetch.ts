// npm run wsdl:fetch -- [--url <wsdl url>] [--out <dir>]
// Writes the service's WSDL and its manifest (source, time, sha256) into wsdl/.
import { join, resolve } from 'node:path';
import { fetchWsdl } from '../src/wsdl/fetch';
import { serviceName } from '../src/wsdl/model';
import { DEFAULT_WSDL_URL, snapshotFiles } from '../src/wsdl/snapshot';
import { Staged } from '../src/wsdl/staged';
import { fail, flag } from './args';

async function main(): Promise<void> {
  const url = flag('url') ?? DEFAULT_WSDL_URL;
  const out = resolve(flag('out') ?? 'wsdl');
  const { wsdl, model } = await fetchWsdl(url);
  const staged = new Staged();
  const files = snapshotFiles(serviceName(model), wsdl, url);
  for (const [name, content] of Object.entries(files)) staged.file(join(out, name), content);
  staged.commit();
  process.stdout.write(`Saved ${Buffer.byteLength(wsdl)} bytes from ${url} to ${out} (${Object.keys(files).join(', ')})\n`);
}

main().catch(fail);
