// Reads an IQ Reseller answer: JSON, or XML through the safe parser; maps
// error statuses (with the vendor's {code,message}) to typed errors.
import { IqProtocolError } from '../errors/IqProtocolError';
import { parseMediaType } from '../http/media-type';
import { answerContext, isSuccess, statusError } from '../http/status-error';
import type { HttpRequest, HttpResponse } from '../http/types';
import { XmlRefusedError, parseXml } from '../xml/parse';

export function readAnswer(response: HttpResponse, request: HttpRequest, format: 'json' | 'xml'): unknown {
  if (!isSuccess(response.status)) throw statusError(response, request);
  const body = response.body;
  // 204 says there is nothing; an empty 200 is a broken answer (a proxy cut it, the service failed quietly).
  if (response.status === 204) return undefined;
  if (body.trim() === '') throw failed(request, response, `the answer is empty (HTTP ${response.status})`);
  const { type } = parseMediaType(response.headers.get('content-type'));
  if (type === 'text/html' || type === 'application/xhtml+xml' || /^\s*(<\?xml[^>]*>\s*)?<(!doctype\s+)?html/i.test(body)) {
    throw failed(request, response, `expected ${format.toUpperCase()}, got an HTML page (HTTP ${response.status})`);
  }
  // No content type is tolerated; a type naming another format is not.
  if (type && !type.includes(format)) {
    throw failed(request, response, `expected ${format.toUpperCase()}, got ${type}`);
  }
  if (format === 'xml') {
    try {
      return parseXml(body);
    } catch (error) {
      if (error instanceof XmlRefusedError) throw failed(request, response, error.message);
      throw error;
    }
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw failed(request, response, 'the JSON answer is truncated or invalid');
  }
}

/** The error's context is made only for an error: readAnswer runs on every call. */
function failed(request: HttpRequest, response: HttpResponse, why: string): IqProtocolError {
  return new IqProtocolError(`${request.operation} failed: ${why}`, answerContext(response, request));
}
