import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { InputError } from '../../../src/core/errors';
import { labelMetricOf, resolveAccuracySource } from '../../../src/core/pipeline/accuracySources';
import { costUnitOf, formatCostModelSpec, parseCostModelSpec, resolveCostModel } from '../../../src/core/pipeline/costModelSpec';
import { MIN_ARCHIVE_ARCHS, OFA_PREDICTOR_ENV, defaultSources } from '../../../src/core/pipeline/defaultSources';
import { formatAccuracySourceSpec, parseAccuracySourceSpec } from '../../../src/core/sources/sourceSpec';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { nasdataPath } from '../nasdata';

const ws = () => mkdtempSync(join(tmpdir(), 'pnag-sources-'));

test('cost model specs: the four forms parse, print back and know their unit; others are refused by name', () => {
  assert.deepEqual(parseCostModelSpec('madds'), { kind: 'madds', count: 'pnag' });
  assert.deepEqual(parseCostModelSpec('MAdds:ofa'), { kind: 'madds', count: 'ofa' });
  assert.deepEqual(parseCostModelSpec('lut:C:\\tables'), { kind: 'lut', path: 'C:\\tables' });
  assert.deepEqual(parseCostModelSpec('measure'), { kind: 'measure' });
  for (const text of ['madds', 'madds:ofa', 'lut:/x', 'measure']) assert.equal(formatCostModelSpec(parseCostModelSpec(text)), text);
  assert.equal(costUnitOf(parseCostModelSpec('madds')), 'M');
  assert.equal(costUnitOf(parseCostModelSpec('lut:/x')), 'ms');
  for (const bad of ['flops', 'madds:tf', 'lut', 'lut:', 'measure:gpu']) {
    assert.throws(() => parseCostModelSpec(bad), (e: unknown) => e instanceof InputError && /--cost/.test(e.message), bad);
  }
});

test('resolveCostModel opens MAdds and the Note10 tables; a missing folder is an InputError naming it', async () => {
  assert.equal((await resolveCostModel('madds')).name, 'madds:pnag');
  const lut = await resolveCostModel(`lut:${nasdataPath('ofa_note10_lut')}`);
  assert.equal(lut.unit, 'ms');
  await assert.rejects(resolveCostModel('lut:/no/such/dir'), (e: unknown) => e instanceof InputError && /\/no\/such\/dir/.test(e.message));
});

test('resolveAccuracySource: OFA predictor from nasdata; a missing file or an archive without top1 is an InputError', async () => {
  const ofa = await resolveAccuracySource(`ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`);
  assert.equal(ofa.name, 'ofa-predictor');
  assert.equal(labelMetricOf(ofa), 'top1@ofa-predictor');
  await assert.rejects(resolveAccuracySource('ofa:/nope.pth'), (e: unknown) => e instanceof InputError && /\/nope\.pth/.test(e.message));
  const dir = ws();
  const archive = Archive.open(join(dir, 'a.jsonl'));
  archive.add({ arch: randomArch(new Random(1)), metrics: { madds_M: 300 }, provenance: { source: 'test' } });
  await assert.rejects(resolveAccuracySource(`archive:${archive.path}`), (e: unknown) => e instanceof InputError && /no architecture has a "top1"/.test(e.message));
  await assert.rejects(resolveAccuracySource('nonsense:x'), InputError);
  const proxy = await resolveAccuracySource('proxy');
  assert.equal(proxy.isEstimate, true);
});

function archiveWith(path: string, count: number, metric: string): void {
  const archive = Archive.open(path);
  const rng = new Random(count);
  archive.addMany(Array.from({ length: count }, () => ({ arch: randomArch(rng), metrics: { [metric]: 75 + rng.next() }, provenance: { source: 'test' } })));
}

test('defaultSources: workspace archive with measured top1, else a configured OFA predictor, else the built-in one', () => {
  const empty = ws();
  const none = defaultSources({ workspace: empty, env: {} });
  assert.deepEqual(none.accuracy, { kind: 'ofa' });
  assert.equal(formatAccuracySourceSpec(none.accuracy), 'ofa:builtin');
  assert.deepEqual(none.cost, { kind: 'madds', count: 'pnag' });
  assert.match(none.reason, /OFA's predictor \(built-in\)/);

  const configured = defaultSources({ workspace: empty, env: { [OFA_PREDICTOR_ENV]: '/opt/acc_predictor.pth' } });
  assert.deepEqual(configured.accuracy, { kind: 'ofa', path: '/opt/acc_predictor.pth' });
  assert.match(configured.reason, /PNAG_OFA_PREDICTOR/);

  // Predictions kept by earlier training runs are not measurements: they do not make the archive the source.
  const predicted = ws();
  mkdirSync(join(predicted, '.pnag'));
  archiveWith(join(predicted, '.pnag', 'archive.jsonl'), MIN_ARCHIVE_ARCHS + 10, 'top1@ofa-predictor');
  assert.deepEqual(defaultSources({ workspace: predicted, env: {} }).accuracy, { kind: 'ofa' });

  const few = ws();
  mkdirSync(join(few, '.pnag'));
  archiveWith(join(few, '.pnag', 'archive.jsonl'), 5, 'top1');
  const fewChoice = defaultSources({ workspace: few, env: {} });
  assert.deepEqual(fewChoice.accuracy, { kind: 'ofa' });
  assert.match(fewChoice.reason, /5 architectures with measured top-1/);

  const measured = ws();
  mkdirSync(join(measured, '.pnag'));
  archiveWith(join(measured, '.pnag', 'archive.jsonl'), MIN_ARCHIVE_ARCHS, 'top1');
  const chosen = defaultSources({ workspace: measured, env: { [OFA_PREDICTOR_ENV]: '/opt/x.pth' } });
  assert.deepEqual(chosen.accuracy, { kind: 'archive', path: join(measured, '.pnag', 'archive.jsonl') });
  assert.match(chosen.reason, /workspace archive/);
});

test('built-in sources: "ofa" and "ofa:builtin" name the predictor shipped in the package, a path stays a path', async () => {
  for (const text of ['ofa', 'ofa:builtin', ' OFA:BuiltIn ']) assert.deepEqual(parseAccuracySourceSpec(text), { kind: 'ofa' }, text);
  assert.deepEqual(parseAccuracySourceSpec('ofa:./builtin'), { kind: 'ofa', path: './builtin' });
  assert.equal(formatAccuracySourceSpec(parseAccuracySourceSpec('ofa')), 'ofa:builtin');
  const builtin = await resolveAccuracySource('ofa');
  assert.equal(builtin.name, 'ofa-predictor');
  assert.equal(builtin.queryable, true);
  assert.equal(builtin.isEstimate, false);
  // The same arch docs/sources.md quotes: top1 81.688 with OFA's own file.
  const arch = parsePnagString('2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0', { width: 1.2, resolution: 224 });
  const [top1] = await builtin.accuracy([arch]);
  assert.equal(Number(top1.toFixed(3)), 81.688);
});

test('built-in latency tables: lut:note10 and lut:i7-8700k open the tables shipped in the package', async () => {
  const arch = parsePnagString('2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0', { width: 1.2, resolution: 224 });
  const note10 = await resolveCostModel('lut:note10');
  assert.equal(note10.name, 'lut:note10');
  assert.equal(note10.unit, 'ms');
  // docs/sources.md: 32.311 ms on OFA's Note10 tables.
  assert.equal(Number((await note10.costs([arch]))[0].toFixed(3)), 32.311);
  const i7 = await resolveCostModel('LUT:I7-8700K');
  assert.equal(i7.name, 'lut:i7-8700K');
  const [ms] = await i7.costs([{ ...arch, width: 1.0, resolution: 176 }]);
  assert.ok(ms > 0 && Number.isFinite(ms));
  // Anything else is still a path, so a missing folder is named.
  await assert.rejects(resolveCostModel('lut:note11'), (e: unknown) => e instanceof InputError && /note11/.test(e.message));
});
