// What a generated codec module exports: its operations and its service,
// plain data and functions that the runtime (./call.ts) runs on the pipeline.
import type { XmlElement } from '../xml/parse';
import type { SoapVersion } from './versions';

/** An element's namespace and local name. */
export interface ElementName {
  ns: string;
  local: string;
}

/**
 * One document/literal operation. `I` is the content of the request element,
 * `O` the content of the answer's (both as the schema types them).
 */
export interface SoapOperation<I, O> {
  name: string;
  /** The SOAPAction of each SOAP version the WSDL binds the operation to. */
  actions: Partial<Record<SoapVersion, string>>;
  input: ElementName;
  /** Undefined for a one-way operation. */
  output?: ElementName;
  /** The request element, escaped and in schema order; throws IqValidationError for a bad value. */
  write(input: I): string;
  /** The answer element read into its typed value; throws CodecReadError when it breaks the schema. */
  read(element: XmlElement): O;
}

/** Any operation, whatever its types (a method's parameter is bivariant, so `never` admits every input). */
export type AnySoapOperation = SoapOperation<never, unknown>;

/** A generated service: its operations by name. */
export interface SoapService<Ops extends Record<string, AnySoapOperation> = Record<string, AnySoapOperation>> {
  name: string;
  namespace: string;
  operations: Ops;
}

export type InputOf<Op> = Op extends SoapOperation<infer I, unknown> ? I : never;
export type OutputOf<Op> = Op extends SoapOperation<never, infer O> ? O : never;
