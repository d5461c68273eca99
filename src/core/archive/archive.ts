import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Arch, archKey } from '../space/arch';
import { jsonErrorReason } from '../util/parseJsonText';
import {
  ArchiveEntry,
  ArchiveLine,
  ArchiveRecord,
  Provenance,
  mergeRecord,
  newRecord,
  parseArchiveLine,
  toArchiveLine,
} from './archiveRecord';

/** A line of the archive file that could not be read; it is skipped, never fatal. */
export interface LoadIssue {
  readonly line: number;
  readonly message: string;
}

export type AddOutcome = 'imported' | 'merged';

export interface AddManyResult {
  imported: number;
  merged: number;
}

/** The default place of a workspace's archive, relative to the workspace folder. */
export const DEFAULT_ARCHIVE_PATH = '.pnag/archive.jsonl';

/**
 * The store of evaluated architectures, persisted as JSON Lines: one observation per line, appended and
 * fsynced one at a time, so a crash loses at most the line being written. Observations of the same
 * architecture (same `archKey`) merge in file order, later metric values winning.
 */
export class Archive {
  private readonly index = new Map<string, ArchiveRecord>();
  private issues: LoadIssue[] = [];
  /** Set when the file ends in a torn line: the file size then and where the last whole line ends. */
  private tornTail: { size: number; keep: number } | undefined;

  private constructor(readonly path: string | undefined) {}

  /** Opens (reading if it exists) the archive at `path`; the file is created on the first write. */
  static open(path: string): Archive {
    const archive = new Archive(path);
    archive.reload();
    return archive;
  }

  /** An archive that lives only in memory, for tests and throw-away runs. */
  static inMemory(): Archive {
    return new Archive(undefined);
  }

  /** Lines of the file that were skipped when it was read (a torn last line, bad JSON, a bad architecture). */
  get loadIssues(): readonly LoadIssue[] {
    return this.issues;
  }

  get size(): number {
    return this.index.size;
  }

  /** Re-reads the file, e.g. after another process appended to it. */
  reload(): void {
    this.index.clear();
    this.issues = [];
    this.tornTail = undefined;
    if (this.path === undefined || !existsSync(this.path)) return;
    const bytes = readFileSync(this.path);
    let start = 0;
    let lineNo = 0;
    while (start < bytes.length) {
      lineNo++;
      const newline = bytes.indexOf(0x0a, start);
      const end = newline === -1 ? bytes.length : newline;
      const text = bytes.subarray(start, end).toString('utf8').trim();
      if (text !== '') {
        const torn = newline === -1;
        try {
          this.ingest(JSON.parse(text), `line ${lineNo}`);
        } catch (error) {
          const message = error instanceof SyntaxError ? jsonErrorReason(error) : (error as Error).message;
          if (torn) {
            this.tornTail = { size: bytes.length, keep: start };
            this.issues.push({ line: lineNo, message: `incomplete last record (the writer stopped mid-line), skipped: ${message}` });
          } else {
            this.issues.push({ line: lineNo, message: `skipped: ${message}` });
          }
        }
      }
      start = end + 1;
    }
  }

  /** Adds one observation and flushes it to disk before returning. */
  add(entry: ArchiveEntry): AddOutcome {
    const line = toArchiveLine(entry);
    this.appendText(`${JSON.stringify(line)}\n`);
    return this.ingestLine(line);
  }

  /**
   * Adds a batch all-or-nothing: the file is rewritten to a temporary copy with the batch appended and
   * renamed over the original, so a crash leaves either the old archive or the new one.
   */
  addMany(entries: readonly ArchiveEntry[]): AddManyResult {
    const result: AddManyResult = { imported: 0, merged: 0 };
    if (entries.length === 0) return result;
    const lines = entries.map((e) => toArchiveLine(e));
    this.writeBatch(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    for (const line of lines) result[this.ingestLine(line)]++;
    return result;
  }

  get(arch: Arch): ArchiveRecord | undefined {
    return this.index.get(archKey(arch));
  }

  has(arch: Arch): boolean {
    return this.index.has(archKey(arch));
  }

  /** Every record, in the order architectures were first seen. */
  records(): ArchiveRecord[] {
    return [...this.index.values()];
  }

  /** The records that have a value for `metric`. */
  withMetric(metric: string): ArchiveRecord[] {
    return this.records().filter((r) => r.metrics[metric] !== undefined);
  }

  /** Every metric name present, sorted. */
  metricNames(): string[] {
    const names = new Set<string>();
    for (const r of this.index.values()) for (const name of Object.keys(r.metrics)) names.add(name);
    return [...names].sort();
  }

  private ingest(value: unknown, where: string): AddOutcome {
    const { arch, metrics, provenance } = parseArchiveLine(value, where);
    return this.merge(arch, metrics, provenance);
  }

  private ingestLine(line: ArchiveLine): AddOutcome {
    return this.ingest(line, 'new record');
  }

  private merge(arch: Arch, metrics: Record<string, number>, provenance: Provenance[]): AddOutcome {
    const key = archKey(arch);
    const existing = this.index.get(key);
    this.index.set(key, existing ? mergeRecord(existing, metrics, provenance) : newRecord(arch, metrics, provenance));
    return existing ? 'merged' : 'imported';
  }

  private appendText(text: string): void {
    if (this.path === undefined) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a+');
    try {
      const prefix = this.repairTail(fd);
      writeSync(fd, prefix + text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private writeBatch(text: string): void {
    if (this.path === undefined) return;
    mkdirSync(dirname(this.path), { recursive: true });
    let existing = existsSync(this.path) ? readFileSync(this.path) : Buffer.alloc(0);
    if (this.tornTail && existing.length === this.tornTail.size) existing = existing.subarray(0, this.tornTail.keep);
    else if (existing.length > 0 && existing[existing.length - 1] !== 0x0a) existing = Buffer.concat([existing, Buffer.from('\n')]);
    const temp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    try {
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, existing);
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    this.tornTail = undefined;
    syncDirectory(dirname(this.path));
  }

  /**
   * Before appending after a torn last line: cut it off if the file is as we read it, otherwise make
   * sure our record starts on a line of its own.
   */
  private repairTail(fd: number): string {
    const size = fstatSync(fd).size;
    if (this.tornTail) {
      const torn = this.tornTail;
      this.tornTail = undefined;
      if (size === torn.size) {
        ftruncateSync(fd, torn.keep);
        return '';
      }
    }
    if (size === 0) return '';
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a ? '' : '\n';
  }
}

/** Makes a rename durable; not possible on every platform, where it is skipped. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename itself is still atomic there.
  }
}

