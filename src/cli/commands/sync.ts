import { IqClient } from '../../client';
import { IqAbortError } from '../../errors/IqAbortError';
import { IqGapError, type PageGap } from '../../errors/IqGapError';
import { IqValidationError } from '../../errors/IqValidationError';
import { planWalk } from '../../iqreseller/sync/options';
import type { PageCursor, PaginateOptions } from '../../iqreseller/types';
import { UsageError, keyValues, type Command, type Io } from '../command';
import { parse, wholeNumber } from '../parse';
import { SyncOutput, readCheckpoint } from '../sync-files';

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const INTERRUPTED = 130;
/** The progress line is redrawn at most this often. */
const DRAW_EVERY_MS = 200;

export const sync: Command = {
  name: 'sync',
  summary: 'copy a whole IQ Reseller list to NDJSON, resumable, losing nothing silently',
  usage: `iq-integration sync <Module> <Operation> [--out <file.ndjson>] [--checkpoint <file.json>]
                   [--page-size <n>] [--page-base 0|1] [--pause <ms>] [--timeout <ms>] [--query k=v]...
                   [--normalize]
  Walks Page/PageSize to the end: one record a line, to --out or stdout. With --checkpoint (which
  needs --out), each page is saved as it is written; Ctrl-C (or a crash) leaves a checkpoint, and the same command
  goes on from it with nothing lost or repeated. A page that takes longer than --timeout (default
  30000) is read again in smaller pages. Records that cannot be read are listed on stderr.
  Exit codes: 0 complete, 1 ended with gaps (or the remote failed), 2 usage, 130 interrupted.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, io, {
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        checkpoint: { type: 'string' },
        'page-size': { type: 'string' },
        'page-base': { type: 'string' },
        pause: { type: 'string' },
        timeout: { type: 'string' },
        query: { type: 'string', multiple: true },
        normalize: { type: 'boolean' },
      },
    });
    if (positionals.length !== 2) throw new UsageError('sync needs <Module> <Operation>');
    const [module, operation] = positionals;
    const pageBase = values['page-base'];
    if (pageBase !== undefined && pageBase !== '0' && pageBase !== '1') throw new UsageError('--page-base must be 0 or 1');
    // A crash mid-page leaves lines past the checkpoint; a file is cut back to it, stdout cannot be.
    if (values.checkpoint !== undefined && values.out === undefined) {
      throw new UsageError('--checkpoint needs --out: records written to stdout after the last checkpoint could not be taken back on resume');
    }
    const resumed = values.checkpoint === undefined ? undefined : readCheckpoint(values.checkpoint);
    const walk: PaginateOptions = {
      module,
      operation,
      query: keyValues(values.query),
      pageSize: wholeNumber(values['page-size'], '--page-size', 1),
      pageBase: pageBase === undefined ? undefined : (Number(pageBase) as 0 | 1),
      pauseMs: wholeNumber(values.pause, '--pause', 0),
      normalize: values.normalize,
      resumeFrom: resumed?.cursor,
    };
    // Every setting is checked before the output file is opened (and, on a fresh run, emptied).
    try {
      planWalk(walk);
    } catch (error) {
      if (error instanceof IqValidationError && error.field === 'resumeFrom') {
        throw new UsageError(`--checkpoint ${values.checkpoint} belongs to another sync, or was changed: ${error.message}`);
      }
      throw error;
    }
    // The checkpoint's walk goes on with the page base it used: a --page-base saying otherwise is a mistake.
    if (walk.pageBase !== undefined && resumed && walk.pageBase !== resumed.cursor.pageBase) {
      throw new UsageError(
        `--page-base ${walk.pageBase} contradicts --checkpoint ${values.checkpoint}, whose sync reads page base ${resumed.cursor.pageBase}: leave --page-base out (or give ${resumed.cursor.pageBase}) to go on`,
      );
    }
    const iq = IqClient.fromEnv(io.env, { reseller: { timeoutMs: wholeNumber(values.timeout, '--timeout', 1) } });
    const reseller = iq.reseller;
    const output = new SyncOutput(values.out, values.checkpoint, resumed, io.out);
    const progress = new Progress(`${module}/${operation}`, io, resumed?.cursor);
    const stop = new AbortController();
    const interrupt = () => stop.abort();
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    try {
      const records = reseller.paginate({
        ...walk,
        signal: stop.signal,
        onPage: (cursor) => {
          output.save(cursor);
          progress.page(cursor);
        },
      });
      for await (const record of records) {
        output.record(record);
        progress.record();
      }
      progress.end();
      return 0;
    } catch (error) {
      progress.end();
      if (error instanceof IqGapError) {
        io.err(`iq-integration sync: ${error.gaps.length} ${error.gaps.length === 1 ? 'gap' : 'gaps'}: records that could not be read\n`);
        for (const gap of error.gaps) io.err(`  ${describeGap(gap)}\n`);
        return 1;
      }
      if (error instanceof IqAbortError && stop.signal.aborted) {
        io.err(`iq-integration sync: interrupted${values.checkpoint ? `; run the same command again to go on from ${values.checkpoint}` : ''}\n`);
        return INTERRUPTED;
      }
      throw error;
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      output.close();
      await iq.close();
    }
  },
};

function describeGap(gap: PageGap): string {
  const records = gap.count === 1 ? `record ${gap.offset}` : `records ${gap.offset}-${gap.offset + gap.count - 1}`;
  return `${records}: ${gap.error}${gap.status ? ` ${gap.status}` : ''}: ${gap.message} (Page=${gap.page}&PageSize=${gap.pageSize})`;
}

/** The progress line on stderr, only when it is a terminal: records, pages, rate, gaps, elapsed. */
class Progress {
  readonly #started = Date.now();
  readonly #recordsBefore: number;
  #records: number;
  #pages: number;
  #gaps: number;
  #drawnAt = 0;
  #drawn = false;

  constructor(
    private readonly what: string,
    private readonly io: Io,
    resumed: PageCursor | undefined,
  ) {
    this.#recordsBefore = resumed?.yielded ?? 0;
    this.#records = this.#recordsBefore;
    this.#pages = resumed?.pages ?? 0;
    this.#gaps = resumed?.gaps.length ?? 0;
  }

  record(): void {
    this.#records++;
  }

  page(cursor: PageCursor): void {
    this.#pages = cursor.pages;
    this.#gaps = cursor.gaps.length;
    if (Date.now() - this.#drawnAt >= DRAW_EVERY_MS) this.#draw();
  }

  end(): void {
    this.#draw();
    if (this.#drawn) this.io.err('\n');
  }

  #draw(): void {
    if (!this.io.status) return;
    const seconds = (Date.now() - this.#started) / 1000;
    const rate = seconds > 0 ? Math.round((this.#records - this.#recordsBefore) / seconds) : 0;
    const n = (value: number, word: string) => `${value.toLocaleString('en-US')} ${word}${value === 1 ? '' : 's'}`;
    this.io.status(
      `${this.what}: ${n(this.#records, 'record')}, ${n(this.#pages, 'page')}, ${rate.toLocaleString('en-US')}/s, ${n(this.#gaps, 'gap')}, ${seconds.toFixed(1)} s`,
    );
    this.#drawn = true;
    this.#drawnAt = Date.now();
  }
}
