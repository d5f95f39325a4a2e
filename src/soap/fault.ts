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

export function parseFault(xml: string): SoapFault | undefined {
  let doc: Record<string, any>;
  try {
    doc = parseXml(xml) as Record<string, any>;
  } catch {
    return undefined;
  }
  const fault = doc?.Envelope?.Body?.Fault;
  if (!fault || typeof fault !== 'object') return undefined;
  // SOAP 1.1: faultcode/faultstring/detail. SOAP 1.2: Code/Value, Reason/Text, Detail.
  const code = text(fault.faultcode) ?? text(fault.Code?.Value);
  const reason = text(fault.faultstring) ?? text(fault.Reason?.Text) ?? '';
  const detail = fault.detail ?? fault.Detail;
  return { code, reason, hasDetail: detail !== undefined && detail !== '' };
}
