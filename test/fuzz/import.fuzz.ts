import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Archive } from '../../src/core/archive/archive';
import { importFile, parseImportFile } from '../../src/core/archive/importFile';
import { formatIssue } from '../../src/core/archive/importTypes';
import { messageOf } from '../../src/core/errors';
import type { Arch } from '../../src/core/space/arch';
import { toCompactOfaDict } from '../../src/core/space/ofaDict';
import { toPnagString } from '../../src/core/space/pnagString';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { ScratchFolder, assertFolderUnchanged, snapshotFolder } from './harness/fileSnapshot';
import { mutatedText } from './harness/mutate';
import { metricValue, validArch } from './harness/validInputs';

/** `odd` replaces a CSV row's top-1 cell with text careless files hold. */
const row = fc.record({
  arch: validArch,
  top1: metricValue,
  madds: metricValue,
  latency: metricValue,
  odd: fc.option(fc.constantFrom('1e999', '-1e999', 'NaN', '150', '-75', '1e308', '0.78', '', '78.3%', ' 7e1 '), { nil: undefined, freq: 4 }),
});
type Row = { arch: Arch; top1: number; madds: number; latency: number; odd?: string };

const csvDict = (rows: Row[]): string =>
  ['d,ks,e,r,w,top1,madds_M,latency_ms']
    .concat(rows.map(({ arch, top1, madds, latency, odd }) => {
      const dict = toCompactOfaDict(arch);
      return `"${dict.d.join(',')}","${dict.ks.join(',')}","${dict.e.join(' ')}",${dict.r},${dict.w},${odd ?? top1},${madds},${latency}`;
    }))
    .join('\n');
const csvPnag = (rows: Row[]): string =>
  ['pnag_string,acc,params'].concat(rows.map(({ arch, top1, madds, odd }) => `"${toPnagString(arch)}",${odd ?? top1 / 100},${madds}M`)).join('\r\n');
const pnagJson = (rows: Row[]): string =>
  JSON.stringify(rows.map(({ arch, top1, latency }) => ({ arch: toPnagString(arch), [`w${arch.width.toFixed(1)}`]: { top1_acc: top1 / 100, cpu_latency: latency / 1000 } })), null, 1);
const jsonl = (rows: Row[]): string =>
  rows.map(({ arch, top1, madds }) => JSON.stringify({ pnag: toPnagString(arch), width: arch.width, resolution: arch.resolution, metrics: { top1, madds_M: madds }, provenance: { source: 'x' } })).join('\n');

const FORMS = [
  { ext: '.csv', write: csvDict },
  { ext: '.csv', write: csvPnag },
  { ext: '.json', write: pnagJson },
  { ext: '.jsonl', write: jsonl },
] as const;

const validFile = fc.tuple(fc.constantFrom(...FORMS), fc.array(row, { minLength: 1, maxLength: 5 })).map(([form, rows]) =>
  ({ ext: form.ext as string, text: form.write(rows),
}));

interface ImportInput {
  readonly name: string;
  readonly text: string;
  readonly bom: boolean;
  readonly width?: number;
}

const scratch = new ScratchFolder();

/** `pnag import` and *PNAG: Import archive*: CSV, PNAG's architectures.json and JSON Lines, read from disk. */
export default defineFuzzClass<ImportInput>({
  name: 'import (csv, pnag-json, jsonl)',
  ciRuns: 400,
  inputs: fc
    .record({
      file: fc.oneof({ weight: 4, arbitrary: fc.tuple(validFile, fc.boolean()).map(([f, mutate]) => ({ ...f, mutate })) }, fc.record({ ext: fc.constantFrom('.csv', '.json', '.jsonl', '.txt'), text: fc.string({ maxLength: 80 }), mutate: fc.constant(false) })),
      stem: fc.constantFrom('evals', 'net w1.2', 'ofa_w1.0_top1', 'é (copy)'),
      bom: fc.boolean(),
      width: fc.option(fc.constantFrom(1.0, 1.2, 1.1), { nil: undefined }),
    })
    .chain(({ file, stem, bom, width }) =>
      (file.mutate ? mutatedText(fc.constant(file.text)) : fc.constant(file.text)).map((text) => ({ name: `${stem}${file.ext}`, text, bom, width })),
    ),
  check(input) {
    const dir = scratch.fresh();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, input.name);
    writeFileSync(file, `${input.bom ? '\ufeff' : ''}${input.text}`);
    const before = snapshotFolder(dir);
    const options = input.width !== undefined ? { width: input.width } : {};
    if (input.bom) checkBomIsIgnored(dir, input, options);
    const parsed = parseImportFile(file, options);
    assertFolderUnchanged(dir, before, 'parseImportFile');
    for (const issue of parsed.errors) {
      violation(issue.line >= 1 && Number.isInteger(issue.line), 'skipped row without a line number', String(issue.line));
      violation(!/[\r\n]/.test(formatIssue(issue)), 'skipped-row message spans lines', JSON.stringify(formatIssue(issue)));
    }
    for (const entry of parsed.entries) {
      for (const [name, value] of Object.entries(entry.metrics)) violation(Number.isFinite(value), 'metric is not finite', `${name} = ${value}`);
      if (entry.metrics.top1 !== undefined) violation(entry.metrics.top1 >= 0 && entry.metrics.top1 <= 100, 'top-1 is not a percentage', String(entry.metrics.top1));
    }
    // What was imported reads back from the archive without a skipped line.
    const archivePath = join(dir, '.pnag', 'archive.jsonl');
    const result = importFile(Archive.open(archivePath), file, options);
    const reread = Archive.open(archivePath);
    violation(reread.loadIssues.length === 0, 'imported archive reads back with skipped lines', reread.loadIssues.map((i) => i.message).join('; '));
    violation(reread.size === result.imported, 'import count differs from the archive', `${reread.size} in the archive, ${result.imported} said new`);
  },
  whereOf: (input) => [input.name],
  knownFailures: [],
  show: (input) => JSON.stringify(input),
  tearDown: () => scratch.remove(),
});

/** A byte-order mark changes nothing: the same file without one must read the same (issue 11 §4). */
function checkBomIsIgnored(dir: string, input: ImportInput, options: { width?: number }): void {
  const plain = join(dir, 'without-bom', input.name);
  mkdirSync(join(dir, 'without-bom'));
  writeFileSync(plain, input.text);
  let without: number | undefined;
  try {
    without = parseImportFile(plain, options).entries.length;
  } catch {
    without = undefined;
  }
  rmSync(join(dir, 'without-bom'), { recursive: true });
  if (without === undefined) return;
  let withBom: number | string;
  try {
    withBom = parseImportFile(join(dir, input.name), options).entries.length;
  } catch (error) {
    withBom = messageOf(error);
  }
  violation(withBom === without, 'with a BOM the file reads differently', `${withBom} with, ${without} entries without`);
}
