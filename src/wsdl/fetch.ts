import { IqProtocolError } from '../errors/IqProtocolError';
import { HttpPipeline } from '../http/pipeline';
import { throwForStatus } from '../http/status-error';
import { checkUrl } from '../http/endpoint';

export interface FetchWsdlOptions {
  timeoutMs?: number;
  allowInsecureHttp?: boolean;
  pipeline?: HttpPipeline;
}

/** Fetches a service's WSDL and checks that it is one, without trusting it further. */
export async function fetchWsdl(url: string, options: FetchWsdlOptions = {}): Promise<string> {
  const target = checkUrl(url, 'url', options.allowInsecureHttp ?? true, 'document');
  const pipeline = options.pipeline ?? new HttpPipeline({ timeoutMs: options.timeoutMs ?? 30_000 });
  const request = { method: 'GET', url: target.href, headers: { accept: 'text/xml, application/xml' }, operation: 'WSDL', idempotent: true };
  const response = await pipeline.send(request);
  throwForStatus(response, request);
  const text = response.body;
  if (/<!DOCTYPE/i.test(text) || !/<(\w+:)?definitions[\s>]/.test(text)) {
    throw new IqProtocolError(`${target.href} did not answer with a WSDL document`, {
      operation: 'WSDL', status: response.status, request: { method: 'GET', url: target.href },
    });
  }
  return text;
}
