import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { IqProtocolError } from '../errors/IqProtocolError';
import { parseMediaType } from './media-type';
import type { AnswerHeaders, HttpRequest, RawResponse } from './types';

/** The decoder for the answer's declared charset (UTF-8 when none is named); undefined for one we cannot decode. */
function decoderFor(headers: AnswerHeaders): TextDecoder | undefined {
  const charset = parseMediaType(headers.get('content-type')).charset ?? 'utf-8';
  try {
    return new TextDecoder(charset);
  } catch {
    return undefined;
  }
}

/**
 * Reads a body as text in its declared charset (and counts its bytes), refusing one larger than
 * `maxBytes` without buffering it: a hostile server cannot make us hold more
 * than that. A gzip body is unpacked on the way and the limit counts what it
 * unpacks to. Header values are quoted as sent: the client's redactor sees them whole.
 */
export async function readBody(
  response: RawResponse,
  headers: AnswerHeaders,
  maxBytes: number,
  context: Pick<HttpRequest, 'operation' | 'method' | 'url'>,
): Promise<{ text: string; bytes: number }> {
  const refuse = (why: string) => {
    response.body.destroy();
    return new IqProtocolError(`the answer to ${context.operation} ${why}`, {
      operation: context.operation,
      status: response.status,
      request: { method: context.method, url: context.url },
    });
  };
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw refuse(`is larger than ${maxBytes} bytes`);
  const encoding = headers.get('content-encoding')?.trim();
  const gzip = encoding?.toLowerCase() === 'gzip';
  if (encoding && !gzip && encoding.toLowerCase() !== 'identity') throw refuse(`is encoded as ${JSON.stringify(encoding)}, which was not asked for`);
  const decoder = decoderFor(headers);
  if (!decoder) throw refuse(`declares a charset that cannot be decoded (${JSON.stringify(headers.get('content-type'))})`);
  const source: AsyncIterable<Uint8Array> = gzip ? pipeline(response.body as Readable, createGunzip(), () => undefined) : response.body;
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
  return { text: text + decoder.decode(), bytes: size };
}
