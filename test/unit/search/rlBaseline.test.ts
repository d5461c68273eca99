import test from 'node:test';
import assert from 'node:assert/strict';
import { runRlBaseline } from '../../../src/core/search/rlBaseline';
import { mnasnetReward, tunasReward } from '../../../src/core/search/rewards';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { syntheticAccuracy, syntheticSource } from '../pnag/synthetic';

const synthetic = syntheticSource;

test('MnasNet reward acc*(c/B)^-0.07 favours cheaper at equal accuracy; TuNAS penalises |c/B - 1| both ways', () => {
  assert.equal(mnasnetReward(80, 400, 400), 80);
  assert.ok(mnasnetReward(80, 300, 400) > mnasnetReward(80, 500, 400));
  assert.ok(Math.abs(mnasnetReward(80, 800, 400) - 80 * Math.pow(2, -0.07)) < 1e-12);
  assert.equal(tunasReward(80, 400, 400), 0.8);
  assert.ok(Math.abs(tunasReward(80, 440, 400) - tunasReward(80, 360, 400)) < 1e-12);
  assert.ok(Math.abs(tunasReward(80, 440, 400) - (0.8 - 0.007)) < 1e-12);
});

for (const reward of ['mnasnet', 'tunas'] as const) {
  test(`the ${reward} RL baseline spends its query budget and returns the best architecture within the budget`, async () => {
    const madds = new MaddsCostModel('pnag');
    const result = await runRlBaseline(400, synthetic, madds, { reward, queries: 96, samplesPerStep: 16, hidden: 16, seed: 1 });
    assert.ok(result.queries >= 96 && result.queries <= 96 + 16, `queries ${result.queries}`);
    assert.ok(result.best, 'some queried architecture fits 400 M');
    assert.ok(result.best.cost <= 400);
    assert.equal(result.best.accuracy, syntheticAccuracy(result.best.arch));
    assert.equal(result.greedy.cost, madds.costOf(result.greedy.arch));
  });
}
