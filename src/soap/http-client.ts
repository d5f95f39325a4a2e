// The seam where node-soap's calls enter our HTTP pipeline: node-soap builds
// the envelope from the generated stubs and parses the answer; sending it,
// timeouts, retries and error mapping are the pipeline's, as for REST calls.
import type { HttpPipeline } from '../http/pipeline';
import type { HttpRequest } from '../http/types';
import { checkSoapAnswer } from './answer-check';
import type { SoapVersion } from './versions';

/** What a caller passes through node-soap's per-call options to reach send(). */
export interface SoapCallContext {
  operation: string;
  idempotent: boolean;
  signal?: AbortSignal;
}

export const CALL_CONTEXT = 'iqCallContext';

type Callback = (error: unknown, response?: unknown, body?: unknown) => void;

/** Implements node-soap's IHttpClient `request` contract. */
export class SoapHttpClient {
  constructor(
    private readonly pipeline: HttpPipeline,
    private readonly version: SoapVersion,
  ) {}

  request(url: string, data: string, callback: Callback, headers: Record<string, string> = {}, options: Record<string, unknown> = {}): undefined {
    const context = options[CALL_CONTEXT] as SoapCallContext | undefined;
    const request: HttpRequest = {
      method: 'POST',
      url,
      headers: { ...headers, accept: headers['Content-Type']?.split(';')[0] ?? '*/*' },
      body: data,
      operation: context?.operation ?? 'SOAP call',
      idempotent: context?.idempotent ?? false,
      signal: context?.signal,
    };
    this.pipeline.send(request).then(
      (response) => {
        try {
          checkSoapAnswer(response, this.version, request);
        } catch (error) {
          return callback(error);
        }
        const headerObject = response.headers.toObject();
        callback(null, { status: response.status, headers: headerObject, data: response.body }, response.body);
      },
      (error: unknown) => callback(error),
    );
    return undefined;
  }
}
