import type { IncomingMessage } from 'node:http';

/** Requests to either emulator are small (SSO envelopes, JSON filters); anything bigger is a client bug worth a clear answer. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The whole body as UTF-8 text, or undefined when it is larger than MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}
