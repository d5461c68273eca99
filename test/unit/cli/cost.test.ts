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
  assert.deepEqual(Object.keys(out).sort(), ['cost_model', 'count', 'madds_M', 'madds_ofa_M', 'madds_pnag_M', 'params_M', 'resolution', 'width']);
  assert.equal(out.madds_M, 348.57);
  // Both counts, whichever --count asked for: the OFA count adds the classifier.
  assert.equal(out.madds_pnag_M, 348.57);
  assert.equal(out.madds_ofa_M, 350.1);
  assert.equal(out.cost_model, 'madds:pnag');
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

test('pnag cost --arch takes what PNAG inserts in Python: the dict, the tutorial dict, the set_active_subnet call', () => {
  const ks = '[3, 3, 3, 3, 3, 5, 3, 3, 3, 3, 5, 5, 3, 3, 5, 5, 5, 5, 7, 7]';
  const e = '[3, 3, 3, 3, 4, 3, 3, 3, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 3, 3]';
  const d = '[2, 3, 3, 3, 3]';
  const forms = [
    `{'ks': ${ks}, 'e': ${e}, 'd': ${d}, 'r': 224, 'w': 1.2,}`,
    `{'ks': ${ks}, 'e': ${e}, 'd': ${d}, 'r': [224], 'w': 1.2}`,
    `{'ks': ${ks}, 'e': ${e}, 'd': ${d}, 'image_size': 224}`,
    `ofa_network.set_active_subnet(ks=${ks}, e=${e}, d=${d})`,
  ];
  for (const arch of forms) {
    const r = runCli(['cost', '--arch', arch, '--count', 'pnag', '--json']);
    assert.equal(r.status, 0, `${arch}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).madds_M, 348.57, arch);
  }
  const text = runCli(['cost', '--arch', forms[0]]);
  assert.match(text.stdout, /350\.1M MAdds in OFA's count_net_flops, the one --count names .*; 348\.6M in PNAG's count/);
});

test('bad input exits 2 with one line on stderr naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['cost', '--arch', PNAG_80_MOBILE.replace(/^2/, '5')], /stage 1: depth 5 is not one of 2, 3, 4/],
    [['cost', '--arch', PNAG_80_MOBILE, '--width', '1.5'], /width: 1.5 is not one of/],
    [['cost', '--arch', PNAG_80_MOBILE, '--resolution', 'big'], /--resolution: "big" is not a number/],
    [['cost', '--arch', PNAG_80_MOBILE, '--count', 'flops'], /--count/],
    [['cost'], /--arch/],
    [['cost', '--arch', "{'ks': [3]*20}"], /not valid JSON or a Python literal: expected ',' or '\}' at character 11/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});
