import type { Reply } from '../shared/reply';

/** The headers an ASP.NET application on IIS adds to every answer. */
const ASPNET_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'private, max-age=0',
  server: 'Microsoft-IIS/10.0',
  'x-aspnet-version': '4.0.30319',
  'x-powered-by': 'ASP.NET',
};

/** An answer of the ASP.NET application itself. */
export function serviceReply(status: number, contentType: string, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...ASPNET_HEADERS, 'content-type': contentType, ...headers }, body };
}
