import { IqClient } from '../../client';
import { UsageError, json, parseJsonOption, type Command } from '../command';
import { parse } from '../parse';

export const cvs: Command = {
  name: 'cvs',
  summary: 'list IQ Reseller CVs',
  usage: `iq-integration cvs [--body <json filter>] [--ndjson]
  The API key is read from IQR_API_KEY (IQR_SIGNIN_URL and IQR_API_URL override the hosts).`,
  async run(argv, io) {
    const { values } = parse(argv, io, { allowPositionals: false, options: { body: { type: 'string' }, ndjson: { type: 'boolean' } } });
    const filter = parseJsonOption(values.body, '--body');
    if (filter !== undefined && (filter === null || typeof filter !== 'object' || Array.isArray(filter))) throw new UsageError('--body must be a JSON object');
    const iq = IqClient.fromEnv(io.env);
    try {
      const list = await iq.reseller.getCVs(filter as Record<string, unknown> | undefined);
      io.out(values.ndjson ? list.map((cv) => json(cv)).join('') : json(list));
    } finally {
      await iq.close();
    }
    return 0;
  },
};
