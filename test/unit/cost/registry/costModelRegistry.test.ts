import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBudget, parseBudget } from '../../../../src/core/budget/parseBudget';
import { isExact } from '../../../../src/core/cost/costModel';
import { paramsM } from '../../../../src/core/cost/params';
import {
  COST_MODEL_KINDS,
  COST_MODEL_PICKS,
  COST_MODEL_SETTINGS_PATTERN,
  COST_UNITS,
  computedCostOf,
  costUnitDescriptor,
  isKnownCostUnit,
  costCapabilitiesOf,
  costUnitOf,
  formatCostModelSpec,
  parseCostModelSpec,
} from '../../../../src/core/cost/registry/costModelRegistry';
import { resolveCostModel } from '../../../../src/core/pipeline/costModelSpec';
import { randomArch } from '../../../../src/core/space/arch';
import { Random } from '../../../../src/core/util/random';

// The contract every registered kind of cost model keeps with the settings, the quick picks, the README
// and the engine: a new kind that forgets one of them fails here, not in a user's hands.
const ROOT = join(__dirname, '..', '..', '..', '..');
interface Manifest {
  contributes: { configuration: { properties: Record<string, { pattern?: string }> } };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const settingsPattern = manifest.contributes.configuration.properties['pnag.costModel'].pattern ?? '';
const readmeRow = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((line) => line.startsWith('| `pnag.costModel` |')) ?? '';

/** A form with a placeholder (`lut:<dir|file>`) stands for every text that starts with what comes before `<`. */
const fixedPart = (form: string): string => form.split('<')[0];

test('package.json declares the pattern the registered kinds make up, and it accepts every example', () => {
  assert.equal(settingsPattern, COST_MODEL_SETTINGS_PATTERN);
  const pattern = new RegExp(settingsPattern);
  for (const kind of COST_MODEL_KINDS) for (const example of kind.examples) assert.match(example, pattern, `${kind.kind}: ${example}`);
});

test('every form is in the quick picks and in the README settings table', () => {
  assert.ok(readmeRow, 'README has a pnag.costModel row');
  for (const kind of COST_MODEL_KINDS) {
    for (const form of kind.forms) {
      const picked = form.includes('<')
        ? COST_MODEL_PICKS.some((p) => typeof p.value !== 'string' && p.value.prefix === fixedPart(form))
        : COST_MODEL_PICKS.some((p) => p.value === form);
      assert.ok(picked, `quick pick for ${form}`);
      assert.ok(readmeRow.includes('`' + fixedPart(form)), `README pnag.costModel row lists ${form}`);
    }
  }
});

test('every example round-trips through parse and format, and its kind owns it', () => {
  for (const kind of COST_MODEL_KINDS) {
    for (const example of kind.examples) {
      const spec = parseCostModelSpec(example);
      assert.equal(spec.kind, kind.kind, example);
      assert.deepEqual(parseCostModelSpec(formatCostModelSpec(spec)), spec, example);
    }
    for (const form of kind.forms.filter((f) => !f.includes('<'))) assert.equal(formatCostModelSpec(parseCostModelSpec(form)), form);
  }
});

test('an opened model has the unit and exactness its kind declares', async () => {
  const arch = randomArch(new Random(7));
  for (const kind of COST_MODEL_KINDS) {
    if (kind.capabilities.needsTensorFlow) continue; // timing networks here is the measure tests' business
    for (const example of kind.examples.filter((e) => !/[/\\]/.test(e))) {
      const spec = parseCostModelSpec(example);
      const model = await resolveCostModel(spec);
      assert.equal(model.unit, costUnitOf(spec), example);
      assert.equal(isExact(model), costCapabilitiesOf(spec).exact, example);
      const [cost] = await model.costs([arch]);
      assert.ok(Number.isFinite(cost) && cost > 0, `${example}: ${cost}`);
    }
  }
});

test('params is registered: in the settings pattern, the quick picks and the README, costing exact millions of parameters', async () => {
  assert.ok(COST_MODEL_KINDS.some((k) => k.kind === 'params'), 'the params kind is registered');
  assert.match('params', new RegExp(settingsPattern));
  assert.ok(COST_MODEL_PICKS.some((p) => p.value === 'params'));
  assert.ok(readmeRow.includes('`params`'));
  const spec = parseCostModelSpec('params');
  assert.equal(costUnitOf(spec), 'M params');
  const model = await resolveCostModel(spec);
  const arch = randomArch(new Random(3));
  assert.ok(isExact(model));
  assert.equal(model.costOf(arch), paramsM(arch));
  assert.equal(computedCostOf('params')?.(arch), paramsM(arch), 'the Frontier view computes it on the host');
  assert.throws(() => parseCostModelSpec('params:flash'), /--cost: "params" takes no argument/);
});

test('every kind\'s unit reads back what it writes: a number with its suffix parses to that unit, known to the checks', () => {
  const units = COST_UNITS.map((u) => u.unit);
  assert.deepEqual(units.slice(0, 3), ['M', 'ms', 'M params']);
  assert.equal(new Set(units).size, units.length, 'each unit once');
  for (const unit of COST_UNITS) {
    assert.deepEqual(parseBudget(`12.5${unit.suffix}`, unit.unit), { value: 12.5, unit: unit.unit }, unit.unit);
    assert.deepEqual(parseBudget(formatBudget({ value: 12.5, unit: unit.unit })), { value: 12.5, unit: unit.unit }, unit.unit);
    assert.ok(isKnownCostUnit(unit.unit));
    assert.ok(unit.step > 0);
  }
  assert.equal(isKnownCostUnit('GB'), false);
  assert.throws(() => costUnitDescriptor('GB'), /cost unit "GB" is not one of M, ms, M params/);
  // Every suffix names one unit only, or a budget would be read in whichever unit is listed first.
  const suffixes = COST_UNITS.flatMap((u) => Object.keys(u.suffixes));
  assert.equal(new Set(suffixes).size, suffixes.length, suffixes.join(' '));
});
