import { type ReadStream, createReadStream } from 'node:fs';
import { messageOf } from '../errors';
import { parseArchiveLine } from '../archive/archiveRecord';
import type { Arch } from '../space/arch';
import { archKey } from '../space/arch';
import { jsonErrorReason } from '../util/parseJsonText';

/** One architecture's merged metrics, as `Archive` would hold them (later values win). */
export interface MergedRecord {
  readonly arch: Arch;
  readonly metrics: Record<string, number>;
}

/** A line that could not be read, named by file and line; the message names the field. */
export interface SkippedArchiveLine {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface MergedArchive {
  readonly records: MergedRecord[];
  /** Every unreadable line, in file order. */
  readonly skipped: SkippedArchiveLine[];
}

/** Lines read between checks of the signal, so a cancel (or a newer refresh) stops a large read soon. */
const LINES_PER_CHECK = 2000;

const yieldToEventLoop = (): Promise<void> => new Promise((done) => setImmediate(done));

/**
 * Streams an archive file and merges its observations per architecture. Unreadable lines are skipped,
 * as `Archive.open` skips them, and listed with their line number and what was wrong.
 */
export async function readArchiveMarks(path: string, signal?: AbortSignal): Promise<MergedArchive> {
  const byKey = new Map<string, MergedRecord>();
  const skipped: SkippedArchiveLine[] = [];
  const stream = createReadStream(path, { encoding: 'utf8' });
  let lineNo = 0;
  try {
    for await (const raw of linesOf(stream)) {
      if (++lineNo % LINES_PER_CHECK === 0) {
        signal?.throwIfAborted();
        // Lets a cancel message (and, in the worker, a training job sharing the thread) get a turn.
        await yieldToEventLoop();
      }
      const text = raw.trim();
      if (text === '') continue;
      let parsed: { arch: Arch; metrics: Record<string, number> };
      try {
        parsed = parseArchiveLine(JSON.parse(text), `${path} line ${lineNo}`);
      } catch (error) {
        const message = error instanceof SyntaxError ? `${path} line ${lineNo}: not JSON (${jsonErrorReason(error)})` : messageOf(error);
        skipped.push({ file: path, line: lineNo, message });
        continue;
      }
      const key = archKey(parsed.arch);
      const existing = byKey.get(key);
      byKey.set(key, { arch: existing?.arch ?? parsed.arch, metrics: { ...existing?.metrics, ...parsed.metrics } });
    }
  } finally {
    stream.destroy();
  }
  signal?.throwIfAborted();
  return { records: [...byKey.values()], skipped };
}

/**
 * The file's lines split at "\n" only, as `Archive` splits them: readline also ends a line at a lone "\r",
 * which JSON allows between fields, and so skipped records that training reads.
 */
async function* linesOf(stream: ReadStream): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() as string;
    yield* parts;
  }
  if (rest !== '') yield rest;
}
