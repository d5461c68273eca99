import test from 'node:test';
import assert from 'node:assert/strict';
import type { ExactCostModel } from '../../../src/core/cost/costModel';
import { LutCostModel } from '../../../src/core/cost/lut/lutCostModel';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { evaluationAcquisition, evaluationRoundSettings, planEvaluations } from '../../../src/core/pnag/evaluationBudget';
import { InputError } from '../../../src/core/errors';
import type { Arch } from '../../../src/core/space/arch';
import { nasdataPath } from '../nasdata';

test('an evaluation budget runs Thompson rounds when the cost is a sum of per-layer costs, expected improvement otherwise', () => {
  const madds = new MaddsCostModel('ofa');
  const w12 = { width: 1.2, resolution: 224 } as const;
  assert.equal(evaluationAcquisition(madds, w12), 'thompson');
  assert.equal(evaluationAcquisition(LutCostModel.load(nasdataPath('ofa_note10_lut')), w12), 'thompson');
  const squared: ExactCostModel = { ...madds, name: 'squared', costOf: (a) => madds.costOf(a) ** 2, costs: async (archs) => archs.map((a) => madds.costOf(a) ** 2) };
  assert.equal(evaluationAcquisition(squared, w12), 'expectedImprovement');
});

test('the acquisition is decided at the training\'s width: a table measured at w1.0 only still gets Thompson rounds there', () => {
  const madds = new MaddsCostModel('ofa');
  const onlyW10 = (a: Arch): number => {
    if (a.width !== 1.0) throw new InputError(`no entry for width ${a.width}`);
    return madds.costOf(a);
  };
  const table: ExactCostModel = { ...madds, name: 'w1.0 table', costOf: onlyW10, costs: async (archs) => archs.map(onlyW10) };
  assert.equal(evaluationAcquisition(table, { width: 1.0, resolution: 224 }), 'thompson');
  assert.equal(evaluationAcquisition(table, { width: 1.2, resolution: 224 }), 'expectedImprovement');
});

test('the coverage design takes a fifth of what training may spend before Thompson rounds and two fifths before expected improvement', () => {
  const thompson = planEvaluations({ total: 1000, generationReserve: 10, acquisition: 'thompson' });
  assert.deepEqual([thompson.initial, thompson.frontier, thompson.acquisition], [198, 792, 'thompson']);
  assert.equal(evaluationRoundSettings(thompson).acquisition, 'thompson');
  const improvement = planEvaluations({ total: 1000, generationReserve: 10 });
  assert.deepEqual([improvement.initial, improvement.frontier, improvement.acquisition], [396, 594, 'expectedImprovement']);
  assert.equal(planEvaluations({ total: 1000, generationReserve: 10, acquisition: 'thompson', initialShare: 0.5 }).initial, 495, 'a given share wins');
  assert.equal(planEvaluations({ total: 100, acquisition: 'thompson' }).initial, 32, 'never below the minimum R needs');
});
