// Answers something in front of a service sends instead of the contract (IIS
// error pages, a redirect page), and DTDs a hostile XML answer could carry.
// Shared by the SSO and IQ Reseller hostile-answer suites.

/** The IIS 7+ "500 - Internal server error." page; its <title> is the vendor message. */
export const IIS_500 = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>500 - Internal server error.</title>
<style type="text/css"><!-- body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;} --></style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>500 - Internal server error.</h2>
  <h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>
 </fieldset></div>
</div>
</body>
</html>`;

/** The HTTP.sys "Service Unavailable" page (an app pool that is down); its <TITLE> is the vendor message. */
export const IIS_503 = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Service Unavailable</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Service Unavailable</h2>
<hr><p>HTTP Error 503. The service is unavailable.</p>
</BODY></HTML>`;

/** The body ASP.NET sends with a redirect. */
export const OBJECT_MOVED = '<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="/elsewhere">here</a>.</h2></body></html>';

// DOCTYPEs for a document whose root element is `root`.

/** Declares `&vendor;` as the text "expanded-internal-entity". */
export const INTERNAL_ENTITY = (root: string) => `<!DOCTYPE ${root} [<!ENTITY vendor "expanded-internal-entity">]>`;
/** Declares `&lol9;` as 10^9 "lol"s. */
export const BILLION_LAUGHS = (root: string) =>
  `<!DOCTYPE ${root} [\n<!ENTITY lol "lol">\n` +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
  '\n]>';
/** Declares `&xxe;` as the content of file:///etc/passwd (XXE). */
export const EXTERNAL_ENTITY = (root: string) => `<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
/** Reads file:///etc/passwd into the DTD itself, through a parameter entity. */
export const PARAMETER_ENTITY = (root: string) => `<!DOCTYPE ${root} [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>`;
