import { IqError, type IqErrorDetails } from './IqError';

/** Records of a list that could not be read, however small the pages they were asked for in. */
export interface PageGap {
  /** Position of the first record left out, counted from 0 over the whole list. */
  offset: number;
  /** How many records, from `offset` on, were left out. */
  count: number;
  /** The request that failed last for them: its `Page` and `PageSize`. */
  page: number;
  pageSize: number;
  /** The class of that failure, e.g. `IqHttpError` or `IqTimeoutError`. */
  error: string;
  /** HTTP status of the failing answer, when there was one. */
  status?: number;
  /** What the vendor said (e.g. "Specified cast is not valid."), else the error's message. */
  message: string;
}

/**
 * A walk of pages reached the end of the list but left records out: every readable
 * record was yielded first. `gaps` says which ones, and why they could not be read.
 */
export class IqGapError extends IqError {
  readonly gaps: PageGap[];
  /** Records yielded by the walk (those of a walk it resumed included). */
  readonly yielded: number;

  constructor(operation: string, gaps: PageGap[], yielded: number, details: IqErrorDetails = {}) {
    const missing = gaps.reduce((sum, gap) => sum + gap.count, 0);
    const shown = gaps
      .slice(0, 3)
      .map(
        (gap) =>
          `${gap.count === 1 ? `record ${gap.offset}` : `records ${gap.offset}-${gap.offset + gap.count - 1}`} (${gap.error}${gap.status ? ` ${gap.status}` : ''}: ${gap.message})`,
      );
    const more = gaps.length > 3 ? `, and ${gaps.length - 3} more` : '';
    super(
      `${operation} ended with ${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'} (${missing} unreadable ${missing === 1 ? 'record' : 'records'}, ${yielded} yielded): ${shown.join('; ')}${more}`,
      { operation, ...details },
    );
    this.gaps = gaps;
    this.yielded = yielded;
  }
}
