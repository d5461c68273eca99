// A separate process writing to one archive, for the cross-process tests (archiveConcurrency.test.ts).
// Usage: archiveWriterChild.ts <archive> append|batch <records> <seed>
//        archiveWriterChild.ts <archive> slow-line <ms>   (holds the lock while writing one line slowly)
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { Archive } from '../../../src/core/archive/archive';
import { withFileLock } from '../../../src/core/fs/fileLock';
import { randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';

const [path, mode, countText, seedText] = process.argv.slice(2);
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (mode === 'slow-line') {
  const line = JSON.stringify({ pnag: toPnagString(randomArch(new Random(99))), width: 1.2, resolution: 224, metrics: { top1: 70 }, provenance: { source: 'slow' } });
  withFileLock(path, () => {
    const fd = openSync(path, 'a');
    const half = Math.floor(line.length / 2);
    writeSync(fd, line.slice(0, half));
    fsyncSync(fd);
    process.stdout.write('half\n');
    sleep(Number(countText));
    writeSync(fd, `${line.slice(half)}\n`);
    closeSync(fd);
  });
} else {
  const archive = Archive.open(path);
  const rng = new Random(Number(seedText));
  const count = Number(countText);
  const entry = (i: number) => ({ arch: randomArch(rng), metrics: { top1: 60 + (i % 20) }, provenance: { source: `writer ${seedText}` } });
  if (mode === 'append') for (let i = 0; i < count; i++) archive.add(entry(i));
  else for (let i = 0; i < count; i += 10) archive.addMany(Array.from({ length: Math.min(10, count - i) }, (_, j) => entry(i + j)));
}
