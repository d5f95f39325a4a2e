// Endpoint options are base URLs the clients append paths to: a query string or
// a fragment would send the call, and the key with it, to another path.
import { IqResellerClient, IqValidationError, PrintIqSsoClient } from '../../src';

const KEY = 'ENDPOINT-TEST-KEY-0123';

describe.each([
  ['signinUrl', (url: string) => new IqResellerClient({ apiKey: KEY, signinUrl: url })],
  ['apiUrl', (url: string) => new IqResellerClient({ apiKey: KEY, apiUrl: url })],
  ['url', (url: string) => new PrintIqSsoClient({ appKey: KEY, url })],
])('%s', (field, make) => {
  it.each(['https://h.example/base?x=1', 'https://h.example/base?', 'https://h.example/base#frag', 'https://h.example/base#', 'https://h.example/?wsdl'])(
    'refuses %s before anything is sent',
    (url) => {
      expect(() => make(url)).toThrow(new IqValidationError(`${field} must not have a query string or fragment: give the service's base URL`, field));
    },
  );

  it('refuses credentials in the URL, and takes a plain base URL', () => {
    expect(() => make('https://user:pw@h.example/base')).toThrow(new IqValidationError(`${field} must not carry credentials`, field));
    expect(() => make('https://h.example/base/')).not.toThrow();
  });
});
