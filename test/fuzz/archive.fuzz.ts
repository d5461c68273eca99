import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Archive } from '../../src/core/archive/archive';
import { toArchiveLine } from '../../src/core/archive/archiveRecord';
import { InputError, messageOf } from '../../src/core/errors';
import { fileKindOf } from '../../src/core/fs/fileKind';
import { readArchiveMarks } from '../../src/core/pipeline/archiveMarksReader';
import { archKey } from '../../src/core/space/arch';
import { toNetworkConfig } from '../../src/core/space/networkConfig';
import { toOfaDict } from '../../src/core/space/ofaDict';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { ScratchFolder, assertFolderUnchanged, snapshotFolder } from './harness/fileSnapshot';
import { mutatedJson, mutatedText } from './harness/mutate';
import { metricValue, percentValue, validArch } from './harness/validInputs';

/** One archive line as PNAG writes it, or as a person writes one by hand (`arch` in another notation). */
const validLine: fc.Arbitrary<unknown> = fc
  .record({ arch: validArch, top1: percentValue, madds: metricValue, form: fc.constantFrom('ours', 'ours', 'dict', 'config', 'list') })
  .map(({ arch, top1, madds, form }) => {
    const line = toArchiveLine({ arch, metrics: { top1, madds_M: madds }, provenance: { source: 'fuzz', line: 3 } }, () => '2026-01-01T00:00:00Z');
    if (form === 'dict') return { arch: toOfaDict(arch), metrics: line.metrics, provenance: line.provenance };
    if (form === 'config') return { arch: toNetworkConfig(arch), width: arch.width, metrics: line.metrics };
    if (form === 'list') return { ...line, provenance: [line.provenance, { source: 'other' }] };
    return line;
  });

/** A line as JSON.stringify writes it, or with other JSON whitespace (spaces, tabs, lone "\r") between tokens. */
const lineText = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: validLine }, mutatedJson(validLine)), fc.constantFrom('', '', ' ', '\t', '\r'))
  .map(([v, space]) => (space === '' ? JSON.stringify(v) : JSON.stringify(v, null, space).replace(/\n/g, '')));
const fileText = fc
  .tuple(fc.array(lineText, { minLength: 0, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\n\n'), fc.boolean())
  .map(([lines, sep, trailing]) => lines.join(sep) + (trailing && lines.length > 0 ? sep : ''));

const scratch = new ScratchFolder();

/** `.pnag/archive.jsonl` as PNAG and its Frontier view read it: any line may be torn, hand-edited or garbage. */
export default defineFuzzClass<string>({
  name: 'archive lines',
  ciRuns: 300,
  inputs: fc.oneof({ weight: 3, arbitrary: fileText }, mutatedText(fileText), fc.string({ maxLength: 100, unit: 'binary' })),
  async check(text) {
    const dir = scratch.fresh();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'archive.jsonl');
    writeFileSync(path, text);
    const before = snapshotFolder(dir);
    const archive = neverThrows(() => Archive.open(path), 'Archive.open');
    assertFolderUnchanged(dir, before, 'Archive.open');
    for (const issue of archive.loadIssues) violation(!/[\r\n]/.test(issue.message), 'load issue spans lines', JSON.stringify(issue.message));
    for (const record of archive.records()) {
      for (const [name, value] of Object.entries(record.metrics)) violation(Number.isFinite(value), 'metric is not finite', `${name} = ${value}`);
    }

    // The Frontier view's streaming reader must see what training sees.
    const marks = await readArchiveMarks(path);
    assertFolderUnchanged(dir, before, 'readArchiveMarks');
    const seen = new Map(archive.records().map((r) => [r.key, r.metrics]));
    violation(marks.records.length === seen.size, 'Frontier view and archive read different architectures', `${marks.records.length} vs ${seen.size}`);
    for (const record of marks.records) {
      violation(JSON.stringify(seen.get(archKey(record.arch))) === JSON.stringify(record.metrics), 'Frontier view and archive read different metrics', archKey(record.arch));
    }
    for (const skipped of marks.skipped) violation(!/[\r\n]/.test(skipped.message), 'skipped-line message spans lines', JSON.stringify(skipped.message));

    // Appending keeps every line a user wrote (issue 11 §2: nothing a user wrote is ever deleted).
    const added = validArchForAppend();
    // A file with no archive record in it is not an archive: the writer refuses it and changes nothing (issue 11 §2).
    if (fileKindOf(path) === 'other') {
      try {
        archive.add({ arch: added, metrics: { top1: 70 }, provenance: { source: 'fuzz-append' } });
        violation(false, 'an append wrote into a file that is not an archive');
      } catch (error) {
        violation(error instanceof InputError && /refusing to replace it/.test(error.message), 'a refused append is not an InputError', messageOf(error));
      }
      assertFolderUnchanged(dir, before, 'a refused Archive.add');
      return;
    }
    neverThrows(() => archive.add({ arch: added, metrics: { top1: 70 }, provenance: { source: 'fuzz-append' } }), 'Archive.add');
    // A line moved aside is kept in <archive>.rejected as JSON notes holding its exact text.
    const rejectedTexts = (name: string, text: string): string =>
      name.endsWith('.rejected') ? text.split('\n').filter((l) => l.trim() !== '').map((l) => String((JSON.parse(l) as { rejected: unknown }).rejected)).join('\n') : '';
    const everything = readdirSync(dir)
      .map((name) => {
        const content = readFileSync(join(dir, name), 'utf8');
        return `${content}\n${rejectedTexts(name, content)}`;
      })
      .join('\n');
    for (const line of text.split('\n')) {
      const kept = line.trim();
      violation(kept === '' || everything.includes(kept), 'an append deleted a line the user wrote', JSON.stringify(kept.slice(0, 80)));
    }
    const reopened = Archive.open(path);
    violation(reopened.has(added), 'the appended record does not read back');
  },
  whereOf: () => [],
  knownFailures: [],
  tearDown: () => scratch.remove(),
});

function neverThrows<T>(read: () => T, reader: string): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`${reader} threw instead of skipping the line: ${messageOf(error)}`);
  }
}

let appendCount = 0;
/** A different valid architecture for each append. */
function validArchForAppend() {
  return fc.sample(validArch, { numRuns: 1, seed: appendCount++ })[0];
}
