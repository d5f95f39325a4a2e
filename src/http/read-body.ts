import type zlib from 'node:zlib';
import { IqProtocolError } from '../errors/IqProtocolError';
import { parseMediaType } from './media-type';
import { answerContext } from './status-error';
import type { AnswerHeaders, BodyStream, HttpRequest, HttpResponse, RawResponse } from './types';

/** node:zlib is loaded for the first gzip answer only. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gunzipStream = () => (require('node:zlib') as typeof zlib).createGunzip();

const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

const closedEarly = () => Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' });

const utf8 = (bytes: Buffer): string => (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.toString('utf8', 3) : bytes.toString('utf8'));

/**
 * Turns the body's bytes into text in the charset its Content-Type declares (UTF-8 when none is
 * named, as Buffer decodes it fastest); undefined for a charset that cannot be decoded. A BOM is
 * dropped, as TextDecoder does.
 */
function decoder(headers: AnswerHeaders): ((bytes: Buffer) => string) | undefined {
  const charset = parseMediaType(headers.get('content-type')).charset ?? 'utf-8';
  if (UTF8.has(charset)) return utf8;
  try {
    const other = new TextDecoder(charset);
    return (bytes) => other.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads a body as text in its declared charset (and counts its bytes) into the answer, refusing
 * one larger than `maxBytes` without buffering it: a hostile server cannot make
 * us hold more than that. A gzip body is unpacked on the way and the limit
 * counts what it unpacks to. Header values are quoted as sent: the client's
 * redactor sees them whole.
 */
export function readBody(
  response: RawResponse,
  headers: AnswerHeaders,
  maxBytes: number,
  context: Pick<HttpRequest, 'operation' | 'method' | 'url'>,
): Promise<HttpResponse> {
  const refuse = (why: string) => {
    response.body.destroy();
    return new IqProtocolError(`the answer to ${context.operation} ${why}`, answerContext(response, context));
  };
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(refuse(`is larger than ${maxBytes} bytes`));
  const encoding = headers.get('content-encoding')?.trim();
  const gzip = encoding?.toLowerCase() === 'gzip';
  if (encoding && !gzip && encoding.toLowerCase() !== 'identity')
    return Promise.reject(refuse(`is encoded as ${JSON.stringify(encoding)}, which was not asked for`));
  const decode = decoder(headers);
  if (!decode) return Promise.reject(refuse(`declares a charset that cannot be decoded (${JSON.stringify(headers.get('content-type'))})`));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      reject(error);
    };
    const finish = () => {
      if (done) return;
      done = true;
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      resolve({ status: response.status, headers, body: decode(bytes), bytes: size, url: context.url });
    };
    let source: BodyStream = response.body;
    /** Bytes of a gzip body as sent: none at all is an empty answer (a 204 marked gzip), not broken gzip. */
    let packed = 0;
    if (gzip) {
      const gunzip = gunzipStream();
      response.body.on('data', (chunk: Buffer) => (packed += chunk.byteLength));
      response.body.on('error', (error) => gunzip.destroy(error));
      response.body.on('close', () => {
        if (!response.body.readableEnded) gunzip.destroy(closedEarly());
      });
      (response.body as unknown as NodeJS.ReadableStream).pipe(gunzip);
      source = gunzip;
    }
    source.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        if (gzip) source.destroy();
        return fail(refuse(`is larger than ${maxBytes} bytes`));
      }
      chunks.push(chunk);
    });
    source.on('error', (error: Error & { code?: string }) => {
      if (typeof error.code !== 'string' || !error.code.startsWith('Z_')) return fail(error);
      if (packed === 0 && response.body.readableEnded) return finish();
      fail(refuse('is not valid gzip'));
    });
    // A connection that closes before the body's end (a reset, the attempt ended) is an error, not a short body.
    source.on('close', () => {
      if (!done) fail(closedEarly());
    });
    source.on('end', finish);
  });
}
