import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/core/tf/backend';
import { ParetoEvaluator } from '../../../src/core/pnag/evaluator';
import { DEFAULT_EVALUATOR_TRAINING, evaluatorTau, trainEvaluator } from '../../../src/core/pnag/evaluatorTraining';
import { Random } from '../../../src/core/util/random';
import { syntheticSamples } from './synthetic';

const budgets = [300, 400, 500];

for (const loss of ['logistic', 'hinge'] as const) {
  test(`the evaluator learns the dominance order (${loss} loss): held-out Kendall tau rises well above chance`, async () => {
    await initBackend();
    const data = syntheticSamples(600, 11);
    const evaluator = new ParetoEvaluator(budgets.length, 64, new Random(1));
    const rows = Array.from({ length: 200 }, (_, i) => 400 + i);
    const before = evaluatorTau(evaluator, budgets, data, rows);
    const report = await trainEvaluator(
      evaluator,
      budgets,
      { archs: data.archs.slice(0, 400), accuracies: data.accuracies.slice(0, 400), costs: data.costs.slice(0, 400) },
      { ...DEFAULT_EVALUATOR_TRAINING, epochs: 25, batchSize: 64, budgetsPerBatch: 3, loss, learningRate: 3e-3 },
      new Random(2),
    );
    const after = evaluatorTau(evaluator, budgets, data, rows);
    assert.equal(report.tauPerBudget.length, 3);
    assert.equal(report.validationSize, 40);
    for (let b = 0; b < budgets.length; b++) {
      assert.ok(after[b] > before[b] + 0.3, `budget ${budgets[b]}: tau ${before[b].toFixed(3)} -> ${after[b].toFixed(3)}`);
    }
    const mean = after.reduce((a, b) => a + b, 0) / after.length;
    assert.ok(mean > 0.5, `mean held-out tau ${mean.toFixed(3)}`);
    evaluator.dispose();
  });
}
