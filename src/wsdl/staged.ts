// Writes files and folders so that either all of them change or none does:
// everything goes to temporary places beside the targets first (where a
// failure, say of the generator, leaves the targets as they were), and only
// then is it renamed into place.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class Staged {
  private readonly tag = `${process.pid}-${Date.now().toString(36)}`;
  private readonly files: Array<[temp: string, target: string]> = [];
  private readonly folders: Array<[temp: string, target: string]> = [];

  /** Stages one file: written now beside `target`, renamed over it on commit. */
  file(target: string, content: string): void {
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.tmp-${this.tag}`;
    writeFileSync(temp, content);
    this.files.push([temp, target]);
  }

  /** Stages a folder that replaces `target` whole on commit (no stale file survives); returns the folder to fill. */
  folder(target: string): string {
    const temp = join(dirname(target), `.${basename(target)}.tmp-${this.tag}`);
    mkdirSync(temp, { recursive: true });
    this.folders.push([temp, target]);
    return temp;
  }

  commit(): void {
    for (const [temp, target] of this.folders) {
      const old = join(dirname(target), `.${basename(target)}.old-${this.tag}`);
      if (existsSync(target)) renameSync(target, old);
      renameSync(temp, target);
      rmSync(old, { recursive: true, force: true });
    }
    for (const [temp, target] of this.files) renameSync(temp, target);
  }

  discard(): void {
    for (const [temp] of [...this.files, ...this.folders]) rmSync(temp, { recursive: true, force: true });
  }
}
