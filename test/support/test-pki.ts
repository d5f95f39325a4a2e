// A throw-away test CA and a server certificate for 127.0.0.1/localhost, made
// with openssl at run time in a temp dir (no key is ever committed). Used by
// the transport tests and by the bench's https figures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  ca: string;
  keyPath: string;
  certPath: string;
  opensslVersion: string;
  dispose(): void;
}

export function makeTestPki(): TestPki | { error: string } {
  let opensslVersion: string;
  try {
    opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return { error: 'openssl is not installed (or not on PATH)' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'iq-test-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    writeFileSync(
      join(dir, 'server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '',
      ].join('\n'),
    );
    run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=iq-integration test CA',
    );
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { error: `openssl failed to make the test CA: ${stderr || (error as Error).message}` };
  }
  return {
    dir,
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    keyPath: join(dir, 'server.key'),
    certPath: join(dir, 'server.pem'),
    opensslVersion,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
