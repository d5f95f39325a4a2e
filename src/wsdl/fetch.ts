import { IqProtocolError } from '../errors/IqProtocolError';
import { checkUrl } from '../http/endpoint';
import { HttpPipeline } from '../http/pipeline';
import { throwForStatus } from '../http/status-error';
import { readServiceModel, WsdlParseError, type ServiceModel } from './model';

export interface FetchWsdlOptions {
  timeoutMs?: number;
  allowInsecureHttp?: boolean;
  pipeline?: HttpPipeline;
}

/** Fetches a service's WSDL and reads it into its model: an answer that is not a WSDL is an IqProtocolError. */
export async function fetchWsdl(url: string, options: FetchWsdlOptions = {}): Promise<{ wsdl: string; model: ServiceModel }> {
  const target = checkUrl(url, 'url', options.allowInsecureHttp ?? true, 'document');
  const pipeline = options.pipeline ?? new HttpPipeline({ timeoutMs: options.timeoutMs ?? 30_000 });
  const request = { method: 'GET', url: target.href, headers: { accept: 'text/xml, application/xml' }, operation: 'WSDL', idempotent: true };
  const response = await pipeline.send(request);
  throwForStatus(response, request);
  try {
    return { wsdl: response.body, model: readServiceModel(response.body) };
  } catch (error) {
    if (!(error instanceof WsdlParseError)) throw error;
    throw new IqProtocolError(`${target.href} did not answer with a WSDL document: ${error.message}`, {
      operation: 'WSDL',
      status: response.status,
      request: { method: 'GET', url: target.href },
    });
  }
}
