// Reads a SOAP Fault (1.1 or 1.2) from the Body of an answer.
import { IqFaultError, type IqFaultDetails } from '../errors/IqFaultError';
import { childElement, elementsOf, textOf, toPlainObject, type XmlElement } from '../xml/parse';
import { ENVELOPE_NAMESPACE, type SoapVersion } from './versions';

export interface SoapFault {
  /** As written, prefix included: `soap:Server`, `soap:Receiver`. */
  code?: string;
  reason: string;
  /** The fault's detail as a plain object (see toPlainObject), when it has any. */
  detail?: unknown;
}

/** A SOAP fault, with the fault's `detail` (ASMX: a SoapException's Detail) when it carried one. */
export class IqSoapFaultError extends IqFaultError {
  detail?: unknown;

  constructor(message: string, details: IqFaultDetails & { detail?: unknown }) {
    super(message, details);
    if (details.detail !== undefined) this.detail = details.detail;
  }
}

function detailOf(element: XmlElement | undefined): unknown {
  if (!element || (elementsOf(element).length === 0 && textOf(element).trim() === '')) return undefined;
  return toPlainObject(element);
}

/** SOAP 1.1: unqualified faultcode/faultstring/detail. SOAP 1.2: Code/Value, Reason/Text, Detail in the envelope namespace. */
export function readFault(fault: XmlElement, version: SoapVersion): SoapFault {
  if (version === '1.1') {
    const code = childElement(fault, '', 'faultcode');
    return {
      code: code && textOf(code).trim(),
      reason: textOf(childElement(fault, '', 'faultstring') ?? fault).trim(),
      detail: detailOf(childElement(fault, '', 'detail')),
    };
  }
  const ns = ENVELOPE_NAMESPACE['1.2'];
  const code = childElement(fault, ns, 'Code');
  const value = code && childElement(code, ns, 'Value');
  const reason = childElement(fault, ns, 'Reason');
  const text = reason && childElement(reason, ns, 'Text');
  // ASP.NET writes a SoapException's detail node as it was made: often SOAP 1.1's unqualified <detail>, even in SOAP 1.2.
  const detail = childElement(fault, ns, 'Detail') ?? childElement(fault, '', 'detail');
  return { code: value && textOf(value).trim(), reason: text ? textOf(text).trim() : '', detail: detailOf(detail) };
}

/** The first line of the innermost exception: ASMX wraps the real message in SoapException text. */
export function faultHeadline(reason: string): string {
  const first = reason.split(/\r?\n/)[0];
  return (first.split('--->').pop() ?? first).trim();
}
