// The whole journey a user of both APIs makes, told step by step through the
// IqClient facade: an IQ Reseller session and its CVs, printIQ SSO over each
// wire format, an expected refusal, and the session's end.
import { IqClient } from '../client';
import { IqError } from '../errors/IqError';
import type { SsoTransportName } from '../printiq/types';
import { syncStep } from './sync-step';

export interface JourneySettings {
  env: NodeJS.ProcessEnv;
  /** The printIQ user to sign in as. */
  userName: string;
  customerCode?: string;
  /** Said after the SSO URLs: where and for how long they can be opened. */
  ssoUrlNote?: string;
  say: (line: string) => void;
}

const TRANSPORTS: SsoTransportName[] = ['soap12', 'soap11', 'json'];

export async function runJourney({ env, userName, customerCode, ssoUrlNote, say }: JourneySettings): Promise<void> {
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    say(`   ${label}: ok in ${(performance.now() - started).toFixed(1)} ms`);
    return result;
  };
  await using iq = IqClient.fromEnv(env);

  say('1. IQ Reseller: open a session and read the CVs');
  const cvs = await timed('GetCVs', () => iq.reseller.getCVs());
  say(`   ${cvs.length} CVs, ${iq.reseller.sessionsCreated} session created; the first ones:`);
  for (const cv of cvs.slice(0, 3)) say(`     #${cv.cvid} ${cv.name} (${cv.cvtype ?? '?'}, ${cv.city ?? '?'})`);

  await syncStep(iq, say);

  say(`2. printIQ SSO for ${userName}, over each wire format`);
  for (const transport of TRANSPORTS) {
    const sso = IqClient.fromEnv(env, { printiq: { transport } });
    const result = await timed(`SSORequest over ${transport}`, () => sso.sso({ userName, customerCode, opportunityRef: 'demo' }));
    say(`     simplifiedUrl: ${result.simplifiedUrl}`);
    say(`     landPageUrl:   ${result.landPageUrl}`);
  }
  say('   Opened in a browser, either URL of a pair lands in printIQ signed in: a new quote, or the landing page.');
  if (ssoUrlNote) say(`   ${ssoUrlNote}`);

  say('3. printIQ SSO for an Admin user, which printIQ refuses by design');
  try {
    await iq.sso({ userName: 'admin' });
    say('   unexpected: the service accepted an Admin user');
  } catch (error) {
    if (!(error instanceof IqError)) throw error;
    say(`   refused as expected: ${error.name}: ${error.message}`);
  }

  say('4. IQ Reseller: end the session');
  await timed('DELETE session', () => iq.close());
  say('Done.');
}
