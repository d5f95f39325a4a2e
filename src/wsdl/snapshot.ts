// The committed WSDL snapshot and its manifest: what the stubs in generated/
// are built from, and where and when it was fetched.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The WSDL address the vendor documents (over https). */
export const DEFAULT_WSDL_URL = 'https://gpo.printiq.com/webservice/Authentication.asmx?wsdl';

/** The file name decides wsdl-tsclient's names: `generated/authentication/…`. */
export const WSDL_FILE = 'Authentication.wsdl';
export const MANIFEST_FILE = 'Authentication.manifest.json';

export interface WsdlManifest {
  sourceUrl: string;
  fetchedAt: string;
  sha256: string;
  bytes: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function readSnapshot(dir: string): { wsdl: string; manifest?: WsdlManifest } {
  const wsdl = readFileSync(join(dir, WSDL_FILE), 'utf8');
  let manifest: WsdlManifest | undefined;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as WsdlManifest;
  } catch {
    manifest = undefined;
  }
  return { wsdl, manifest };
}

export function writeSnapshot(dir: string, wsdl: string, sourceUrl: string, now = new Date()): WsdlManifest {
  mkdirSync(dir, { recursive: true });
  const manifest: WsdlManifest = {
    sourceUrl,
    fetchedAt: now.toISOString(),
    sha256: sha256(wsdl),
    bytes: Buffer.byteLength(wsdl, 'utf8'),
  };
  writeFileSync(join(dir, WSDL_FILE), wsdl);
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
