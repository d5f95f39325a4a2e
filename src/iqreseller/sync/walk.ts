// A walk of a Page/PageSize list that loses no record without saying so.
//
// Pages are read in order at the caller's pageSize. A page that fails (a 500,
// a timeout, a broken answer) is read again over the same records in smaller
// pages, down to single records, so only records that cannot be read at all
// are left out; each such range is a gap. The vendor answers past the end with
// an error much like a failure in the middle, so every sign of the end is
// checked by one-record reads just past it (lookAhead) before it is believed.
// A size that fails twice where all its smaller pages work is given up for the
// rest of the walk: the vendor refuses pages above some size.
import type { IqError } from '../../errors/IqError';
import { IqGapError, type PageGap } from '../../errors/IqGapError';
import { IqProtocolError } from '../../errors/IqProtocolError';
import { normalize } from '../normalize';
import type { PageCursor, PaginateOptions } from '../types';
import { detectBase } from './base';
import { freshCursor } from './cursor';
import { planWalk, type WalkPlan } from './options';
import { PageReader, signature, type Call, type Read } from './read';
import { fingerprint } from './fingerprint';
import { PageSizes } from './sizes';

/** A range being read again in smaller pages. */
interface Frame {
  end: number;
  size: number;
  /** No record in it was left out so far. */
  clean: boolean;
  /** The size of the page that failed. */
  parentSize: number;
  /**
   * Its page failed with a 500 and no gap in it explains why yet. The vendor answers a page
   * that only runs past the end with a short page, so unless the page was too large, a record
   * in it is unreadable: the end of the list cannot be before it.
   */
  owed: boolean;
}

/** Every record of the list, in order; see PaginateOptions. Validation happens at the first next(). */
export async function* paginate<T>(call: Call, options: PaginateOptions): AsyncGenerator<T, void, undefined> {
  yield* new Walk<T>(call, planWalk(options)).run();
}

class Walk<T> {
  readonly #plan: WalkPlan;
  readonly #reader: PageReader;
  readonly #sizes: PageSizes;
  readonly #cursor: PageCursor;
  readonly #requestsBefore: number;
  readonly #frames: Frame[] = [];
  /** The furthest position known to hold a record. */
  #seen = -1;
  /** The largest page size that gave records in this walk: pages that large are not refused for their size. */
  #largestWorked = 0;
  /** Single records that failed in a row, not yet handed over. */
  #open?: PageGap;
  /** The last record read, its position and fingerprint. */
  #lastRecord?: { at: number; key: string | undefined };
  /** Per page size: pages that failed where all their records could be read in smaller pages, since one worked. */
  readonly #strikes = new Map<number, number>();

  constructor(call: Call, plan: WalkPlan) {
    this.#plan = plan;
    this.#reader = new PageReader(call, plan.request, plan.pauseMs, { operation: plan.operation });
    this.#sizes = new PageSizes(plan.pageSize);
    const resumed = plan.resumeFrom;
    this.#cursor = resumed
      ? { ...resumed, readSize: this.#sizes.has(resumed.readSize) ? resumed.readSize : plan.pageSize }
      : freshCursor(plan.walk, plan.pageBase ?? 1, plan.pageSize);
    this.#requestsBefore = this.#cursor.requests;
  }

  async *run(): AsyncGenerator<T, void, undefined> {
    const cursor = this.#cursor;
    if (!cursor.done && !this.#plan.resumeFrom && this.#plan.pageBase === undefined) {
      cursor.pageBase = await detectBase(this.#reader, this.#plan.pageSize, this.#plan.operation);
    }
    let offset = cursor.offset;
    while (!cursor.done) {
      const frame = this.#frames.at(-1);
      if (frame && offset >= frame.end) {
        this.#frames.pop();
        this.#frameDone(frame);
        continue;
      }
      // After a short page the offset may not be a multiple of the frame's size: a smaller size keeps Page whole.
      const size = this.#sizes.at(offset, frame ? frame.size : cursor.readSize);
      const page = offset / size + cursor.pageBase;
      const read = await this.#read(offset, size);
      if (read.kind === 'refused') throw read.error;
      if (read.kind === 'records' && read.records.length > 0) {
        await this.#closeGap();
        cursor.pages++;
        let sent = 0;
        let taken = false;
        try {
          for (const record of read.records) {
            sent++;
            yield (this.#plan.normalize ? normalize(record) : record) as T;
          }
          taken = true;
        } finally {
          // The loop stopped early (a break, or a throw in its body): one more cursor, covering the records
          // it had taken. A record is taken when the loop asks for the next one; the one it stopped at is not.
          if (!taken && sent > 1) {
            cursor.yielded += sent - 1;
            await this.#handOver(offset + sent - 1);
          }
        }
        offset += read.records.length;
        this.#seen = Math.max(this.#seen, offset - 1);
        this.#largestWorked = Math.max(this.#largestWorked, size);
        cursor.yielded += read.records.length;
        if (read.records.length === size) this.#strikes.delete(size);
        await this.#handOver(offset);
        if (read.records.length === size || !(await this.#isEnd(offset, read))) continue;
        return await this.#finish(offset);
      }
      // Nothing here: an empty page, the vendor's end, or a failure.
      const failed500 = read.kind === 'failed' && read.endLike;
      const endLike = read.kind !== 'failed' || read.endLike;
      if (endLike && !(failed500 && this.#owedFor()) && (await this.#isEnd(offset, read, size === 1))) return await this.#finish(offset);
      if (size === 1) this.#gap(offset, page, read);
      else this.#frames.push({ end: offset + size, size: this.#sizes.smaller(size), clean: true, parentSize: size, owed: failed500 });
      offset += size === 1 ? 1 : 0;
    }
    await this.#finish(offset);
  }

  /**
   * Whether `offset` is past the last record: no record known beyond it, none found by one-record
   * reads ahead, and a failure answered as the vendor answers past the end. `again`: the read that
   * said so was of the record at `offset` alone, so asking for it once more would be a retry.
   */
  async #isEnd(offset: number, said: Read, again = false): Promise<boolean> {
    if (this.#seen >= offset) return false;
    const { pageSize, lookAhead } = this.#plan;
    // The next records, the next page, ten pages on (surely past the end if this is it, showing what
    // the vendor answers there), then the pages between.
    const ahead = [
      ...new Set([offset, offset + 1, offset + pageSize, offset + 10 * pageSize, ...Array.from({ length: lookAhead }, (_, i) => offset + (i + 2) * pageSize)]),
    ].slice(0, lookAhead);
    const positions = [...new Set([...ahead.slice(0, 2), ...this.#owedStarts(offset), ...ahead.slice(2)])];
    const failure = said.kind === 'failed' ? signature(said) : undefined;
    let agree = true;
    for (const position of positions) {
      if (again && position === offset) continue;
      const probe = await this.#read(position, 1);
      if (probe.kind === 'records' && probe.records.length > 0) {
        this.#seen = Math.max(this.#seen, position);
        return false;
      }
      // Past the end the vendor answers alike, so a failure answered otherwise than what lies past it is a record's.
      if (failure !== undefined && !(probe.kind === 'failed' && !probe.endLike)) agree &&= signature(probe) === failure;
    }
    if (!agree) return false;
    // A list that fails from its first record on is broken, not empty: say so.
    if (offset === 0 && said.kind === 'failed') throw said.error;
    return true;
  }

  /**
   * The page of `size` records from `offset`. An endpoint that ignores Page (or clamps it to its last
   * page) answers other pages with records already read: its last record, the same as the last
   * record of the read before, at another position, stops the walk before anything is yielded twice.
   */
  async #read(offset: number, size: number): Promise<Read> {
    const page = offset / size + this.#cursor.pageBase;
    const read = await this.#reader.read(page, size);
    if (read.kind !== 'records' || read.records.length === 0) return read;
    const at = offset + read.records.length - 1;
    const key = fingerprint(read.records.at(-1));
    const last = this.#lastRecord;
    if (last && key !== undefined && last.key === key && last.at !== at) {
      const { operation } = this.#plan;
      throw new IqProtocolError(
        `${operation} answered Page=${page}&PageSize=${size} with the record it gave for position ${last.at}, not ${at}: the endpoint ignores or clamps Page (or the list repeats records)`,
        { operation },
      );
    }
    this.#lastRecord = { at, key };
    return read;
  }

  /** A frame whose failed page must hold an unreadable record, pages of its size having worked elsewhere. */
  #owedFor(): boolean {
    return this.#frames.some((frame) => frame.owed && this.#largestWorked >= frame.parentSize);
  }

  /** In the innermost owed frame, the pages not read yet: a record in one of them means the list goes on. */
  #owedStarts(offset: number): number[] {
    const frame = [...this.#frames].reverse().find((f) => f.owed);
    const starts: number[] = [];
    if (!frame) return starts;
    for (let at = (Math.floor(offset / frame.size) + 1) * frame.size; at < frame.end && starts.length < this.#plan.lookAhead; at += frame.size) starts.push(at);
    return starts;
  }

  /** A single record that could not be read: joined to the gap before it when they failed alike. */
  #gap(offset: number, page: number, read: Read): void {
    const failure = read.kind === 'records' ? { error: 'IqProtocolError', message: 'an empty page where records were expected' } : describe(read.error);
    for (const frame of this.#frames) Object.assign(frame, { owed: false, clean: false });
    const open = this.#open;
    if (open && open.offset + open.count === offset && open.error === failure.error && open.status === failure.status && open.message === failure.message) {
      open.count++;
      return;
    }
    this.#flushGap();
    this.#open = { offset, count: 1, page, pageSize: 1, ...failure };
  }

  /** Records follow the open gap (or the walk ends): it is passed, so it is handed over. */
  async #closeGap(): Promise<void> {
    const gap = this.#flushGap();
    if (gap) await this.#plan.onGap?.({ ...gap });
  }

  #flushGap(): PageGap | undefined {
    const gap = this.#open;
    this.#open = undefined;
    if (gap) this.#cursor.gaps.push(gap);
    return gap;
  }

  #frameDone(frame: Frame): void {
    if (!frame.clean) return;
    // The page failed, yet every record of it could be read in smaller pages: its size, or chance (a hang).
    // Twice since a page of that size last worked: the vendor refuses that size; smaller pages from now on.
    const strikes = (this.#strikes.get(frame.parentSize) ?? 0) + 1;
    this.#strikes.set(frame.parentSize, strikes);
    if (strikes >= 2) this.#cursor.readSize = Math.min(this.#cursor.readSize, frame.size);
  }

  /** The cursor, now covering every record up to `offset`, to the caller. */
  async #handOver(offset: number): Promise<void> {
    const cursor = this.#cursor;
    cursor.offset = offset;
    cursor.requests = this.#requestsBefore + this.#reader.requests;
    await this.#plan.onPage?.({ ...cursor, gaps: cursor.gaps.map((gap) => ({ ...gap })) });
  }

  async #finish(offset: number): Promise<void> {
    const cursor = this.#cursor;
    if (!cursor.done) {
      await this.#closeGap();
      cursor.done = true;
      await this.#handOver(offset);
    }
    if (cursor.gaps.length > 0 && !this.#plan.onGap) {
      throw new IqGapError(
        this.#plan.operation,
        cursor.gaps.map((gap) => ({ ...gap })),
        cursor.yielded,
      );
    }
  }
}

function describe(error: IqError): Pick<PageGap, 'error' | 'status' | 'message'> {
  const vendorMessage = (error as { vendorMessage?: unknown }).vendorMessage;
  return {
    error: error.name,
    ...(error.status !== undefined && { status: error.status }),
    message: typeof vendorMessage === 'string' && vendorMessage ? vendorMessage : error.message,
  };
}
