// The two files of `iq-integration sync`: the NDJSON output and the checkpoint.
// After each page the output is flushed to disk, then the checkpoint is
// replaced in one rename, naming the cursor and how many bytes of the output it
// covers. A run killed at any moment leaves a checkpoint that covers exactly
// the lines before that offset; the next run cuts anything after it, and goes on.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPlainObject } from '../iqreseller/call-request';
import type { PageCursor } from '../iqreseller/types';
import { UsageError } from './command';

export interface Checkpoint {
  v: 1;
  /** The output file it belongs to (absolute), or null for stdout. */
  out: string | null;
  /** Bytes of the output the cursor covers. */
  outBytes: number;
  cursor: PageCursor;
}

/** The checkpoint at `path`, if there is one; one that cannot be read is a usage error, never overwritten. */
export function readCheckpoint(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  let value: Partial<Checkpoint>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
  } catch {
    throw new UsageError(`--checkpoint ${path} is not a checkpoint of this command (not JSON); move it away to start afresh`);
  }
  // The cursor itself is checked by the walk, as resumeFrom.
  const bytes = value?.outBytes;
  if (value?.v !== 1 || !isPlainObject(value.cursor) || !Number.isSafeInteger(bytes) || bytes! < 0 || !(value.out === null || typeof value.out === 'string')) {
    throw new UsageError(`--checkpoint ${path} is not a checkpoint of this command; move it away to start afresh`);
  }
  return value as Checkpoint;
}

/** Where records go: a file kept in step with the checkpoint, or stdout. */
export class SyncOutput {
  readonly #fd?: number;
  readonly #write: (text: string) => void;
  readonly #checkpoint?: string;
  readonly #out: string | null;
  #bytes: number;

  /** `resumed`: the checkpoint found, whose output is cut back to what it covers. */
  constructor(out: string | undefined, checkpoint: string | undefined, resumed: Checkpoint | undefined, stdout: (text: string) => void) {
    this.#checkpoint = checkpoint;
    this.#out = out === undefined ? null : resolve(out);
    this.#bytes = 0;
    if (resumed && resumed.out !== this.#out) {
      throw new UsageError(`the checkpoint was written for ${resumed.out === null ? 'stdout' : `--out ${resumed.out}`}: give the same output to go on`);
    }
    if (this.#out === null) {
      this.#write = stdout;
      return;
    }
    if (resumed) {
      const fd = existsSync(this.#out) ? openSync(this.#out, 'r+') : undefined;
      if (fd === undefined || fstatSync(fd).size < resumed.outBytes) {
        if (fd !== undefined) closeSync(fd);
        throw new UsageError(
          `${this.#out} is shorter than its checkpoint says (${resumed.outBytes} bytes): it was changed; move the checkpoint away to start afresh`,
        );
      }
      this.#fd = fd;
      // Lines written after the checkpoint (a run killed mid-page) are written again by this run.
      ftruncateSync(fd, resumed.outBytes);
      this.#bytes = resumed.outBytes;
    } else {
      this.#fd = openSync(this.#out, 'w');
    }
    const fd = this.#fd;
    this.#write = (text) => {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at, this.#bytes + at);
      this.#bytes += bytes.length;
    };
  }

  record(value: unknown): void {
    this.#write(`${JSON.stringify(value)}\n`);
  }

  /** After a page: the records on disk first, then the checkpoint naming them, replaced in one rename. */
  save(cursor: PageCursor): void {
    if (this.#fd !== undefined) fsyncSync(this.#fd);
    if (this.#checkpoint === undefined) return;
    const checkpoint: Checkpoint = { v: 1, out: this.#out, outBytes: this.#bytes, cursor };
    const temporary = `${this.#checkpoint}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeFileSync(fd, `${JSON.stringify(checkpoint)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.#checkpoint);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
  }
}
