import type { Reply } from '../shared/reply';
import { serviceReply } from './reply';
import { escapeXmlText } from './xml';

/** The ASMX service's own HTML page (IIS's error pages are in ../shared/iis-error-page). */

/** `GET Authentication.asmx`: the generated service page, which links the operation and the WSDL. */
export function serviceHelpPage(serviceUrl: string): Reply {
  const url = escapeXmlText(serviceUrl);
  const body = [
    '<html><head><title>Authentication Web Service</title></head><body>',
    '<h2>Authentication</h2>',
    `<p>The following operations are supported. For a formal definition, please review the <a href="${url}?WSDL">Service Description</a>.</p>`,
    `<ul><li><a href="${url}?op=SSORequest">SSORequest</a></li></ul>`,
    '</body></html>',
  ].join('\r\n');
  return serviceReply(200, 'text/html; charset=utf-8', body);
}
