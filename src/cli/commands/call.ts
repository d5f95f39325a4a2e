import { IqClient } from '../../client';
import { UsageError, json, keyValues, parseJsonOption, type Command } from '../command';
import { parse, wholeNumber } from '../parse';

export const call: Command = {
  name: 'call',
  summary: 'call any IQ Reseller webapi.svc endpoint',
  usage: `iq-integration call <Module> <Operation> [--method GET|POST] [--format json|xml]
                   [--query k=v]... [--body <json>] [--ndjson] [--all-pages] [--page-size <n>]
  --ndjson writes a list answer one item per line; --all-pages walks Page/PageSize to the end.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, io, {
      allowPositionals: true,
      options: {
        method: { type: 'string' },
        format: { type: 'string' },
        query: { type: 'string', multiple: true },
        body: { type: 'string' },
        ndjson: { type: 'boolean' },
        'all-pages': { type: 'boolean' },
        'page-size': { type: 'string' },
      },
    });
    if (positionals.length !== 2) throw new UsageError('call needs <Module> <Operation>');
    const [module, operation] = positionals;
    const method = values.method?.toUpperCase() as 'GET' | 'POST' | undefined;
    const format = values.format as 'json' | 'xml' | undefined;
    const request = { module, operation, method, format, query: keyValues(values.query), body: parseJsonOption(values.body, '--body') };
    const iq = IqClient.fromEnv(io.env);
    try {
      if (values['all-pages']) {
        // The whole list, gaps reported at the end (exit 1); `sync` adds a checkpoint and progress.
        const pageSize = wholeNumber(values['page-size'], '--page-size', 1);
        for await (const item of iq.reseller.paginate({ ...request, body: request.body as Record<string, unknown> | undefined, pageSize })) io.out(json(item));
        return 0;
      }
      const answer = await iq.reseller.call(request);
      io.out(values.ndjson && Array.isArray(answer) ? answer.map((item) => json(item)).join('') : json(answer));
    } finally {
      await iq.close();
    }
    return 0;
  },
};
