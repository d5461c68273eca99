import test from 'node:test';
import assert from 'node:assert/strict';
import { additiveCostOf, additiveCostTable } from '../../../src/core/cost/additiveCost';
import type { ExactCostModel } from '../../../src/core/cost/costModel';
import { LutCostModel } from '../../../src/core/cost/lut/lutCostModel';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { paramsM } from '../../../src/core/cost/params';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { nasdataPath } from '../nasdata';

const params: ExactCostModel = { name: 'params', unit: 'M', metric: 'params_M', exact: true, costOf: paramsM, costs: async (archs) => archs.map(paramsM) };

test('MAdds, parameters and a latency table are sums of per-layer costs: the table gives every network its cost', () => {
  const models: [string, ExactCostModel, readonly (1.0 | 1.2)[]][] = [['madds:ofa', new MaddsCostModel('ofa'), [1.0, 1.2]],
    ['madds:pnag', new MaddsCostModel('pnag'), [1.0, 1.2]], ['params', params, [1.0, 1.2]],
    ['lut:note10', LutCostModel.load(nasdataPath('ofa_note10_lut')), [1.2]]];
  for (const [name, model, widths] of models) {
    for (const width of widths) {
      const table = additiveCostTable(model, { width, resolution: 224 });
      assert.ok(table, `${name} at w${width} is additive`);
      const rng = new Random(3);
      for (let n = 0; n < 100; n++) {
        const arch = randomArch(rng, { width, resolution: 224 });
        const cost = model.costOf(arch);
        assert.ok(Math.abs(additiveCostOf(table, arch) - cost) <= 1e-9 * cost, `${name} w${width}: ${additiveCostOf(table, arch)} vs ${cost}`);
      }
    }
  }
});

test('a cost that is not a sum of per-layer costs has no table', () => {
  const madds = new MaddsCostModel('ofa');
  const squared: ExactCostModel = { ...params, name: 'madds squared', costOf: (arch) => madds.costOf(arch) ** 2 };
  assert.equal(additiveCostTable(squared, { width: 1.2, resolution: 224 }), undefined);
  const broken: ExactCostModel = { ...params, name: 'broken', costOf: () => Number.NaN };
  assert.equal(additiveCostTable(broken, { width: 1.2, resolution: 224 }), undefined);
  // note10's table was measured at w1.2 only: it cannot cost w1.0 networks, so it has no table there.
  assert.equal(additiveCostTable(LutCostModel.load(nasdataPath('ofa_note10_lut')), { width: 1.0, resolution: 224 }), undefined);
});
