import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './runCli';
import { nasdataPath } from '../nasdata';

const PNAG_CPU_30 = '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0';

test('pnag predict --source ofa:<pth> --json prints exactly {top1, source} with the published predictor value', () => {
  const r = runCli(['predict', '--source', `ofa:${nasdataPath('ofa_acc_predictor_w1.2.pth')}`, '--arch', PNAG_CPU_30, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const out = JSON.parse(lines[0]) as { top1: number; source: string };
  assert.deepEqual(Object.keys(out).sort(), ['source', 'top1']);
  assert.equal(out.source, 'ofa-predictor');
  assert.ok(Math.abs(out.top1 - 81.69) <= 0.01, `${out.top1}`);
});

test('pnag predict reads the JSON weights file too, and a lower resolution predicts lower', () => {
  const source = `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`;
  const r224 = JSON.parse(runCli(['predict', '--source', source, '--arch', PNAG_CPU_30, '--json']).stdout) as { top1: number };
  const r160 = JSON.parse(runCli(['predict', '--source', source, '--arch', PNAG_CPU_30, '--resolution', '160', '--json']).stdout) as { top1: number };
  assert.ok(Math.abs(r224.top1 - 81.69) <= 0.01);
  assert.ok(r160.top1 < r224.top1 - 0.5, `${r160.top1} vs ${r224.top1}`);
});

test('pnag predict: bad sources exit 2 with one line on stderr', () => {
  const cases: [string, RegExp][] = [
    ['ofa:/no/such/acc.pth', /\/no\/such\/acc\.pth: cannot read the OFA predictor file \(ENOENT\)/],
    ['magic:1', /"magic:1" is not a source/],
    [`ofa:${nasdataPath('pnag_published_archs.csv')}`, /pnag_published_archs\.csv: not a PyTorch \.pth file/],
  ];
  for (const [source, pattern] of cases) {
    const r = runCli(['predict', '--source', source, '--arch', PNAG_CPU_30, '--json']);
    assert.equal(r.status, 2, source);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    // Under --json the one line is a JSON object {"error", "field"}.
    assert.match((JSON.parse(r.stderr) as { error: string }).error, pattern);
  }
});
