import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { IqProtocolError } from '../errors/IqProtocolError';
import type { ResponseHeaders } from './response-headers';
import type { RawResponse } from './transport/types';

/**
 * Reads a body as UTF-8 text, refusing one larger than `maxBytes` without
 * buffering it: a hostile server cannot make us hold more than that. A gzip
 * body is unpacked on the way and the limit counts what it unpacks to.
 */
export async function readBody(response: RawResponse, headers: ResponseHeaders, maxBytes: number, context: { operation: string }): Promise<string> {
  const refuse = (why: string) => {
    response.body.destroy();
    return new IqProtocolError(`the answer to ${context.operation} ${why}`, { operation: context.operation, status: response.status });
  };
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw refuse(`is larger than ${maxBytes} bytes`);
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity' && encoding !== 'gzip') throw refuse(`is encoded as ${encoding.slice(0, 40)}, which was not asked for`);
  const source: AsyncIterable<Uint8Array> = encoding === 'gzip' ? pipeline(response.body as Readable, createGunzip(), () => undefined) : response.body;
  const decoder = new TextDecoder('utf-8');
  let size = 0;
  let text = '';
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > maxBytes) throw refuse(`is larger than ${maxBytes} bytes`);
      text += decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    if (typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('Z_')) {
      throw refuse('is not valid gzip');
    }
    throw error;
  }
  return text + decoder.decode();
}
