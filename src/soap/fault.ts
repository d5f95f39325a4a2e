// Reads a SOAP Fault (1.1 or 1.2).
import { parseXml } from '../xml/parse';

export interface SoapFault {
  code?: string;
  reason: string;
  hasDetail: boolean;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object' && '#text' in value) return text((value as { '#text': unknown })['#text']);
  return undefined;
}

/** The value at a path of element names in a parsed document; undefined where any step is missing. */
function at(node: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((n, name) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[name] : undefined), node);
}

export function parseFault(xml: string): SoapFault | undefined {
  let doc: unknown;
  try {
    doc = parseXml(xml);
  } catch {
    return undefined;
  }
  const fault = at(doc, 'Envelope', 'Body', 'Fault');
  if (!fault || typeof fault !== 'object') return undefined;
  // SOAP 1.1: faultcode/faultstring/detail. SOAP 1.2: Code/Value, Reason/Text, Detail.
  const code = text(at(fault, 'faultcode')) ?? text(at(fault, 'Code', 'Value'));
  const reason = text(at(fault, 'faultstring')) ?? text(at(fault, 'Reason', 'Text')) ?? '';
  const detail = at(fault, 'detail') ?? at(fault, 'Detail');
  return { code, reason, hasDetail: detail !== undefined && detail !== '' };
}
