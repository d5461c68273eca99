import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInsertion } from '../../../../src/core/format/architectureInsertion';
import { archKey } from '../../../../src/core/space/arch';
import { parsePnagString } from '../../../../src/core/space/pnagString';
import { findArchitectures } from '../../../../src/extension/editor/findArchitectures';

const PNAG = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';
const ARCH = parsePnagString(PNAG);
const FACTS = { maddsM: 1, costModel: 'madds:pnag', accuracySource: 'x' };

test('finds what the insertion formatters write, in every language the lens covers', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['python', 'python', {}],
    ['python', 'python', { python: 'dict' }],
    ['json', 'json', {}],
    ['json', 'json', { json: 'dict' }],
    ['yaml', 'yaml', {}],
  ];
  for (const [language, label, options] of cases) {
    const { text } = formatInsertion(language, ARCH, FACTS, options);
    // JSON must stay a valid document for the network config to be read.
    const found = findArchitectures(language === 'json' ? text : `prefix\n${text}\n`, language);
    assert.equal(found.length, 1, `${label} ${JSON.stringify(options)}: ${JSON.stringify(found)}`);
    assert.equal(found[0].error, undefined);
    assert.equal(archKey(found[0].arch!), archKey(ARCH), `${label} ${JSON.stringify(options)}`);
  }
});

test('a PNAG string in quotes is found with its offsets', () => {
  const text = `arch = "${PNAG}"\n`;
  const [found] = findArchitectures(text, 'python');
  assert.equal(found.kind, 'pnagString');
  assert.equal(text.slice(found.start, found.end), PNAG);
});

test('a value outside the search space gives the parser message, placed on the architecture', () => {
  const text = 'net.set_active_subnet(ks=[9, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], e=[3]*20, d=[2, 2, 2, 2, 2])';
  // `e=[3]*20` is code, not a literal: nothing to judge.
  assert.deepEqual(findArchitectures(text, 'python'), []);
  const literal = text.replace('[3]*20', `[${Array(20).fill(3).join(', ')}]`);
  const [found] = findArchitectures(literal, 'python');
  assert.equal(found.arch, undefined);
  assert.equal(found.error, 'stage 1, layer 1: kernel size 9 is not one of 3, 5, 7');
  assert.equal(found.start, literal.indexOf('ks='));
  const pnag = findArchitectures(`"${PNAG.replace(/^2/, '5')}"`, 'yaml')[0];
  assert.equal(pnag.error, 'stage 1: depth 5 is not one of 2, 3, 4');
});

test('two dicts in one file stay two; r and w are read', () => {
  const one = `{"ks": [${Array(20).fill(3)}], "e": [${Array(20).fill(4)}], "d": [2,2,2,2,2], "r": 160, "w": 1.0}`;
  const two = `{"ks": [${Array(20).fill(5)}], "e": [${Array(20).fill(6)}], "d": [4,4,4,4,4]}`;
  const found = findArchitectures(`[${one},\n${two}]`, 'json');
  assert.equal(found.length, 2);
  assert.equal(found[0].arch?.resolution, 160);
  assert.equal(found[0].arch?.width, 1.0);
  assert.deepEqual(found[1].arch?.depths, [4, 4, 4, 4, 4]);
});

test('times, versions and ordinary lists are not architectures', () => {
  assert.deepEqual(findArchitectures('at 12:30:45, version 1.2.3, ks = [a, b]', 'python'), []);
});

test('the editor reads what OFA prints and the tutorial dict, through the same parser as --arch', () => {
  const printed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'space', 'fixtures', 'ofa-printed.json'), 'utf8')) as {
    cases: { width: number; sample_active_subnet_printed: string; subnet_config_printed: string }[];
  };
  const c = printed.cases[0];
  const text = `subnet_setting = ${c.sample_active_subnet_printed}\nconfig = ${c.subnet_config_printed}\n`;
  const found = findArchitectures(text, 'python', { width: c.width });
  assert.deepEqual(found.map((f) => f.kind), ['ofaDict', 'networkConfig']);
  assert.equal(archKey(found[0].arch!), archKey(found[1].arch!));
  assert.equal(found[1].start, text.indexOf("'first_conv'"));
  const tutorial = formatInsertion('python', ARCH, FACTS, { python: 'ofaTutorialDict' }).text;
  assert.match(tutorial, /'r': \[224\]/);
  assert.equal(archKey(findArchitectures(tutorial, 'python')[0].arch!), archKey(ARCH));
});

test('calls and mappings built from variables are code, not architectures: nothing is reported', () => {
  const code = 'net.set_active_subnet(ks=ks, e=e, d=d)\nsetting = {"ks": ks_list, "e": [3] * 20, "d": depth}\nks = [k for k in range(20)]\n';
  assert.deepEqual(findArchitectures(code, 'python'), []);
});

test('a YAML mapping nested under another key is read from its own lines only', () => {
  const d = ARCH.depths.join(', ');
  const yaml = `name: net\narch:\n  ks: [${Array(20).fill(3).join(', ')}]\n  e: [${Array(20).fill(4).join(', ')}]\n  d: [${d}]\n  r: 160\nother: 1\n`;
  const [found] = findArchitectures(yaml, 'yaml');
  assert.equal(found.arch?.resolution, 160);
  assert.deepEqual(found.arch?.depths, ARCH.depths);
});
