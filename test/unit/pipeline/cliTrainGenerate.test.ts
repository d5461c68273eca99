import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paramsM } from '../../../src/core/cost/params';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { runCli } from '../cli/runCli';
import { nasdataPath } from '../nasdata';

/** `pnag ...` from sources in `cwd`, with an environment of our choosing (no other predictor unless given). */
function pnag(args: string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(args, { cwd, timeoutMs: 180_000, env: { PATH: process.env.PATH ?? '', ...env } });
}

const QUICK = ['--archive-size', '300', '--evaluator-epochs', '1', '--generator-steps', '5'];

test('pnag generate without a checkpoint trains on the defaults, says which, saves and then reuses the checkpoint', { timeout: 300_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-cli-'));
  const env = { PNAG_OFA_PREDICTOR: nasdataPath('ofa_acc_predictor_w1.2.pth') };
  const first = pnag(['generate', '--budget', '450M', '--json', ...QUICK], ws, env);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /accuracy: OFA's predictor from \$PNAG_OFA_PREDICTOR/);
  assert.match(first.stderr, /no generator yet: training one first/);
  const lines = first.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object on stdout');
  const out = JSON.parse(lines[0]) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['pnag', 'arch', 'madds_M', 'madds_ofa_M', 'madds_pnag_M', 'cost_model', 'cost', 'cost_unit', 'latency_ms', 'top1', 'source', 'repaired', 'clamped', 'estimate', 'source_queries']);
  assert.ok((out.madds_M as number) <= 450);
  assert.equal(out.madds_pnag_M, out.madds_M, 'the default budget count is PNAG\'s');
  assert.ok((out.madds_ofa_M as number) > (out.madds_M as number));
  assert.equal(out.cost_model, 'madds:pnag');
  assert.equal(out.cost, out.madds_M, 'the cost is in the cost model\'s unit');
  assert.equal(out.cost_unit, 'M');
  assert.equal(out.latency_ms, null);
  assert.equal(out.source, 'ofa-predictor');
  assert.equal(typeof out.top1, 'number');
  assert.ok(existsSync(join(ws, '.pnag', 'generator.ckpt.json')));
  const checkpoint = readFileSync(join(ws, '.pnag', 'generator.ckpt.json'), 'utf8');

  const second = pnag(['generate', '--budget', '300M'], ws, env);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /using .*generator\.ckpt\.json \(trained on ofa-predictor, madds:pnag\)/);
  assert.match(second.stdout, /^PNAG: +[0-9,:]+$/m);
  assert.match(second.stdout, /^OFA: +\{"ks"/m);
  assert.match(second.stdout, /^Cost: +\d+\.\dM MAdds in PNAG's count, the budget's .*; \d+\.\dM in OFA's count_net_flops/m);
  assert.match(second.stdout, /^Top-1: +\d+\.\d+ % +\[ofa-predictor\]$/m);
  assert.equal(readFileSync(join(ws, '.pnag', 'generator.ckpt.json'), 'utf8'), checkpoint, 'reused, not retrained');
});

test('pnag train on a LUT with an explicit range, then generate in ms; bad input exits 2 with one line', { timeout: 300_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-cli-'));
  const ofa = `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`;
  const train = pnag(['train', '--accuracy', ofa, '--cost', `lut:${nasdataPath('ofa_note10_lut')}`, '--budgets', '25:60', '--k', '5', '--out', 'note10.ckpt', '--json', ...QUICK], ws);
  assert.equal(train.status, 0, train.stderr);
  const trained = JSON.parse(train.stdout) as { budgets: number[]; unit: string; costModel: string; archs: number };
  assert.deepEqual(trained.budgets, [25, 33.75, 42.5, 51.25, 60]);
  assert.equal(trained.unit, 'ms');
  assert.equal(trained.costModel, 'lut:note10');
  assert.equal(trained.archs, 300);

  const generated = pnag(['generate', '--checkpoint', 'note10.ckpt', '--budget', '33ms', '--json'], ws);
  assert.equal(generated.status, 0, generated.stderr);
  const out = JSON.parse(generated.stdout) as { latency_ms: number; madds_M: number };
  assert.ok(out.latency_ms <= 33, `${out.latency_ms} ms over 33 ms`);
  assert.ok(out.madds_M > 0);

  for (const args of [
    ['generate', '--checkpoint', 'note10.ckpt', '--budget', '450M'],
    ['generate', '--checkpoint', 'missing.ckpt', '--budget', '30ms'],
    ['train', '--accuracy', ofa, '--cost', 'flops'],
    ['train', '--accuracy', ofa, '--archive', 'a.jsonl', '--archive-size', '10'],
    ['train', '--accuracy', 'ofa:/nope.pth'],
  ]) {
    const bad = pnag(args, ws);
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /^pnag: /);
  }
});

// Issue 13: the `params` cost model, added as one registry module, works end to end through the CLI.
test('pnag train --cost params, then generate for a budget in M params; a budget in another unit names the unit', { timeout: 300_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-cli-'));
  const ofa = `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`;
  const train = pnag(['train', '--accuracy', ofa, '--cost', 'params', '--budgets', '5.5:7.5', '--k', '5', '--out', 'params.ckpt', '--frontier-queries', '0', '--json', ...QUICK], ws);
  assert.equal(train.status, 0, train.stderr);
  const trained = JSON.parse(train.stdout) as { budgets: number[]; unit: string; costModel: string };
  assert.deepEqual(trained.budgets, [5.5, 6, 6.5, 7, 7.5]);
  assert.equal(trained.unit, 'M params');
  assert.equal(trained.costModel, 'params');

  const generated = pnag(['generate', '--checkpoint', 'params.ckpt', '--budget', '6.2M params', '--accuracy', ofa, '--json'], ws);
  assert.equal(generated.status, 0, generated.stderr);
  const out = JSON.parse(generated.stdout) as { pnag: string; cost: number; cost_unit: string; cost_model: string; latency_ms: null; top1: number };
  assert.equal(out.cost_model, 'params');
  assert.equal(out.cost_unit, 'M params');
  assert.ok(out.cost <= 6.2, `${out.cost}M params over 6.2M params`);
  assert.ok(Math.abs(out.cost - paramsM(parsePnagString(out.pnag, { width: 1.2, resolution: 224 }))) < 1e-3, 'the cost is the exact parameter count');
  assert.equal(out.latency_ms, null);
  assert.equal(typeof out.top1, 'number');

  const text = pnag(['generate', '--checkpoint', 'params.ckpt', '--budget', '6200K params'], ws);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Cost: +\d+(\.\d+)?M params \[params\], the budget's; .*; budget 6\.2M params/m);

  const wrongUnit = pnag(['generate', '--checkpoint', 'params.ckpt', '--budget', '6.2M'], ws);
  assert.equal(wrongUnit.status, 2, wrongUnit.stderr);
  assert.equal(wrongUnit.stderr.trim(), 'pnag: budget "6.2M": expected parameters in M params, e.g. 5.2M params (the cost model counts parameters)');
});
