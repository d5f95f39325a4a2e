import { resolve } from 'node:path';
import { checkWsdl } from '../../wsdl/check';
import { DEFAULT_WSDL_URL } from '../../wsdl/snapshot';
import { UsageError, type Command } from '../command';
import { parseArgs } from 'node:util';
import { usage } from '../parse';

export const wsdl: Command = {
  name: 'wsdl',
  summary: 'compare a live WSDL with your snapshot, or update it',
  usage: `iq-integration wsdl check [--url <wsdl url>] [--dir <wsdl dir>]
iq-integration wsdl update [--url <wsdl url>] [--dir <wsdl dir>] [--out <generated dir>]
  check exits 1 when the service changed, printing what changed; update takes the new
  WSDL and regenerates the stubs (needs wsdl-tsclient installed). Defaults: ./wsdl, ./generated.`,
  async run(argv, io) {
    const { values, positionals } = usage(() => parseArgs({ args: argv, strict: true, allowPositionals: true, options: { url: { type: 'string' }, dir: { type: 'string' }, out: { type: 'string' } } }));
    const [action] = positionals;
    if (positionals.length !== 1 || (action !== 'check' && action !== 'update')) throw new UsageError('wsdl needs check or update');
    const result = await checkWsdl(values.url ?? DEFAULT_WSDL_URL, {
      wsdlDir: resolve(values.dir ?? 'wsdl'),
      generatedDir: resolve(values.out ?? 'generated'),
      update: action === 'update',
    });
    io.out(`${result.summary}\n`);
    if (result.updated) io.out('Snapshot updated and stubs regenerated.\n');
    return result.changes.length > 0 && action === 'check' ? 1 : 0;
  },
};
