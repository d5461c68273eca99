import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maddsM } from '../../../src/core/cost/madds';
import { InputError } from '../../../src/core/errors';
import { archKey } from '../../../src/core/space/arch';
import { toNetworkConfig } from '../../../src/core/space/networkConfig';
import { toOfaDict } from '../../../src/core/space/ofaDict';
import { parseArchText } from '../../../src/core/space/parseArch';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { LiteralSyntaxError, MAX_LITERAL_DEPTH, parseLiteral } from '../../../src/core/space/pythonLiteral';

interface Printed {
  width: number;
  resolution: number;
  sample_active_subnet_printed: string;
  subnet_config_printed: string;
  count_net_flops_M: number;
}
// What OFA's own code printed (see made_by in the file): no torch needed here.
const PRINTED = (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ofa-printed.json'), 'utf8')) as { cases: Printed[] }).cases;
const PNAG = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';
const ARCH = parsePnagString(PNAG);

test('reads what OFA prints: sample_active_subnet() and subnet.config as Python, with OFA\'s own MAdds', () => {
  for (const c of PRINTED) {
    const defaults = { width: c.width, resolution: c.resolution };
    const fromDict = parseArchText(c.sample_active_subnet_printed, {}, defaults);
    const fromConfig = parseArchText(c.subnet_config_printed, {}, defaults);
    assert.equal(archKey(fromConfig), archKey(fromDict));
    assert.equal(fromConfig.width, c.width, 'width read from the config\'s channels');
    assert.ok(Math.abs(maddsM(fromDict, 'ofa') - c.count_net_flops_M) < 1e-3, `${maddsM(fromDict, 'ofa')} vs ${c.count_net_flops_M}`);
  }
});

test('the network config PNAG writes equals OFA\'s subnet.config field for field (resolution is the one extra key)', () => {
  for (const c of PRINTED) {
    const arch = parseArchText(c.sample_active_subnet_printed, {}, { width: c.width, resolution: c.resolution });
    const { resolution, ...ours } = toNetworkConfig(arch);
    assert.equal(resolution, c.resolution);
    // Through JSON, as a user's file holds it: OFA's null mid_channels and ws_eps must survive.
    assert.deepEqual(JSON.parse(JSON.stringify(ours)), parseLiteral(c.subnet_config_printed));
  }
  const config = toNetworkConfig(ARCH);
  assert.equal(config.blocks[0].conv.mid_channels, null);
  assert.equal(config.bn.ws_eps, null);
});

test('Python literals: single quotes, True/False/None, trailing commas, tuples, comments', () => {
  assert.deepEqual(parseLiteral("{'a': (1, 2,), \"b\": [True, False, None], 'c': -1.5e-3, # note\n 'd': 'x\\'y',}"), {
    a: [1, 2],
    b: [true, false, null],
    c: -0.0015,
    d: "x'y",
  });
  const dict = toOfaDict(ARCH);
  const python = `{\n  'ks': [${dict.ks.join(', ')},],\n  'e': [${dict.e.join(', ')}],  # expand ratios\n  'd': (${dict.d.join(', ')}),\n  'r': [192],\n  'w': 1.2,\n}`;
  const arch = parseArchText(python);
  assert.equal(archKey(arch), archKey({ ...ARCH, resolution: 192 }));
  assert.equal(parseArchText(`{'ks': ${JSON.stringify(dict.ks)}, 'e': ${JSON.stringify(dict.e)}, 'd': ${JSON.stringify(dict.d)}, 'image_size': 160}`).resolution, 160);
});

test('set_active_subnet calls: keywords, positional (ks, e, d) as sample_active_subnet makes them, and one number for all', () => {
  const d = toOfaDict(ARCH);
  const list = (v: number[]) => `[${v.join(', ')}]`;
  for (const call of [
    `ofa_network.set_active_subnet(ks=${list(d.ks)}, e=${list(d.e)}, d=${list(d.d)})`,
    `self.net.set_active_subnet(\n    ${list(d.ks)},\n    ${list(d.e)},\n    ${list(d.d)},\n)`,
    `set_active_subnet(d=${list(d.d)}, ks=${list(d.ks)}, e=${list(d.e)})  # trailing comment`,
  ]) {
    assert.equal(archKey(parseArchText(call)), archKey(ARCH), call);
  }
  const max = parseArchText('ofa_network.set_active_subnet(ks=7, e=6, d=4)');
  assert.deepEqual([max.depths, max.kernels[19], max.expands[0]], [[4, 4, 4, 4, 4], 7, 6]);
  assert.throws(() => parseArchText('net.set_active_subnet(ks=7, e=6, d=4, w=2)'), /set_active_subnet: unknown argument w/);
  assert.throws(() => parseArchText('net.set_active_subnet(ks=7, e=6, d=5)'), /stage 1: depth 5 is not one of 2, 3, 4/);
});

test('YAML: flow lists or block lists', () => {
  const d = toOfaDict(ARCH);
  const block = ['ks:', ...d.ks.map((k) => `  - ${k}`), `e: [${d.e.join(', ')}]`, 'd:', ...d.d.map((x) => `- ${x}`), 'r: 176  # input size', 'w: 1.0'].join('\n');
  const arch = parseArchText(block);
  assert.equal(archKey(arch), archKey({ ...ARCH, resolution: 176, width: 1.0 }));
});

test('text that is no literal is a LiteralSyntaxError (an InputError) naming where; nothing is evaluated', () => {
  const cases: [string, RegExp][] = [
    ["{'ks': [3]*20}", /not valid JSON or a Python literal: expected ',' or '\}' at character 11 \(near "\*20\}"\)/],
    ["{'ks': __import__('os')}", /expected a literal value at character 8/],
    ["{'ks': [3, 5}", /expected ',' or '\]'/],
    ["{'ks': 'open}", /unterminated string/],
    ['net.set_active_subnet(ks=[3] * 20)', /set_active_subnet: expected ',' or '\)'/],
    ['print(1)', /expected a PNAG string .* set_active_subnet/],
    [`[${'('.repeat(MAX_LITERAL_DEPTH + 5)}${')'.repeat(MAX_LITERAL_DEPTH + 5)}]`, /nested deeper than 64 levels/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => parseArchText(text),
      (error: unknown) => error instanceof LiteralSyntaxError && error instanceof InputError && pattern.test(error.message),
      text,
    );
  }
});
