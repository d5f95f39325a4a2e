// A client for any ASMX (document/literal) service whose codec was generated
// with `iq-integration generate`: typed operations over the same HTTP pipeline,
// answer checks and redaction as the printIQ SSO client.
import { IqValidationError } from '../errors/IqValidationError';
import { MIN_SECRET_LENGTH, Redactor } from '../errors/redact';
import { checkUrl } from '../http/endpoint';
import { HttpPipeline } from '../http/pipeline';
import type { HttpOptions } from '../http/types';
import { callOperation } from './call';
import type { AnySoapOperation, InputOf, OutputOf, SoapOperation, SoapService } from './operation';
import type { SoapVersion } from './versions';

export interface SoapServiceOptions<Ops extends Record<string, AnySoapOperation>> extends HttpOptions {
  /** The service's endpoint, e.g. `https://host/Catalog.asmx`. */
  url: string;
  /** The generated codec's service export. */
  service: SoapService<Ops>;
  /** Wire form. Default `soap12`. */
  transport?: 'soap12' | 'soap11';
  /** Allow plain http to a host other than this machine. Default false. */
  allowInsecureHttp?: boolean;
  /** Values your inputs carry that must appear in no error (keys, tokens); each at least 8 characters. */
  secrets?: readonly string[];
  /** Operations that are safe to send twice, so the pipeline may retry them. Default none. */
  idempotent?: ReadonlyArray<keyof Ops & string>;
}

export interface SoapServiceCallOptions {
  signal?: AbortSignal;
}

export class SoapServiceClient<Ops extends Record<string, AnySoapOperation>> {
  readonly url: string;
  readonly version: SoapVersion;
  readonly #service: SoapService<Ops>;
  readonly #pipeline: HttpPipeline;
  readonly #redactor: Redactor;
  readonly #idempotent: ReadonlySet<string>;

  constructor(options: SoapServiceOptions<Ops>) {
    const secrets = checkSecrets(options?.secrets);
    this.#redactor = new Redactor(() => secrets);
    try {
      if (options === null || typeof options !== 'object')
        throw new IqValidationError('SoapServiceClient needs an options object with url and service', 'options');
      const service = options.service;
      if (!service || typeof service !== 'object' || !service.operations || typeof service.operations !== 'object') {
        throw new IqValidationError('service must be the service export of a generated codec module', 'service');
      }
      this.#service = service;
      if (options.transport !== undefined && options.transport !== 'soap12' && options.transport !== 'soap11')
        throw new IqValidationError('transport must be soap12 or soap11', 'transport');
      this.version = options.transport === 'soap11' ? '1.1' : '1.2';
      this.url = checkUrl(options.url, 'url', options.allowInsecureHttp === true).href;
      for (const name of options.idempotent ?? [])
        if (!Object.hasOwn(service.operations, name))
          throw new IqValidationError(`idempotent names ${JSON.stringify(name)}, which ${service.name} does not have`, 'idempotent');
      this.#idempotent = new Set(options.idempotent ?? []);
      this.#pipeline = new HttpPipeline(options);
    } catch (error) {
      throw this.#redactor.error(error);
    }
  }

  /** Calls one operation; resolves with its typed answer, rejects with an IqError subclass scrubbed of the secrets. */
  async call<K extends keyof Ops & string>(operation: K, input: InputOf<Ops[K]>, options: SoapServiceCallOptions = {}): Promise<OutputOf<Ops[K]>> {
    try {
      if (!Object.hasOwn(this.#service.operations, operation))
        throw new IqValidationError(`${this.#service.name} has no operation ${JSON.stringify(operation)}`, 'operation');
      const op = this.#service.operations[operation] as SoapOperation<InputOf<Ops[K]>, OutputOf<Ops[K]>>;
      return await callOperation(this.#pipeline, this.url, this.version, op, input, { signal: options.signal, idempotent: this.#idempotent.has(operation) });
    } catch (error) {
      throw this.#redactor.error(error);
    }
  }
}

function checkSecrets(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s.length < MIN_SECRET_LENGTH)) {
    throw new IqValidationError(`secrets must be an array of strings of at least ${MIN_SECRET_LENGTH} characters`, 'secrets');
  }
  return [...value];
}
