import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArchiveEntry, toArchiveLine } from '../../archive/archiveRecord';

/**
 * Where evaluator results go when the archive cannot take them (a full disk, a read-only folder): a file
 * of archive lines in the OS temp folder, so `pnag import <file>` brings them back once there is room.
 */
export class UnsavedResults {
  readonly path: string;
  private count = 0;

  constructor(dir = tmpdir()) {
    this.path = join(dir, `pnag-unsaved-results-${process.pid}-${Date.now()}.jsonl`);
  }

  get size(): number {
    return this.count;
  }

  /** Keeps one result; false when this file cannot be written either (the result is then lost, and said so). */
  keep(entry: ArchiveEntry): boolean {
    try {
      appendFileSync(this.path, `${JSON.stringify(toArchiveLine(entry))}\n`, { flush: true });
      this.count++;
      return true;
    } catch {
      return false;
    }
  }
}
