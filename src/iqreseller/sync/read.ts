// One read of a walk: a page of `size` records, asked for once (the pipeline
// owns the retries of a request; a walk never sends the same one again), paced,
// and its outcome sorted into what paging can act on.
import type { IqError } from '../../errors/IqError';
import { IqAuthError } from '../../errors/IqAuthError';
import { IqHttpError } from '../../errors/IqHttpError';
import { IqNotFoundError } from '../../errors/IqNotFoundError';
import { IqProtocolError } from '../../errors/IqProtocolError';
import { IqTimeoutError } from '../../errors/IqTimeoutError';
import { sleep, type AbortContext } from '../../http/abort';
import type { CallRequest } from '../types';

export type Read =
  /** The page's records (an empty page included). */
  | { kind: 'records'; records: unknown[] }
  /** The vendor's 404 "no SO for the given Page". */
  | { kind: 'end'; error: IqError }
  /** A 500 (`endLike`: the vendor also answers pages past the end so), a timeout, a broken answer. */
  | { kind: 'failed'; error: IqError; endLike: boolean }
  /** Any other 4xx: the request itself was refused (a page number below the base, say). */
  | { kind: 'refused'; error: IqError };

/** How the vendor words the 404 past the last page: "no SO for the given Page". */
const GIVEN_PAGE = /\bfor the given page\b/i;

export type Call = (request: CallRequest) => Promise<unknown>;

export class PageReader {
  /** Requests made by this reader. */
  requests = 0;

  constructor(
    private readonly call: Call,
    /** The walk's call, without the paging fields. */
    private readonly request: CallRequest & { body?: Record<string, unknown> },
    private readonly pauseMs: number,
    private readonly context: AbortContext,
  ) {}

  async read(page: number, size: number): Promise<Read> {
    if (this.requests > 0) await sleep(this.pauseMs, this.request.signal, this.context);
    this.requests++;
    const paging = { Page: page, PageSize: size };
    const request: CallRequest =
      this.request.method === 'POST'
        ? { ...this.request, body: { ...this.request.body, ...paging } }
        : { ...this.request, query: { ...this.request.query, ...paging } };
    let answer: unknown;
    try {
      answer = await this.call(request);
    } catch (error) {
      return classify(error);
    }
    const records = listIn(answer);
    if (!records) throw new IqProtocolError(`${this.context.operation} page ${page} is not a list`, { operation: this.context.operation });
    if (records.length > size) {
      throw new IqProtocolError(`${this.context.operation} page ${page} holds ${records.length} records, more than the PageSize of ${size}`, {
        operation: this.context.operation,
      });
    }
    return { kind: 'records', records };
  }
}

function classify(error: unknown): Read {
  if (error instanceof IqNotFoundError && GIVEN_PAGE.test(error.vendorMessage ?? '')) return { kind: 'end', error };
  if (error instanceof IqTimeoutError || error instanceof IqProtocolError) return { kind: 'failed', error, endLike: false };
  if (error instanceof IqHttpError && !(error instanceof IqAuthError)) {
    if (error.status === 500) return { kind: 'failed', error, endLike: true };
    if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) return { kind: 'refused', error };
  }
  // The vendor or the network is down, the session refused, the caller aborted: the walk stops here, resumable.
  throw error;
}

/**
 * The records of an answer: a JSON list; nothing (an empty body); or WCF's XML list as the
 * parser reads it (`{ ArrayOfSO: { SO: [...] } }`, one record not in a list, none as '').
 */
function listIn(answer: unknown): unknown[] | undefined {
  if (Array.isArray(answer)) return answer;
  if (answer === undefined) return [];
  if (answer === null || typeof answer !== 'object') return undefined;
  const roots = Object.entries(answer);
  if (roots.length !== 1 || !roots[0][0].startsWith('ArrayOf')) return undefined;
  const inner = roots[0][1];
  if (inner === '' || inner === null || inner === undefined) return [];
  if (typeof inner !== 'object' || Array.isArray(inner)) return undefined;
  const items = Object.values(inner);
  if (items.length !== 1) return undefined;
  return Array.isArray(items[0]) ? items[0] : [items[0]];
}

/** How a read said there was nothing: plainly (an empty page, the vendor's end), or its failure and words. */
export function signature(read: Read): string {
  if (read.kind === 'records' || read.kind === 'end') return 'plain';
  return `${read.error.name} ${read.error.status ?? ''} ${(read.error as { vendorMessage?: string }).vendorMessage ?? ''}`;
}
