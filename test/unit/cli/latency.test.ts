import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './runCli';
import { skipUnlessInstalled } from '../optionalPackages';

const ARCH = '2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0';

test('pnag latency --measure --runtime onnx prints ONNX Runtime\'s version, threads and timings', { skip: skipUnlessInstalled('onnxruntime-node') }, () => {
  const r = runCli(['latency', '--measure', '--arch', ARCH, '--resolution', '128', '--runtime', 'onnx', '--threads', '2', '--runs', '3', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.backend, /^onnxruntime \d+\.\d+\.\d+ cpu$/);
  assert.equal(out.runtime, 'onnx');
  assert.equal(out.threads, 2);
  assert.equal(out.runs, 3);
  assert.ok(out.median_ms > 0 && out.cpu_median_ms > 0);
});

test('pnag latency: a wrong runtime or thread count, or threads without onnx, exits 2 naming the option', () => {
  const cases: [string[], RegExp][] = [
    [['--measure', '--runtime', 'onx'], /--runtime: "onx" is not one of tfjs, onnx/],
    [['--measure', '--runtime', 'onnx', '--threads', '0'], /--threads: 0 is not in 1..256 \(whole numbers\)/],
    [['--measure', '--threads', '2'], /--threads sets ONNX Runtime's threads; add --runtime onnx/],
    [['--runtime', 'onnx'], /--runtime and --threads go with --measure/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(['latency', '--arch', ARCH, ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
