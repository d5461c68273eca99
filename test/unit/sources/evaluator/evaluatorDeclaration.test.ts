import test from 'node:test';
import assert from 'node:assert/strict';
import { ClusterEvaluator } from '../../../../src/core/cluster/clusterEvaluator';
import { DEFAULT_EVALUATOR_METRIC, EvaluatorDeclaration } from '../../../../src/core/sources/evaluator/evaluatorDeclaration';
import { ExternalEvaluator } from '../../../../src/core/sources/externalEvaluator';
import { LocalTaskBackend } from '../../cluster/localTaskBackend';

const capabilities = (source: EvaluatorDeclaration) => ({
  name: source.name,
  unit: source.unit,
  isEstimate: source.isEstimate,
  isolatesFailures: source.isolatesFailures,
  measured: source.measured,
  queryable: source.queryable,
});

test('a local and a cluster run of one evaluator command share one declaration: name, capabilities, default metric', async () => {
  const local = new ExternalEvaluator({ command: 'python eval.py' });
  const cluster = new ClusterEvaluator({ command: 'python eval.py', cwd: '/nonexistent', backend: new LocalTaskBackend(), maxRunning: 1 });
  try {
    assert.ok(local instanceof EvaluatorDeclaration);
    assert.ok(cluster instanceof EvaluatorDeclaration);
    assert.deepEqual(capabilities(cluster), capabilities(local));
    assert.deepEqual(capabilities(local), { name: 'eval:python eval.py', unit: '%', isEstimate: false, isolatesFailures: true, measured: true, queryable: true });
    assert.equal(DEFAULT_EVALUATOR_METRIC, 'top1');
  } finally {
    await local.dispose();
  }
});
