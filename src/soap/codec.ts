// What generated codec modules import (as `rt`): the XSD value writers and
// readers, and the types they implement. Apps' generated codecs reach the
// same module through the package entry, as `soapCodec`.
export * from './values';
export type { ElementName, SoapOperation, SoapService } from './operation';
export type { XmlElement } from '../xml/parse';
