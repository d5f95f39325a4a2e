const CDATA_LOOKALIKE = /^<!\[CDATA\[[\s\S]*\]\]>$/;

/**
 * node-soap escapes every string except one that looks like a CDATA section,
 * which it sends raw: `<![CDATA[a]]><x/><![CDATA[]]>` would inject markup.
 * Such a value is sent as a real CDATA section instead (splitting any `]]>`),
 * so the service reads back exactly the characters the caller gave.
 */
export function soapText(value: string): string {
  if (!CDATA_LOOKALIKE.test(value)) return value;
  return `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
