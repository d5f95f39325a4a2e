import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fetchWsdl } from '../../wsdl/fetch';
import { generateCodec } from '../../wsdl/generate';
import { snapshotFiles } from '../../wsdl/snapshot';
import { Staged } from '../../wsdl/staged';
import { UsageError, type Command } from '../command';
import { parse } from '../parse';
import { runtimeOption, toolingFailure } from './tooling';

export const generate: Command = {
  name: 'generate',
  summary: "write a typed SOAP codec for a service's WSDL into your app",
  usage: `iq-integration generate (--url <wsdl url> | --wsdl <file>) --out <dir> [--runtime <module>]
  Reads the WSDL (printIQ advises your own tenant's: instances run different versions) and
  writes into <dir>: codec.ts (the service's types, request writers and answer readers),
  model.json (the service model it was compiled from) and, for --url, the WSDL snapshot with
  its manifest, all or none. Give the codec's \`service\` export to PrintIqSsoClient (option
  \`service\`) or to SoapServiceClient; \`wsdl check --url <wsdl url> --dir <dir>\` later says
  whether the service has changed since.
  Exit codes: 0 written; 2 bad usage; 3 could not (the WSDL could not be fetched or read,
  or has no operation the codec can carry).`,
  async run(argv, io) {
    const { values } = parse(argv, io, {
      allowPositionals: false,
      options: { url: { type: 'string' }, wsdl: { type: 'string' }, out: { type: 'string' }, runtime: { type: 'string' } },
    });
    if ((values.url === undefined) === (values.wsdl === undefined)) throw new UsageError('generate needs one of --url and --wsdl');
    if (values.out === undefined) throw new UsageError('generate needs --out <dir>');
    const out = resolve(values.out);
    const staged = new Staged();
    try {
      const wsdl = values.url !== undefined ? (await fetchWsdl(values.url)).wsdl : readFileSync(resolve(values.wsdl!), 'utf8');
      const codec = generateCodec(wsdl, { wsdlFile: values.url ?? values.wsdl!, folder: out, runtime: runtimeOption(values.runtime) });
      const files = { ...codec.files, ...(values.url !== undefined && snapshotFiles(codec.service, wsdl, values.url)) };
      for (const [name, content] of Object.entries(files)) staged.file(join(out, name), content);
      staged.commit();
      io.out(`Wrote the ${codec.service} codec to ${out}: ${Object.keys(files).join(', ')}.\n`);
      for (const warning of codec.warnings) io.out(`Left out: ${warning}\n`);
      return 0;
    } catch (error) {
      staged.discard();
      return toolingFailure(error, 'generate', io);
    }
  },
};
