import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { writeAll } from '../fs/writeAll';
import { dirname } from 'node:path';
import { InputError, messageOf } from '../errors';
import { withFileLock } from '../fs/fileLock';
import { checkWriteTarget } from '../fs/fileKind';
import { removeStaleTemps } from '../fs/staleTemps';
import { storeWriteError } from '../fs/writeError';
import { replaceFileAtomically, resolveWriteTarget } from '../fs/writeTarget';
import { type Arch, archKey } from '../space/arch';
import { jsonErrorReason } from '../util/parseJsonText';
import {
  type ArchiveEntry,
  type ArchiveLine,
  type ArchiveRecord,
  type Provenance,
  mergeRecord,
  newRecord,
  parseArchiveLine,
  toArchiveLine,
} from './archiveRecord';
import { keepRejectedLine, rejectedPathOf } from './rejectedLines';
import { MAX_BYTES, readInputFileWithStat } from '../fs/readInputFile';

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
  private readonly notes: string[] = [];
  /** Whether a write saw the file is an archive (or absent) and cleared stale temporary files; once, under the lock. */
  private kindChecked = false;
  /** The file as the index last matched it (inode, bytes): `catchUp` re-reads only when another writer changed it. */
  private seen?: { readonly ino: number; readonly size: number; readonly mtimeMs: number };

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

  /** What writes did that the user should be told: lines moved to `<archive>.rejected`, stale temporary files removed. */
  get writeNotes(): readonly string[] {
    return this.notes;
  }

  get size(): number {
    return this.index.size;
  }

  /** Re-reads the file, e.g. after another process appended to it. */
  reload(): void {
    this.index.clear();
    this.issues = [];
    this.seen = undefined;
    if (this.path === undefined || !existsSync(this.path)) return;
    if (statSync(this.path).isDirectory()) throw new InputError(`${this.path}: is a folder, not an archive file`);
    const { bytes: read, stat } = readInputFileWithStat(this.path, 'archive', MAX_BYTES.archive);
    this.seen = { ino: stat.ino, size: read.length, mtimeMs: stat.mtimeMs };
    const bytes = withoutBom(read);
    let start = 0;
    let lineNo = 0;
    while (start < bytes.length) {
      lineNo++;
      const newline = bytes.indexOf(0x0a, start);
      const end = newline === -1 ? bytes.length : newline;
      const text = bytes.subarray(start, end).toString('utf8').trim();
      if (text !== '') {
        try {
          this.ingest(JSON.parse(text), `line ${lineNo}`);
        } catch (error) {
          const message = error instanceof SyntaxError ? jsonErrorReason(error) : (error as Error).message;
          if (newline === -1) {
            const moved = rejectedPathOf(this.path);
            this.issues.push({ line: lineNo, message: `incomplete last record (no line end; a writer stopped mid-line?), skipped; the next write moves it to ${moved}: ${message}` });
          } else {
            this.issues.push({ line: lineNo, message: `skipped: ${message}` });
          }
        }
      }
      start = end + 1;
    }
  }

  /**
   * Takes in what other processes wrote since the file was read (a training sharing `.pnag/` with another, which
   * should not pay for a network the other just measured): re-reads the file when it changed other than by this
   * object's own appends. A file that vanished leaves the index as it is.
   */
  catchUp(): void {
    if (this.path === undefined) return;
    let now: { ino: number; size: number; mtimeMs: number };
    try {
      now = statSync(this.path);
    } catch {
      return;
    }
    if (this.seen === undefined || now.ino !== this.seen.ino || now.size !== this.seen.size || now.mtimeMs !== this.seen.mtimeMs) this.reload();
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

  /**
   * Runs a write holding the archive's cross-process lock (fileLock.ts), on the file a symlink points
   * to. Every writer of the archive goes through here, so no two processes append, repair the tail or
   * rewrite at once. A failed write is a StoreWriteError naming the file and the reason.
   */
  private writeLocked(write: (target: string) => void): void {
    if (this.path === undefined) return;
    const path = this.path;
    try {
      const target = resolveWriteTarget(path);
      mkdirSync(dirname(target), { recursive: true });
      withFileLock(target, () => {
        if (!this.kindChecked) {
          checkWriteTarget(target, 'archive', 'archive');
          // Once per archive opened: rewrites a killed process left half-done (never a live one's).
          for (const name of removeStaleTemps(target)) this.notes.push(`removed ${name}, a temporary file left by a writer that was stopped`);
        }
        this.kindChecked = true;
        write(target);
      });
    } catch (error) {
      throw storeWriteError(path, error);
    }
  }

  /** Appends whole lines; a write or fsync that fails is cut back off, so the file never keeps half of it. */
  private appendText(text: string): void {
    this.writeLocked((target) => {
      const fd = openSync(target, 'a+');
      try {
        const before = fstatSync(fd);
        const repair = this.repairTail(fd, target);
        const start = fstatSync(fd).size;
        try {
          writeAll(fd, Buffer.from(repair.newline ? `\n${text}` : text));
          fsyncSync(fd);
          // Only this append changed the file since it was read: the index still matches it.
          const unchangedSinceRead = this.seen?.ino === before.ino && this.seen.size === before.size && this.seen.mtimeMs === before.mtimeMs;
          if (unchangedSinceRead && start === before.size && !repair.newline) {
            const { ino, size, mtimeMs } = fstatSync(fd);
            this.seen = { ino, size, mtimeMs };
          }
        } catch (error) {
          try {
            ftruncateSync(fd, start);
          } catch {
            // The original error says more than a failed cleanup.
          }
          throw error;
        }
      } finally {
        closeSync(fd);
      }
    });
  }

  /** Rewrites the archive with `text` appended: the current file (read under the lock) plus the batch, renamed into place. */
  private writeBatch(text: string): void {
    this.writeLocked((target) => {
      const existing = existsSync(target) ? readFileSync(target) : Buffer.alloc(0);
      const tail = inspectTail(existing);
      if (tail.rejected) this.reject(target, tail.rejected);
      replaceFileAtomically(target, [existing.subarray(0, tail.keep), tail.newline ? '\n' : '', text]);
    });
  }

  /**
   * Before an append (under the lock, so no live writer is mid-line): a last line without a line end
   * that is a valid record gets its line end; one that is not is moved to `<archive>.rejected` and cut.
   */
  private repairTail(fd: number, target: string): { newline: boolean } {
    const size = fstatSync(fd).size;
    if (size === 0) return { newline: false };
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return { newline: false };
    const bytes = Buffer.alloc(size);
    readSync(fd, bytes, 0, size, 0);
    const tail = inspectTail(bytes);
    if (tail.rejected) {
      this.reject(target, tail.rejected);
      ftruncateSync(fd, tail.keep);
    }
    return { newline: tail.newline };
  }

  private reject(target: string, line: RejectedTail): void {
    const moved = keepRejectedLine(target, line.text, line.line, line.reason);
    this.notes.push(`${this.path ?? target}, line ${line.line}: an unreadable last line was moved to ${moved} (${line.reason})`);
  }
}

interface RejectedTail {
  readonly text: string;
  readonly line: number;
  readonly reason: string;
}

/**
 * What to do with the end of the file before appending: keep everything (it ends in a line end), add the
 * missing line end (the last line is a valid record), or cut the last line at `keep` and move it out.
 */
function inspectTail(bytes: Buffer): { keep: number; newline: boolean; rejected?: RejectedTail } {
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return { keep: bytes.length, newline: false };
  const lineStart = bytes.lastIndexOf(0x0a) + 1;
  const raw = bytes.subarray(lineStart).toString('utf8');
  const text = (lineStart === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
  if (text === '') return { keep: bytes.length, newline: true };
  try {
    parseArchiveLine(JSON.parse(text), 'last line');
    return { keep: bytes.length, newline: true };
  } catch (error) {
    let line = 1;
    for (let at = bytes.indexOf(0x0a); at !== -1 && at < lineStart; at = bytes.indexOf(0x0a, at + 1)) line++;
    return { keep: lineStart, newline: false, rejected: { text: raw, line, reason: messageOf(error) } };
  }
}

/** A UTF-8 byte order mark at the start (editors on Windows add one) is not part of the first line. */
function withoutBom(bytes: Buffer): Buffer {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}
