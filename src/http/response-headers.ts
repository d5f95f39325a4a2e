import type { AnswerHeaders, RawHeaders } from './types';

/** Read-only answer headers with the lookup fetch's Headers has, without its cost. */
export class ResponseHeaders implements AnswerHeaders {
  constructor(private readonly raw: RawHeaders) {}

  /** The value of a header (names are case-insensitive); repeated headers joined with ", ". */
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) out[name] = value;
    }
    return out;
  }
}
