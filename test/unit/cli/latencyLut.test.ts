import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './runCli';
import { nasdataPath } from '../nasdata';

const PNAG_CPU_30 = '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0';

test('pnag latency --lut <folder> --json prints exactly {latency_ms, device} with the Note10 table value', () => {
  const r = runCli(['latency', '--lut', nasdataPath('ofa_note10_lut'), '--arch', PNAG_CPU_30, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const out = JSON.parse(lines[0]) as { latency_ms: number; device: string };
  assert.deepEqual(Object.keys(out).sort(), ['device', 'latency_ms']);
  assert.equal(out.device, 'note10');
  assert.ok(Math.abs(out.latency_ms - 32.31) <= 0.01, `${out.latency_ms}`);
});

test('pnag latency --lut <file> takes the nsganetv2 table at another width and resolution, and --device renames', () => {
  const r = runCli(['latency', '--lut', nasdataPath('nsganetv2_i7-8700K_lut.yaml'), '--arch', PNAG_CPU_30, '--width', '1.0', '--resolution', '176', '--device', 'desk', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { latency_ms: number; device: string };
  assert.equal(out.device, 'desk');
  assert.ok(out.latency_ms > 1 && out.latency_ms < 50, `${out.latency_ms}`);
});

test('pnag latency: a resolution without a table, or no method, exits 2 with one line', () => {
  const cases: [string[], RegExp][] = [
    [['--lut', nasdataPath('ofa_note10_lut'), '--resolution', '128'], /no latency table for resolution 128 \(tables cover 160, 176, 192, 208, 224\)/],
    [[], /latency: say how to get it: --lut/],
  ];
  for (const [extra, pattern] of cases) {
    const r = runCli(['latency', '--arch', PNAG_CPU_30, '--json', ...extra]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});
