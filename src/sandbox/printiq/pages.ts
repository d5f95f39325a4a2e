import { STATUS_CODES } from 'node:http';
import { serviceReply, type Reply } from './reply';
import { escapeXmlText } from './xml';

/** HTML pages: IIS's own error pages and the ASMX service help page. */

/** An error page as IIS (or a gateway in front of it) sends it: HTML, not SOAP or JSON. */
export function iisErrorPage(status: number): Reply {
  const reason = STATUS_CODES[status] ?? 'Error';
  const body = [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml">',
    '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>',
    `<title>${status} - ${reason}</title></head>`,
    '<body><div id="header"><h1>Server Error</h1></div>',
    `<div id="content"><div class="content-container"><fieldset><h2>${status} - ${reason}</h2>`,
    '<h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>',
    '</fieldset></div></div></body></html>',
  ].join('\r\n');
  return { status, headers: { 'content-type': 'text/html', server: 'Microsoft-IIS/10.0' }, body };
}

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
