import { IqClient } from '../../client';
import { checkTransport } from '../../printiq/validate';
import { UsageError, json, type Command } from '../command';
import { parse } from '../parse';

export const sso: Command = {
  name: 'sso',
  summary: 'get a pre-authenticated printIQ URL for a user',
  usage: `iq-integration sso --user <name> [--customer <code>] [--ref <opportunityRef>]
                   [--transport soap12|soap11|json] [--url <asmx url>]
  The AppKey is read from PRINTIQ_SSO_APP_KEY, the URL from --url or PRINTIQ_SSO_URL.
  Prints {"simplifiedUrl":...,"landPageUrl":...}.`,
  async run(argv, io) {
    const { values } = parse(argv, io, {
      allowPositionals: false,
      options: {
        user: { type: 'string' },
        customer: { type: 'string' },
        ref: { type: 'string' },
        transport: { type: 'string' },
        url: { type: 'string' },
      },
    });
    if (values.user === undefined) throw new UsageError('--user is required');
    const transport = checkTransport(values.transport);
    const url = values.url ?? io.env.PRINTIQ_SSO_URL;
    const iq = IqClient.fromEnv({ ...io.env, ...(url && { PRINTIQ_SSO_URL: url }) }, { printiq: { transport } });
    const result = await iq.sso({ userName: values.user, customerCode: values.customer, opportunityRef: values.ref });
    io.out(json(result));
    return 0;
  },
};
