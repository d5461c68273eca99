import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './runCli';

const PNAG_80_MOBILE = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

test('pnag cost --json prints exactly one JSON object with the PNAG-count MAdds of PNAG-80-Mobile', () => {
  const r = runCli(['cost', '--arch', PNAG_80_MOBILE, '--width', '1.2', '--count', 'pnag', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const out = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(out).sort(), ['count', 'madds_M', 'params_M', 'resolution', 'width']);
  assert.equal(out.madds_M, 348.57);
  assert.equal(out.count, 'pnag');
  assert.equal(out.width, 1.2);
  assert.equal(out.resolution, 224);
});

test('pnag cost defaults to width 1.2, resolution 224 and the OFA count', () => {
  const r = runCli(['cost', '--arch', PNAG_80_MOBILE, '--json']);
  const out = JSON.parse(r.stdout);
  assert.equal(out.count, 'ofa');
  assert.equal(out.madds_M, 350.1);
  assert.equal(out.resolution, 224);
});

test('pnag cost takes an OFA dict with its own width and resolution', () => {
  const dict = JSON.stringify({ ks: Array(20).fill(3), e: Array(20).fill(3), d: [2, 2, 2, 2, 2], r: 160, w: 1.0 });
  const r = runCli(['cost', '--arch', dict, '--json']);
  const out = JSON.parse(r.stdout);
  assert.equal(out.width, 1);
  assert.equal(out.resolution, 160);
});

test('bad input exits 2 with one line on stderr naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['cost', '--arch', PNAG_80_MOBILE.replace(/^2/, '5')], /stage 1: depth 5 is not one of 2, 3, 4/],
    [['cost', '--arch', PNAG_80_MOBILE, '--width', '1.5'], /width: 1.5 is not one of/],
    [['cost', '--arch', PNAG_80_MOBILE, '--resolution', 'big'], /--resolution: "big" is not a number/],
    [['cost', '--arch', PNAG_80_MOBILE, '--count', 'flops'], /--count/],
    [['cost'], /--arch/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});
