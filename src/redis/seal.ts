// Session tokens at rest, optionally sealed with AES-256-GCM under a key the
// app provides. The stored record's key is the additional data, so a sealed
// token copied to another record does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IqValidationError } from '../errors/IqValidationError';
import { IqStoreError } from '../iqreseller/session/store';

const PREFIX = 'aes256gcm:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The app's key: 32 bytes, as a Buffer/Uint8Array or as base64 text. */
export function checkEncryptionKey(value: unknown): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : value instanceof Uint8Array ? Buffer.from(value) : undefined;
  // Node's base64 decoder skips what it cannot read: only text that is exactly the key's base64 is taken.
  const exact = typeof value !== 'string' || bytes?.toString('base64') === value;
  if (!bytes || bytes.length !== 32 || !exact) {
    throw new IqValidationError(
      'encryptionKey must be 32 bytes for AES-256-GCM: a Buffer, or their base64 (e.g. crypto.randomBytes(32).toString("base64"))',
      'encryptionKey',
    );
  }
  return bytes;
}

const unreadable = (why: string) => new IqStoreError(`the stored session token cannot be read: ${why}`, { code: 'unreadable' });

export class TokenSeal {
  constructor(private readonly key: Buffer | undefined) {}

  seal(token: string, recordKey: string): string {
    if (!this.key) return token;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(recordKey));
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  open(stored: string, recordKey: string): string {
    const sealed = stored.startsWith(PREFIX);
    if (!this.key) {
      if (sealed) throw unreadable('it is encrypted, and this store has no encryptionKey');
      return stored;
    }
    if (!sealed) throw unreadable('it is not encrypted, and this store expects it to be (every instance needs the same encryptionKey)');
    const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(recordKey));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable('it does not open with this encryptionKey (every instance needs the same one)');
    }
  }
}
