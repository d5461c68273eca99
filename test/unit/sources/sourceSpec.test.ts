import test from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { formatAccuracySourceSpec, parseAccuracySourceSpec } from '../../../src/core/sources/sourceSpec';

test('each source form parses to its typed spec', () => {
  assert.deepEqual(parseAccuracySourceSpec('ofa:/data/acc_predictor.pth'), { kind: 'ofa', path: '/data/acc_predictor.pth' });
  assert.deepEqual(parseAccuracySourceSpec('archive:.pnag/archive.jsonl'), { kind: 'archive', path: '.pnag/archive.jsonl' });
  assert.deepEqual(parseAccuracySourceSpec('proxy'), { kind: 'proxy' });
  assert.deepEqual(parseAccuracySourceSpec('proxy:naswot'), { kind: 'proxy', name: 'naswot' });
  assert.deepEqual(parseAccuracySourceSpec('eval:python eval.py --gpu 0'), { kind: 'eval', command: 'python eval.py --gpu 0' });
});

test('only the first colon separates the kind, so Windows paths and commands with colons survive', () => {
  assert.deepEqual(parseAccuracySourceSpec('ofa:C:\\models\\acc.pth'), { kind: 'ofa', path: 'C:\\models\\acc.pth' });
  assert.deepEqual(parseAccuracySourceSpec('eval:ssh host:22 run'), { kind: 'eval', command: 'ssh host:22 run' });
});

test('formatting and parsing round-trip', () => {
  for (const text of ['ofa:a.json', 'archive:x.jsonl', 'proxy', 'proxy:zen', 'eval:./run.sh']) {
    assert.equal(formatAccuracySourceSpec(parseAccuracySourceSpec(text)), text);
  }
});

test('unknown kinds and missing parts are refused naming the allowed forms', () => {
  const cases: [string, RegExp][] = [
    ['foo:bar', /"foo:bar" is not a source; use one of ofa, ofa:<path\.pth\|path\.json>, archive:<path>, proxy\[:<name>\], eval:<command>/],
    ['archive', /"archive" needs path, as in archive:<path>/],
    ['eval:  ', /"eval" needs command/],
    ['proxy:na swot', /proxy name "na swot"/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseAccuracySourceSpec(text), (e: unknown) => e instanceof InputError && pattern.test(e.message), text);
  }
});
