export type SoapVersion = '1.1' | '1.2';

export const ENVELOPE_NAMESPACE: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

/** The media type each version's answer must carry. */
export const MEDIA_TYPE: Record<SoapVersion, string> = {
  '1.1': 'text/xml',
  '1.2': 'application/soap+xml',
};

export function versionOfNamespace(ns: string | undefined): SoapVersion | undefined {
  if (ns === ENVELOPE_NAMESPACE['1.1']) return '1.1';
  if (ns === ENVELOPE_NAMESPACE['1.2']) return '1.2';
  return undefined;
}
