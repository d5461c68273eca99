import test from 'node:test';
import assert from 'node:assert/strict';
import { parseLatencyTable } from '../../../../src/core/cost/lut/latencyTable';

// Found by the fuzz suite (test/fuzz/lut.fuzz.ts): the yaml package reports unknown directives and tags through
// process.emitWarning, so a damaged table printed "(node:...) YAMLWarning" lines around PNAG's one-line error.
test('a latency table with an unknown YAML directive or tag prints no Node warning', (t) => {
  const warnings: unknown[] = [];
  t.mock.method(process, 'emitWarning', (warning: unknown) => void warnings.push(warning));
  for (const text of ['%"hI`|Z$$\n', 'Conv-input:224x224x3-output:112x112x24: !odd\n  mean: 1\n']) {
    assert.throws(() => parseLatencyTable(text, 'bad.yaml'), /bad\.yaml/);
  }
  assert.deepEqual(warnings, []);
});

// Found by the fuzz suite: a key holding a carriage return was quoted raw, splitting the one-line error.
test('a latency-table key with a line break is named on one line', () => {
  const text = 'Conv-input:176x176x3-output:88x88x16:\n  mean: 1\n"ex\\randed_conv-input:88x88x16": 3\n';
  assert.throws(() => parseLatencyTable(text, 'lut.yaml'), (error: unknown) => error instanceof Error && /entry "ex\\randed_conv-input:88x88x16" has no/.test(error.message) && !/[\r\n]/.test(error.message));
});
