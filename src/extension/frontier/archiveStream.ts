import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArchiveLine } from '../../core/archive/archiveRecord';
import type { Arch } from '../../core/space/arch';
import { archKey } from '../../core/space/arch';

/** One architecture's merged metrics, as `Archive` would hold them (later values win). */
export interface StreamedRecord {
  readonly arch: Arch;
  readonly metrics: Record<string, number>;
}

/** Lines handled between yields to the event loop, so the extension host stays responsive. */
const LINES_PER_YIELD = 2000;

export const yieldToEventLoop = (): Promise<void> => new Promise((done) => setImmediate(done));

/**
 * Reads an archive file line by line without blocking the extension host (the host must never read a
 * large file in one synchronous call). Unreadable lines are skipped, as `Archive.open` skips them.
 */
export async function streamArchiveRecords(path: string, signal?: AbortSignal): Promise<StreamedRecord[]> {
  const byKey = new Map<string, StreamedRecord>();
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let count = 0;
  try {
    for await (const raw of lines) {
      if (++count % LINES_PER_YIELD === 0) {
        signal?.throwIfAborted();
        await yieldToEventLoop();
      }
      const text = raw.trim();
      if (text === '') continue;
      let parsed: { arch: Arch; metrics: Record<string, number> };
      try {
        parsed = parseArchiveLine(JSON.parse(text), `line ${count}`);
      } catch {
        continue;
      }
      const key = archKey(parsed.arch);
      const existing = byKey.get(key);
      byKey.set(key, { arch: existing?.arch ?? parsed.arch, metrics: { ...existing?.metrics, ...parsed.metrics } });
    }
  } finally {
    lines.close();
  }
  return [...byKey.values()];
}
