// A WSDL snapshot: `<Service>.wsdl` and its manifest (where and when it was
// fetched, its sha256): what a codec is generated from, and what `wsdl check`
// compares a live service with.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IqError } from '../errors/IqError';
import { IqValidationError } from '../errors/IqValidationError';

/** The WSDL address the vendor documents (over https). */
export const DEFAULT_WSDL_URL = 'https://gpo.printiq.com/webservice/Authentication.asmx?wsdl';

export interface WsdlManifest {
  sourceUrl: string;
  fetchedAt: string;
  sha256: string;
  bytes: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// An XML name, as a WSDL's service name should be: no folder, no `..`, no drive.
const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_.-]{0,199}$/u;

/**
 * The service name, from the WSDL, checked before any path is made of it:
 * `../x`, `a/b`, `/abs`, `.` or an empty name would write outside the folders given.
 */
export function serviceFileName(service: string): string {
  if (typeof service !== 'string' || !PLAIN_NAME.test(service))
    throw new IqValidationError(`the WSDL's service name ${JSON.stringify(String(service).slice(0, 80))} is not a plain file name`, 'service');
  return service;
}

export const snapshotFile = (service: string) => `${serviceFileName(service)}.wsdl`;
export const manifestFile = (service: string) => `${serviceFileName(service)}.manifest.json`;

/** The snapshot in `dir`: its one `*.wsdl` file, and the manifest beside it when there is one. */
export function readSnapshot(dir: string): { file: string; wsdl: string; manifest?: WsdlManifest } {
  // A snapshot that cannot be read is "could not" (CLI exit 3), not bad usage.
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.wsdl'));
  } catch (error) {
    throw new IqError(`there is no WSDL snapshot folder at ${dir}`, { cause: error });
  }
  if (names.length !== 1) throw new IqError(`${dir} must hold exactly one .wsdl snapshot, found ${names.length}`);
  const file = join(dir, names[0]);
  let manifest: WsdlManifest | undefined;
  try {
    manifest = JSON.parse(readFileSync(file.replace(/\.wsdl$/, '.manifest.json'), 'utf8')) as WsdlManifest;
  } catch {
    manifest = undefined;
  }
  return { file, wsdl: readFileSync(file, 'utf8'), manifest };
}

/** The snapshot's files by name: the WSDL as fetched, and its manifest. */
export function snapshotFiles(service: string, wsdl: string, sourceUrl: string, now = new Date()): Record<string, string> {
  const manifest: WsdlManifest = { sourceUrl, fetchedAt: now.toISOString(), sha256: sha256(wsdl), bytes: Buffer.byteLength(wsdl, 'utf8') };
  return { [snapshotFile(service)]: wsdl, [manifestFile(service)]: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** The file of the printIQ snapshot this package ships and generates its codec from. */
export const WSDL_FILE = snapshotFile('Authentication');
