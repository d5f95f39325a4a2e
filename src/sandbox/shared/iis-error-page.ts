import { STATUS_CODES } from 'node:http';
import type { Reply } from './reply';

/**
 * An error page as IIS (or a gateway in front of it) sends it: HTML, not SOAP or JSON.
 * Both vendors' services run on IIS; this is the answer of the `html` fault and of paths IIS refuses.
 */
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
