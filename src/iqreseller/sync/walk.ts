// A walk of a Page/PageSize list that loses no record without saying so.
//
// Pages are read in order at the caller's pageSize. A page that fails (a 500,
// a timeout, a broken answer) is read again over the same records in smaller
// pages, down to single records, so only records that cannot be read at all
// are left out; each such range is a gap. The vendor answers past the end as it
// answers an unreadable record, so a sign of the end is believed only once it
// is proven (see #isEnd) or no record turns up in a look-ahead window.
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
  /** That page failed with a 500 (not a timeout). */
  failed500: boolean;
}

/**
 * Reads in a row that answered with the last record of the read before (at another position), and whose
 * records are too alike to check it, past which the endpoint is taken for one ignoring Page.
 */
const SAME_RUN = 100;

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
  /** The largest page size that gave records: pages that large are not refused for their size. */
  #largestWorked = 0;
  /** The run of positions read (not gaps) that ends at the last record yielded: [start, end). */
  #run = { start: 0, end: 0 };
  /** Single records that failed in a row, not yet handed over. */
  #open?: PageGap;
  /** The last record read, its position and fingerprint. */
  #lastRecord?: { at: number; key: string | undefined };
  /** Page=0 answered an empty page while the base was looked for: the list may be empty under base 0. */
  #zeroEmpty = false;
  /** Reads in a row that repeated the last record of the read before and could not be checked. */
  #alike = 0;
  /** Per page size: pages that failed where all their records could be read in smaller pages, since one worked. */
  readonly #strikes = new Map<number, number>();
  /**
   * What reading one record alone gave, per position not yet passed: a record that fails alone is
   * final, so a position the look-ahead read is not asked for again. Positions passed are forgotten.
   */
  readonly #alone = new Map<number, Read>();

  constructor(call: Call, plan: WalkPlan) {
    this.#plan = plan;
    this.#reader = new PageReader(call, plan.request, plan.pauseMs, { operation: plan.operation });
    this.#sizes = new PageSizes(plan.pageSize);
    const resumed = plan.resumeFrom;
    this.#cursor = resumed
      ? { ...resumed, readSize: this.#sizes.has(resumed.readSize) ? resumed.readSize : plan.pageSize }
      : freshCursor(plan.walk, plan.pageBase ?? 1, plan.pageSize);
    this.#requestsBefore = this.#cursor.requests;
    // What the walk knew of the list where the cursor was handed over: a record up to `seen` (at least the
    // last position passed), and the largest page size that gave records. Without them a resumed walk
    // would take a failure at its first read for the end (cursors of older versions lack them).
    // Both are trusted only as far as a walk could have learnt them (its reads reach ten pages and the
    // look-ahead window past its offset): a cursor edited to claim more cannot send it reading on for ever.
    if (resumed) {
      const reach = resumed.offset + 11 * plan.pageSize + plan.lookAhead;
      this.#seen = Math.min(Math.max(resumed.seen ?? -1, resumed.offset - 1), reach);
      this.#largestWorked = Math.min(resumed.worked ?? 0, plan.pageSize);
    }
    const lastGap = this.#cursor.gaps.at(-1);
    this.#run = { start: lastGap ? lastGap.offset + lastGap.count : 0, end: this.#cursor.offset };
  }

  async *run(): AsyncGenerator<T, void, undefined> {
    const cursor = this.#cursor;
    if (!cursor.done && !this.#plan.resumeFrom && this.#plan.pageBase === undefined) {
      const { base, zeroEmpty } = await detectBase(this.#reader, this.#plan.pageSize, this.#plan.operation);
      cursor.pageBase = base;
      this.#zeroEmpty = zeroEmpty;
    }
    let offset = cursor.offset;
    while (!cursor.done) {
      const frame = this.#frames.at(-1);
      if (frame && offset >= frame.end) {
        this.#frames.pop();
        this.#frameDone(frame);
        continue;
      }
      for (const position of this.#alone.keys()) if (position < offset) this.#alone.delete(position);
      // After a short page the offset may not be a multiple of the frame's size: a smaller size keeps Page whole.
      const size = this.#sizes.at(offset, frame ? frame.size : cursor.readSize);
      const page = offset / size + cursor.pageBase;
      const read = (size > 1 && this.#failsAlone(offset, size)) || (await this.#read(offset, size));
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
        if (offset !== this.#run.end) this.#run.start = offset;
        offset += read.records.length;
        this.#run.end = offset;
        this.#seen = Math.max(this.#seen, offset - 1);
        cursor.yielded += read.records.length;
        if (read.records.length === size) this.#strikes.delete(size);
        await this.#handOver(offset);
        if (read.records.length === size || !(await this.#isEnd(offset, read, size))) continue;
        return await this.#finish(offset);
      }
      // Nothing here: an empty page, the vendor's end, or a failure.
      const endLike = read.kind !== 'failed' || read.endLike;
      if (endLike && (await this.#isEnd(offset, read, size))) return await this.#finish(offset);
      if (size === 1) await this.#gap(offset, page, read);
      else
        this.#frames.push({
          end: offset + size,
          size: this.#sizes.smaller(size),
          clean: true,
          parentSize: size,
          failed500: read.kind === 'failed' && read.endLike,
        });
      offset += size === 1 ? 1 : 0;
    }
    await this.#finish(offset);
  }

  /**
   * Whether `offset` is past the last record. Proven when a page holding the last record read and
   * `offset` comes back short there: the vendor cuts a page at the end, while an unreadable record
   * fails the whole page. Failing instead, it proves a record at `offset`. Where no such page can be
   * asked for (a gap just before, pageSize 1), every position up to lookAhead after the last record
   * known is read alone, and a record there means the list goes on. Two pages further ahead are read
   * as well. `size`: that of the read that said so (1: the read of `offset` alone).
   */
  async #isEnd(offset: number, said: Read, size: number): Promise<boolean> {
    const again = size === 1;
    if (this.#seen >= offset || this.#owed(offset)) return false;
    const { pageSize, lookAhead } = this.#plan;
    // A short page is such a page; an empty one proves nothing.
    const proven = (said.kind === 'records' && said.records.length > 0) || (await this.#straddle(offset));
    if (proven === 'record') return false;
    const positions = proven ? [] : Array.from({ length: Math.max(0, this.#seen + lookAhead + 1 - offset) }, (_, i) => offset + i);
    // Further on: a page on, and the first record ten pages on (the same for every offset of a page, so read once).
    const far = (Math.floor(offset / pageSize) + 10) * pageSize;
    const ahead = [...positions, offset + pageSize, far].filter((p, i, all) => all.indexOf(p) === i && !(again && p === offset));
    const failure = said.kind === 'failed' ? signature(said) : undefined;
    let agree = true;
    for (const position of ahead) {
      const probe = await this.#read(position, 1);
      if (probe.kind === 'records' && probe.records.length > 0) {
        this.#seen = Math.max(this.#seen, position);
        return false;
      }
      // A hang or a broken answer in the window shows nothing: the walk reads on, and a gap says what failed.
      if (probe.kind === 'failed' && !probe.endLike && position <= this.#seen + lookAhead) return false;
      // Past the end the vendor answers alike, so a failure answered otherwise than what lies past it is a record's.
      if (failure !== undefined && !(probe.kind === 'failed' && !probe.endLike)) agree &&= signature(probe) === failure;
    }
    if (!agree) {
      // Unless the read may have failed for its size (larger than any that worked): then smaller pages,
      // down to `offset` alone, decide.
      if (size > Math.max(1, this.#largestWorked)) return false;
      this.#seen = Math.max(this.#seen, offset);
      return false;
    }
    // A list that fails from its first record on is broken, not empty: say so. Unless Page=0 was empty:
    // under base 0 that is an empty list, whose next page fails as its end.
    if (offset === 0 && said.kind === 'failed' && !this.#zeroEmpty) throw said.error;
    return true;
  }

  /**
   * A page holding the record before `offset` (read, not a gap) and `offset` itself: true if it ends
   * there, 'record' if `offset` holds a record, false if it cannot tell or cannot be asked for.
   */
  async #straddle(offset: number): Promise<boolean | 'record'> {
    const { start, end } = this.#run;
    if (offset !== end || offset === 0) return false;
    // The smallest size whose page over offset - 1 reaches offset, and starts within the run.
    let size = 2;
    while (size <= this.#plan.pageSize && offset % size === 0) size++;
    const from = Math.floor((offset - 1) / size) * size;
    if (size > this.#plan.pageSize || from < start) return false;
    const read = await this.#read(from, size);
    if (read.kind === 'records') {
      const last = from + read.records.length - 1;
      if (last >= offset) {
        this.#seen = Math.max(this.#seen, last);
        return 'record';
      }
      return last === offset - 1;
    }
    // Unless the vendor refuses pages of this size.
    if (read.kind === 'failed' && read.endLike && size <= this.#largestWorked) {
      this.#seen = Math.max(this.#seen, offset);
      return 'record';
    }
    return false;
  }

  /**
   * A page of a size not refused failed with a 500 although its records up to `offset` could all be
   * read: a page running past the end would have come back short, so an unreadable record follows.
   */
  #owed(offset: number): boolean {
    return this.#frames.some((f) => f.failed500 && f.clean && f.parentSize <= this.#largestWorked && f.end - f.parentSize < offset);
  }

  /**
   * The page of `size` records from `offset`. An endpoint that ignores Page (or clamps it to its last
   * page) answers other pages with records already read: its last record the same as the last record
   * of the read before, at another position. Data repeats too, so that is checked (see #movesWithPage);
   * shown, it stops the walk before anything is yielded twice.
   */
  async #read(offset: number, size: number): Promise<Read> {
    const known = size === 1 ? this.#alone.get(offset) : undefined;
    if (known) return known;
    const page = offset / size + this.#cursor.pageBase;
    const read = await this.#reader.read(page, size);
    // A hang or a broken answer may not happen again: only what the vendor says of the record is kept.
    if (size === 1 && read.kind !== 'refused' && !(read.kind === 'failed' && !read.endLike)) this.#alone.set(offset, read);
    if (read.kind !== 'records' || read.records.length === 0) return read;
    const at = offset + read.records.length - 1;
    const key = fingerprint(read.records.at(-1));
    const last = this.#lastRecord;
    const same = last !== undefined && key !== undefined && last.key === key && last.at !== at;
    const moves = same ? await this.#movesWithPage(offset, read.records) : true;
    this.#alike = moves === 'unsure' ? this.#alike + 1 : 0;
    if (!moves || this.#alike > SAME_RUN) {
      const { operation } = this.#plan;
      throw new IqProtocolError(
        `${operation} answered Page=${page}&PageSize=${size} with the record it gave for position ${last!.at}, not ${at}` +
          (moves ? `, ${SAME_RUN + 1} reads in a row` : ', and the records of that page read alone differ') +
          ': the endpoint ignores or clamps Page (or the list repeats records)',
        { operation },
      );
    }
    this.#lastRecord = { at, key };
    this.#largestWorked = Math.max(this.#largestWorked, size);
    return read;
  }

  /**
   * The failure of a record in [offset, offset + size) read alone, at a position known to hold a record:
   * an unreadable record fails any page holding it, so that page is not asked for.
   */
  #failsAlone(offset: number, size: number): Read | undefined {
    for (const [position, read] of this.#alone) {
      if (read.kind === 'failed' && position >= offset && position < offset + size && position <= this.#seen) return read;
    }
    return undefined;
  }

  /**
   * Whether records that repeat the read before are where the page says: some of them read alone. An
   * endpoint ignoring Page answers a one-record page with the list's first record (the page's first),
   * one clamping Page with its last (the page's last): a record unlike those shows which it is.
   * 'unsure' when the records are all alike, or a read alone gives no record.
   */
  async #movesWithPage(offset: number, records: unknown[]): Promise<boolean | 'unsure'> {
    const keys = records.map(fingerprint);
    const first = keys[0];
    const last = keys.at(-1);
    const both = keys.findIndex((k) => k !== first && k !== last);
    const picks = both >= 0 ? [both] : [keys.findIndex((k) => k !== first), keys.findIndex((k) => k !== last)];
    if (picks.some((i) => i < 0) || keys.includes(undefined)) return 'unsure';
    for (const i of picks) {
      const alone = await this.#reader.read(offset + i + this.#cursor.pageBase, 1);
      if (alone.kind !== 'records' || alone.records.length !== 1) return 'unsure';
      if (fingerprint(alone.records[0]) !== keys[i]) return false;
    }
    return true;
  }

  /** A single record that could not be read: joined to the gap before it when they failed alike. */
  async #gap(offset: number, page: number, read: Read): Promise<void> {
    const failure = read.kind === 'records' ? { error: 'IqProtocolError', message: 'an empty page where records were expected' } : describe(read.error);
    for (const frame of this.#frames) frame.clean = false;
    const open = this.#open;
    if (open && open.offset + open.count === offset && open.error === failure.error && open.status === failure.status && open.message === failure.message) {
      open.count++;
      return;
    }
    // A failure of another kind: the open gap is passed, and handed over like any other.
    await this.#closeGap();
    this.#open = { offset, count: 1, page, pageSize: 1, ...failure };
  }

  /** Records follow the open gap (or the walk ends): it is passed, so it is handed over. */
  async #closeGap(): Promise<void> {
    const gap = this.#open;
    this.#open = undefined;
    if (!gap) return;
    this.#cursor.gaps.push(gap);
    await this.#plan.onGap?.({ ...gap });
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
    cursor.seen = this.#seen;
    cursor.worked = this.#largestWorked;
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
