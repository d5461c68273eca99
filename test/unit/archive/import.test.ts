import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { importFile } from '../../../src/core/archive/importFile';
import { InputError } from '../../../src/core/errors';
import { maddsM } from '../../../src/core/cost/madds';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { HELP_LATENCY_CSV, NASDATA_DIR, nasdataPath, readNasdataCsv } from '../nasdata';

const FIXTURES = join(__dirname, 'fixtures');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pnag-import-'));
}

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

test('the DyNAS-T file imports every row: 2,373 rows, 2,162 distinct w1.0 architectures', () => {
  const archive = Archive.open(join(tempDir(), 'archive.jsonl'));
  const result = importFile(archive, nasdataPath('dynast_ofa_mbv3_w1.0_top1_macs.csv'));
  assert.equal(result.imported, 2162);
  assert.equal(result.merged, 211);
  assert.equal(result.skipped, 0);
  assert.equal(archive.size, 2162);
  const table = readNasdataCsv('dynast_ofa_mbv3_w1.0_top1_macs.csv');
  const last = table.rows[table.rows.length - 1].values;
  const record = archive.get(parsePnagString(last.pnag_string, { width: 1.0, resolution: Number(last.r) }));
  assert.ok(record, 'the last row is in the archive at width 1.0');
  assert.equal(record.arch.width, 1.0);
  assert.equal(record.metrics.params_M, Number(last.params) / 1e6);
  assert.ok(Math.abs(record.metrics.madds_M - Number(last.macs) / 1e6) < 1e-9);
  assert.ok(Math.abs(record.metrics.madds_M - maddsM(record.arch, 'ofa')) < 0.01, 'madds_M is the OFA count');
  // DyNAS-T writes 0.0 for "no latency measured": no latency metric is invented.
  assert.deepEqual(archive.metricNames(), ['madds_M', 'params_M', 'top1']);
  // Later duplicate rows win: the record holds the value of the last row with that architecture.
  const byKey = new Map<string, number>();
  for (const row of table.rows) byKey.set(row.values.pnag_string, Number(row.values.top1));
  for (const r of archive.records().slice(0, 200)) {
    const pnag = `${r.arch.depths.join(',')}:${r.arch.kernels.join(',')}:${r.arch.expands.join(',')}`;
    assert.equal(r.metrics.top1, byKey.get(pnag));
  }
  assert.equal(Archive.open(archive.path as string).size, 2162);
});

test('the HELP file (its first 500 rows) imports every row at w1.2 with per-GPU, per-batch latencies', () => {
  const archive = Archive.inMemory();
  const result = importFile(archive, nasdataPath(HELP_LATENCY_CSV));
  assert.deepEqual([result.imported, result.merged, result.skipped], [500, 0, 0]);
  const first = readNasdataCsv(HELP_LATENCY_CSV).rows[0].values;
  const record = archive.get(parsePnagString(first.pnag_string, { width: 1.2, resolution: Number(first.r) }));
  assert.ok(record);
  assert.equal(record.arch.resolution, 204);
  assert.equal(record.metrics['latency_ms@2080ti_b1'], Number(first.lat_ms_2080ti_1));
  assert.equal(record.metrics['latency_ms@titan_rtx_b32'], Number(first.lat_ms_titan_rtx_32));
  assert.equal(record.metrics['latency_ms@v100_b64'], Number(first.lat_ms_v100_64));
  assert.equal(record.metrics.madds_M, Number(first['madds_ofa_count_w1.2_M']));
  assert.equal(Object.keys(record.metrics).length, 13);
  assert.ok(new Set(archive.records().map((r) => r.arch.resolution)).size > 10, 'resolutions vary');
});

test('PNAG architectures.json: fractions become percent, seconds become ms', () => {
  const archive = Archive.inMemory();
  const result = importFile(archive, join(FIXTURES, 'pnag_architectures.json'));
  assert.equal(result.format, 'pnag-json');
  assert.deepEqual([result.imported, result.merged, result.skipped], [15, 0, 0]);
  const published = readNasdataCsv('pnag_published_archs.csv').rows.map((r) => r.values);
  for (const row of published) {
    const record = archive.get(parsePnagString(row.pnag_string));
    assert.ok(record, row.name);
    assert.ok(Math.abs(record.metrics.top1 - Number(row.readme_top1)) < 1e-9, `${row.name} top1`);
    assert.ok(Math.abs(record.metrics[`latency_ms@${row.platform}`] - Number(row.readme_latency_ms)) < 1e-9, `${row.name} latency`);
    assert.equal(record.arch.width, 1.2);
    assert.equal(record.arch.resolution, 224);
  }
});

test('bad rows are reported with file, line and field; the rest imports', () => {
  const archive = Archive.inMemory();
  const file = join(FIXTURES, 'pnag_architectures_bad_rows.json');
  const result = importFile(archive, file);
  assert.deepEqual([result.imported, result.skipped], [5, 2]);
  assert.deepEqual(result.errors.map((e) => [e.line, e.field]), [[5, 'w1.2'], [6, 'w1.2']]);
  assert.match(result.errors[0].message, /stage 3: depth 9 is not one of 2, 3, 4/);
  assert.match(result.errors[1].message, /top1_acc: expected a number, got "high"/);

  const csv = write('rows.csv', [
    'r,d,ks,e,top1',
    '224,"2,2,2,2,2","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",70.1',
    '225,"2,2,2,2,2","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",70.1',
    '224,"2,2,2,2,2","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",n/a',
    '224,"2,2,2,2,3","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,4,0","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,3,0",70.1',
    '160,"2,2,2,2,2","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",65',
  ].join('\n'));
  const r2 = importFile(archive, csv, { width: 1.0 });
  assert.deepEqual([r2.imported, r2.skipped], [2, 3]);
  assert.deepEqual(r2.errors.map((e) => [e.line, e.field]), [[3, 'r'], [4, 'top1'], [5, 'd, ks, e']]);
  assert.match(r2.errors[2].message, /kernel size 4 is not one of 3, 5, 7/);
});

test('a file that is not what it claims is refused before anything is written', () => {
  const dir = tempDir();
  const path = join(dir, 'archive.jsonl');
  const archive = Archive.open(path);
  const cases: [string, string, RegExp][] = [
    ['no-arch.csv', 'name,top1\na,70\n', /not an architecture CSV: expected columns d, ks and e .* its columns are name, top1/],
    ['object.json', '{"arch": "x"}', /architectures.json layout/],
    ['list.json', '[{"name": 1}, {"name": 2}]', /no entry has "arch"/],
    ['table.jsonl', 'a,b,c\n1,2,3\n', /line 1: not JSON Lines/],
    ['empty.csv', '\n', /empty file/],
    ['twice.csv', 'pnag,top1,top1\n"2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",78.5,12\n',
      /column "top1" appears twice in the header \(columns 2 and 3\); keep one/],
    ['ragged.csv', 'pnag_string,top1\n"2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",70,1\n', /line 2: 3 fields, the header has 2/],
  ];
  for (const [name, text, pattern] of cases) {
    assert.throws(() => importFile(archive, write(name, text)), (e: unknown) => e instanceof InputError && pattern.test(e.message), name);
  }
  assert.throws(() => importFile(archive, join(dir, 'missing.csv')), /no such file/);
  assert.equal(existsSync(path), false, 'nothing was written');
});

test('an OFA-dict CSV with no width anywhere is refused, and --width makes it import', () => {
  const csv = write('evals.csv', 'd,ks,e,top1\n"2,2,2,2,2","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0","3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",0.7\n');
  assert.throws(() => importFile(Archive.inMemory(), csv), /no width column .* pass the width/);
  const archive = Archive.inMemory();
  const result = importFile(archive, csv, { width: 1.0, resolution: 192 });
  assert.equal(result.imported, 1);
  const [record] = archive.records();
  assert.equal(record.arch.width, 1.0);
  assert.equal(record.arch.resolution, 192);
  assert.ok(Math.abs(record.metrics.top1 - 70) < 1e-9, 'a fraction is stored in percent');
});

test('a fraction among percentages is stored as given, and the notes say so', () => {
  const row = (top1: number): string => `"2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,${top1 > 50 ? 5 : 3},0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0",${top1}`;
  const result = importFile(Archive.inMemory(), write('mixed.csv', `pnag,top1\n${row(79.1)}\n${row(0.78)}\n`));
  assert.equal(result.imported, 2);
  assert.ok(result.notes.some((n) => n === 'top1: 1 of 2 values are at most 1 among percentages; stored as given (a fraction in a column of percentages?)'), result.notes.join('\n'));
});

test('our own JSONL round-trips, keeping provenance, and re-importing only merges', () => {
  const first = Archive.open(join(tempDir(), 'a.jsonl'));
  importFile(first, join(FIXTURES, 'pnag_architectures.json'));
  const second = Archive.open(join(tempDir(), 'b.jsonl'));
  const result = importFile(second, first.path as string);
  assert.equal(result.format, 'jsonl');
  assert.deepEqual([result.imported, result.merged, result.skipped], [15, 0, 0]);
  for (const r of first.records()) {
    assert.deepEqual(second.get(r.arch)?.metrics, r.metrics);
    assert.deepEqual(second.get(r.arch)?.provenance, r.provenance);
  }
  const again = importFile(second, first.path as string);
  assert.deepEqual([again.imported, again.merged], [0, 15]);
  assert.equal(readFileSync(second.path as string, 'utf8').trimEnd().split('\n').length, 30);
});

test('the reference data is inside the repository, under test/fixtures/nasdata', () => {
  assert.ok(existsSync(NASDATA_DIR));
  assert.ok(NASDATA_DIR.endsWith(join('test', 'fixtures', 'nasdata')), NASDATA_DIR);
});
