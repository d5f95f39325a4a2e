import { readFile } from 'node:fs/promises';
import { packageFile } from '../../soap/package-files';
import { WSDL_FILE } from '../../wsdl/snapshot';
import { escapeXmlAttribute } from './xml';

/** The WSDL the package ships (the one its stubs are generated from), read at start-up. */
export function readShippedWsdl(): Promise<string> {
  return readFile(packageFile(`wsdl/${WSDL_FILE}`), 'utf8');
}

const ADDRESS = /(<(?:[\w.-]+:)?address\b[^>]*?\blocation\s*=\s*)(["'])[^"']*\2/g;

/** The WSDL with every port address (soap, soap12 and http) set to `serviceUrl`, as ASMX sets them to its own URL. */
export function withServiceAddress(wsdl: string, serviceUrl: string): string {
  return wsdl.replace(ADDRESS, (_match, head: string, quote: string) => `${head}${quote}${escapeXmlAttribute(serviceUrl)}${quote}`);
}
