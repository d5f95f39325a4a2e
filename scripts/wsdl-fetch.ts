// npm run wsdl:fetch -- [--url <wsdl url>] [--out <dir>]
// Writes the service's WSDL and its manifest (source, time, sha256) into wsdl/.
import { resolve } from 'node:path';
import { fetchWsdl } from '../src/wsdl/fetch';
import { DEFAULT_WSDL_URL, writeSnapshot } from '../src/wsdl/snapshot';
import { fail, flag } from './args';

async function main(): Promise<void> {
  const url = flag('url') ?? DEFAULT_WSDL_URL;
  const out = resolve(flag('out') ?? 'wsdl');
  const manifest = writeSnapshot(out, await fetchWsdl(url), url);
  process.stdout.write(`Saved ${manifest.bytes} bytes from ${url} to ${out} (sha256 ${manifest.sha256})\n`);
}

main().catch(fail);
