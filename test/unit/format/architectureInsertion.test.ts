import test from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { formatInsertion, type InsertionFacts } from '../../../src/core/format/architectureInsertion';
import { archKey } from '../../../src/core/space/arch';
import { fromNetworkConfig } from '../../../src/core/space/networkConfig';
import { fromOfaDict } from '../../../src/core/space/ofaDict';
import { parsePnagString } from '../../../src/core/space/pnagString';

const ARCH = parsePnagString('2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0');
const FACTS: InsertionFacts = { budget: '350M', maddsM: 348.571, costModel: 'madds:pnag', paramsM: 7.34, top1: 77.123, accuracySource: 'ofa-predictor' };

test('Python: OFA set_active_subnet call under a comment with costs and the accuracy source', () => {
  const { text, commented } = formatInsertion('python', ARCH, FACTS);
  const [comment, call] = text.split('\n');
  assert.equal(commented, true);
  assert.equal(comment, '# PNAG: budget 350M, 348.6M MAdds (madds:pnag), 7.34M params, top-1 77.12% (ofa-predictor), r224 w1.2');
  const match = /^ofa_network\.set_active_subnet\(ks=(\[.*?\]), e=(\[.*?\]), d=(\[.*?\])\)$/.exec(call);
  assert.ok(match, call);
  const [ks, e, d] = match.slice(1).map((s) => JSON.parse(s) as number[]);
  // OFA reads every slot: unused ones repeat the stage's last layer instead of 0.
  assert.ok(!ks.includes(0) && !e.includes(0));
  assert.equal(archKey(fromOfaDict({ ks, e, d })), archKey(ARCH));
});

test('Python dict setting: a dict literal that reads back to the same architecture', () => {
  const { text } = formatInsertion('python', ARCH, FACTS, { python: 'dict' });
  const dict = text.split('\n')[1];
  assert.match(dict, /^\{'ks': \[/);
  assert.equal(archKey(fromOfaDict(JSON.parse(dict.replace(/'/g, '"')))), archKey(ARCH));
});

test('JSON: OFA network config, no comment (JSON has none), reads back', () => {
  const { text, commented } = formatInsertion('json', ARCH, FACTS);
  assert.equal(commented, false);
  const config = JSON.parse(text) as { name: string };
  assert.equal(config.name, 'MobileNetV3');
  assert.equal(archKey(fromNetworkConfig(config)), archKey(ARCH));
});

test('JSON dict setting: the compact {ks, e, d, r, w} dict', () => {
  const { text } = formatInsertion('json', ARCH, FACTS, { json: 'dict' });
  const dict = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(dict), ['ks', 'e', 'd', 'r', 'w']);
  assert.equal(archKey(fromOfaDict(dict)), archKey(ARCH));
});

test('JSONC gets the comment line, and still parses after it is stripped', () => {
  const { text, commented } = formatInsertion('jsonc', ARCH, FACTS, { json: 'dict' });
  assert.equal(commented, true);
  assert.match(text, /^\/\/ PNAG: /);
  assert.equal(archKey(fromOfaDict(JSON.parse(text.split('\n').slice(1).join('\n')))), archKey(ARCH));
});

test('YAML: a comment and the dict as a block mapping', () => {
  const { text } = formatInsertion('yaml', ARCH, FACTS);
  assert.match(text, /^# PNAG: /);
  assert.equal(archKey(fromOfaDict(parseYaml(text))), archKey(ARCH));
});

test('TypeScript/JavaScript: an object literal with unquoted keys under a // comment', () => {
  for (const language of ['typescript', 'javascript']) {
    const { text } = formatInsertion(language, ARCH, FACTS);
    const [comment, literal] = text.split('\n');
    assert.match(comment, /^\/\/ PNAG: /);
    assert.match(literal, /^\{ks: \[/);
    assert.equal(archKey(fromOfaDict(JSON.parse(literal.replace(/(\w+):/g, '"$1":')))), archKey(ARCH));
  }
});

test('anything else: a JSON block without a comment', () => {
  const { text, commented } = formatInsertion('plaintext', ARCH, FACTS);
  assert.equal(commented, false);
  assert.equal(archKey(fromOfaDict(JSON.parse(text))), archKey(ARCH));
});

test('continuation lines take the indentation of the cursor line', () => {
  const { text } = formatInsertion('yaml', ARCH, FACTS, { indent: '    ' });
  const lines = text.split('\n');
  assert.ok(lines.slice(1).every((line) => line.startsWith('    ')));
  assert.ok(!lines[0].startsWith(' '));
});

test('latency and estimates are named in the comment', () => {
  const { text } = formatInsertion('python', ARCH, { ...FACTS, latencyMs: 21.456, costModel: 'lut:note10', top1: 60, accuracySource: 'proxy:naswot', estimate: true });
  assert.match(text, /21\.46 ms \(lut:note10\)/);
  assert.match(text, /top-1 60% \(proxy:naswot, an estimate\)/);
  const unknown = formatInsertion('python', ARCH, { ...FACTS, top1: null, accuracySource: 'archive' }).text;
  assert.match(unknown, /top-1 unknown \(archive\)/);
});

test('no source asked: the comment carries what the training knows of the answer, and says how it knows it', () => {
  const source = 'eval:node eval.mjs';
  const memory = formatInsertion('python', ARCH, { ...FACTS, top1: null, accuracySource: 'none', predicted: { top1: 77.123, from: 'memory', source } }).text;
  assert.match(memory, /top-1 77\.12% \(eval:node eval\.mjs, measured during training\)/);
  const model = formatInsertion('python', ARCH, { ...FACTS, top1: null, accuracySource: 'none', predicted: { top1: 76.5, from: 'model', source } }).text;
  assert.match(model, /top-1 about 76\.5% \(predicted by the training's accuracy model of eval:node eval\.mjs, not measured\)/);
  // A measured top-1 wins over anything predicted.
  const asked = formatInsertion('python', ARCH, { ...FACTS, top1: 78, accuracySource: source, predicted: { top1: 76.5, from: 'model', source } }).text;
  assert.match(asked, /top-1 78% \(eval:node eval\.mjs\)/);
  assert.doesNotMatch(asked, /predicted/);
});
