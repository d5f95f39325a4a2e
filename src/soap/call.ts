// Runs one generated operation over the HTTP pipeline: the envelope from the
// codec's writer, the pipeline's timeouts, retries and limits, then the answer
// through readSoapAnswer and the codec's reader.
import { IqValidationError } from '../errors/IqValidationError';
import type { HttpPipeline } from '../http/pipeline';
import type { HttpRequest } from '../http/types';
import { readSoapAnswer } from './answer';
import { envelope, soapHeaders } from './envelope';
import type { SoapOperation } from './operation';
import type { SoapVersion } from './versions';

export interface SoapCallOptions {
  signal?: AbortSignal;
  /** True when sending the call twice does no harm, so the pipeline may retry it. Default false. */
  idempotent?: boolean;
}

export async function callOperation<I, O>(
  pipeline: HttpPipeline,
  url: string,
  version: SoapVersion,
  operation: SoapOperation<I, O>,
  input: I,
  options: SoapCallOptions = {},
): Promise<O> {
  const action = operation.actions[version];
  if (action === undefined) throw new IqValidationError(`${operation.name} has no SOAP ${version} binding in its WSDL`, 'version');
  const request: HttpRequest = {
    method: 'POST',
    url,
    headers: soapHeaders(version, action),
    body: envelope(version, operation.write(input)),
    operation: operation.name,
    idempotent: options.idempotent === true,
    signal: options.signal,
  };
  return readSoapAnswer(await pipeline.send(request), version, operation, request);
}
