import { resolve } from 'node:path';
import { checkWsdl } from '../../wsdl/check';
import { DEFAULT_WSDL_URL } from '../../wsdl/snapshot';
import { UsageError, type Command } from '../command';
import { parse } from '../parse';
import { runtimeOption, toolingFailure } from './tooling';

export const wsdl: Command = {
  name: 'wsdl',
  summary: 'compare a live WSDL with a snapshot, or update the snapshot and its codec',
  usage: `iq-integration wsdl check [--url <wsdl url>] [--dir <snapshot dir>]
iq-integration wsdl update [--url <wsdl url>] [--dir <snapshot dir>] [--out <generated dir>]
                           [--runtime <module>] [--oracle]
  check compares the service model of the live WSDL (default: the vendor's documented one)
  with the snapshot in --dir, by default the WSDL this package was built from, and prints
  what changed: operations, messages, types, fields, namespaces, bindings.
  update takes the live WSDL into --dir (default ./wsdl) and regenerates --out/<service>/
  (default ./generated): both change, or neither does.
  Exit codes: 0 no change (check) or updated (update); 1 the service changed (check);
  2 bad usage; 3 could not check or update (the WSDL could not be fetched or read, the
  snapshot is missing, or the codec could not be generated).`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, io, {
      allowPositionals: true,
      options: { url: { type: 'string' }, dir: { type: 'string' }, out: { type: 'string' }, runtime: { type: 'string' }, oracle: { type: 'boolean' } },
    });
    const [action] = positionals;
    if (positionals.length !== 1 || (action !== 'check' && action !== 'update')) throw new UsageError('wsdl needs check or update');
    const update = action === 'update';
    if (!update && (values.out !== undefined || values.runtime !== undefined || values.oracle !== undefined))
      throw new UsageError('--out, --runtime and --oracle go with wsdl update');
    try {
      const result = await checkWsdl(values.url ?? DEFAULT_WSDL_URL, {
        wsdlDir: values.dir !== undefined ? resolve(values.dir) : update ? resolve('wsdl') : undefined,
        generatedDir: resolve(values.out ?? 'generated'),
        update,
        runtime: runtimeOption(values.runtime),
        oracle: values.oracle === true,
      });
      io.out(`Compared with ${result.baseline}.\n${result.summary}\n`);
      if (result.updated) io.out('Snapshot updated and the codec regenerated.\n');
      for (const warning of result.warnings) io.out(`Left out of the codec: ${warning}\n`);
      return result.changes.length > 0 && !update ? 1 : 0;
    } catch (error) {
      return toolingFailure(error, `wsdl ${action}`, io);
    }
  },
};
