import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toArchiveLine } from '../../../../src/core/archive/archiveRecord';
import { resolveAccuracySource } from '../../../../src/core/pipeline/accuracySources';
import {
  ACCURACY_SETTINGS_FORMS,
  ACCURACY_SETTINGS_PATTERN,
  ACCURACY_SOURCE_KINDS,
  ACCURACY_SOURCE_PICKS,
  dataSourceSpec,
  datasetPathOf,
  formatAccuracySourceSpec,
  parseAccuracySourceSpec,
  runsCommand,
  sourceCapabilitiesOf,
} from '../../../../src/core/sources/registry/accuracySourceRegistry';
import { randomArch } from '../../../../src/core/space/arch';
import { Random } from '../../../../src/core/util/random';

// The contract every registered kind of accuracy source keeps with the settings, the quick picks, the README,
// the engine and the security rule: a new kind that forgets one of them fails here, not in a user's hands.
const ROOT = join(__dirname, '..', '..', '..', '..');
interface Manifest {
  contributes: { configuration: { properties: Record<string, { pattern?: string }> } };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const settingsPattern = manifest.contributes.configuration.properties['pnag.accuracySource'].pattern ?? '';
const readmeRow = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((line) => line.startsWith('| `pnag.accuracySource` |')) ?? '';

/** A form with a placeholder (`archive:<path>`, `proxy[:<name>]`) stands for every text starting with what comes before it. */
const fixedPart = (form: string): string => form.split(/[<[]/)[0];
const pickValues = (): string[] => ACCURACY_SOURCE_PICKS.map((p) => (typeof p.value === 'string' ? p.value : `${p.value.prefix}/picked/file`));

test('package.json declares the pattern the registered kinds make up', () => {
  assert.equal(settingsPattern, ACCURACY_SETTINGS_PATTERN);
});

test('every settings form and quick pick is accepted by the settings pattern; a command never is', () => {
  const pattern = new RegExp(settingsPattern);
  for (const value of pickValues()) assert.match(value, pattern, value);
  for (const kind of ACCURACY_SOURCE_KINDS) {
    for (const example of kind.examples) {
      if (kind.capabilities.runsCommand) assert.doesNotMatch(example, pattern, `${example}: commands come only from pnag.evaluatorCommand`);
      else assert.match(example, pattern, example);
    }
  }
});

test('every kind is in the quick picks and every settings form in the README table', () => {
  assert.ok(readmeRow, 'README has a pnag.accuracySource row');
  for (const form of ACCURACY_SETTINGS_FORMS) assert.ok(readmeRow.includes('`' + fixedPart(form)), `README pnag.accuracySource row lists ${form}`);
  for (const kind of ACCURACY_SOURCE_KINDS) {
    const picked = ACCURACY_SOURCE_PICKS.some((p) => (typeof p.value === 'string' ? kind.settingsForms.includes(p.value) || p.value.startsWith(`${kind.kind}:`) : p.value.prefix === `${kind.kind}:`));
    assert.ok(picked, `a quick pick for ${kind.kind}`);
  }
});

test('every example round-trips through parse and format, and its kind owns it', () => {
  for (const kind of ACCURACY_SOURCE_KINDS) {
    assert.match(kind.description, /^[^\n]{10,120}$/, `${kind.kind}: a one-line description`);
    for (const example of kind.examples) {
      const spec = parseAccuracySourceSpec(example);
      assert.equal(spec.kind, kind.kind, example);
      assert.deepEqual(parseAccuracySourceSpec(formatAccuracySourceSpec(spec)), spec, example);
      assert.deepEqual(sourceCapabilitiesOf(spec), kind.capabilities);
    }
  }
});

test('only data is taken from a file: a spec that runs a command is never handed back as one', () => {
  for (const kind of ACCURACY_SOURCE_KINDS) {
    for (const example of kind.examples) {
      assert.equal(runsCommand(example), kind.capabilities.runsCommand, example);
      assert.equal(dataSourceSpec(example), kind.capabilities.runsCommand ? undefined : example, example);
    }
  }
  assert.ok(ACCURACY_SOURCE_KINDS.some((k) => k.capabilities.runsCommand), 'the evaluator kind is registered');
  assert.equal(dataSourceSpec('EVAL:rm -rf ~'), undefined);
  assert.equal(dataSourceSpec('shell:ls'), undefined);
});

test('an opened source measures or estimates as its kind declares', async () => {
  const arch = randomArch(new Random(2));
  const archive = join(mkdtempSync(join(tmpdir(), 'pnag-sources-')), 'archive.jsonl');
  writeFileSync(archive, `${JSON.stringify(toArchiveLine({ arch, metrics: { top1: 77.5 }, provenance: { source: 'test' } }))}\n`);
  for (const text of ['ofa', `archive:${archive}`, 'proxy:madds']) {
    const spec = parseAccuracySourceSpec(text);
    const source = await resolveAccuracySource(spec);
    const declared = sourceCapabilitiesOf(spec);
    assert.equal(source.measured === true, declared.measured, text);
    assert.equal(source.isEstimate, declared.isEstimate, text);
    const [top1] = await source.accuracy([arch]);
    assert.ok(Number.isFinite(top1), `${text}: ${top1}`);
  }
});

test('only a fixed set of measurements names a dataset file, and only a measured kind that runs nothing does', () => {
  for (const kind of ACCURACY_SOURCE_KINDS) {
    for (const example of kind.examples) {
      const spec = parseAccuracySourceSpec(example);
      const dataset = datasetPathOf(spec);
      if (dataset === undefined) continue;
      assert.ok(sourceCapabilitiesOf(spec).measured && !sourceCapabilitiesOf(spec).runsCommand, example);
      assert.ok(example.endsWith(dataset), `${example} names ${dataset}`);
    }
  }
  assert.equal(datasetPathOf(parseAccuracySourceSpec('archive:/data/m.jsonl')), '/data/m.jsonl');
  for (const asked of ['ofa', 'proxy:zen', 'eval:python e.py']) assert.equal(datasetPathOf(parseAccuracySourceSpec(asked)), undefined, asked);
});
