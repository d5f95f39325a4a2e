import { IqProtocolError } from '../errors/IqProtocolError';

/**
 * Reads a body as UTF-8 text, refusing one larger than `maxBytes` without
 * buffering it: a hostile server cannot make us hold more than that.
 */
export async function readBody(response: Response, maxBytes: number, context: { operation: string }): Promise<string> {
  const tooLarge = () =>
    new IqProtocolError(`the answer to ${context.operation} is larger than ${maxBytes} bytes`, {
      operation: context.operation,
      status: response.status,
    });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const decoder = new TextDecoder('utf-8');
  const reader = response.body.getReader();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
