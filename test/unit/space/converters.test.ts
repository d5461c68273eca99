import test from 'node:test';
import assert from 'node:assert/strict';
import { archKey, makeArch, randomArch, spaceSize } from '../../../src/core/space/arch';
import { OFA_FEATURE_LENGTH, PNAG_FEATURE_LENGTH, ofaPredictorFeatures, pnagFeatures } from '../../../src/core/space/features';
import { fromNetworkConfig, toNetworkConfig } from '../../../src/core/space/networkConfig';
import { fromOfaDict, toCompactOfaDict, toOfaDict } from '../../../src/core/space/ofaDict';
import { parseArchText } from '../../../src/core/space/parseArch';
import { parsePnagString, toPnagString } from '../../../src/core/space/pnagString';
import { channelPlan, makeDivisible } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';
import { readNasdataCsv } from '../nasdata';

const PNAG_80_MOBILE = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

test('stage widths follow make_divisible for w1.0 and w1.2 (nasdata README)', () => {
  assert.deepEqual(channelPlan(1.0), { firstConv: 16, stages: [24, 40, 80, 112, 160], finalExpand: 960, featureMix: 1280 });
  assert.deepEqual(channelPlan(1.2), { firstConv: 24, stages: [32, 48, 96, 136, 192], finalExpand: 1152, featureMix: 1536 });
  assert.equal(makeDivisible(19.2), 24);
});

test('PNAG string, OFA dict and network config round-trip through the canonical architecture', () => {
  const rng = new Random(7);
  for (let i = 0; i < 200; i++) {
    const arch = randomArch(rng, { width: i % 2 ? 1.0 : 1.2, resolution: 128 + 4 * (i % 25) });
    const key = archKey(arch);
    assert.equal(archKey(parsePnagString(toPnagString(arch), arch)), key);
    assert.equal(archKey(fromOfaDict(toOfaDict(arch))), key);
    assert.equal(archKey(fromOfaDict(toCompactOfaDict(arch))), key);
    assert.equal(archKey(fromNetworkConfig(JSON.parse(JSON.stringify(toNetworkConfig(arch))))), key);
  }
});

test('slots past a stage depth are ignored and canonicalised to 0', () => {
  const a = makeArch([2, 2, 2, 2, 2], Array(20).fill(5), Array(20).fill(4));
  assert.deepEqual(a.kernels.slice(0, 4), [5, 5, 0, 0]);
  const b = makeArch([2, 2, 2, 2, 2], Array(20).fill(5).map((k, i) => (i % 4 >= 2 ? 7 : k)), Array(20).fill(4));
  assert.equal(archKey(a), archKey(b));
  // OFA's set_active_subnet reads every slot, so the exported dict repeats the last active layer.
  assert.deepEqual(toOfaDict(a).ks.slice(0, 4), [5, 5, 5, 5]);
});

test('parsers name the field, the stage or layer and the allowed values', () => {
  assert.throws(() => parsePnagString(PNAG_80_MOBILE.replace(/^2/, '5')), /stage 1: depth 5 is not one of 2, 3, 4/);
  assert.throws(() => parsePnagString('2,3,3,3:' + PNAG_80_MOBILE.split(':').slice(1).join(':')), /expected 5 depths, got 4/);
  assert.throws(() => parsePnagString(PNAG_80_MOBILE.replace(':3,3,0,0,3,5', ':9,3,0,0,3,5')), /stage 1, layer 1: kernel size 9 is not one of 3, 5, 7/);
  assert.throws(() => parsePnagString('a:b'), /three ':'-separated parts/);
  assert.throws(() => parseArchText('{"ks": [3], "e": [3], "d": [2,2,2,2,2]}'), /ks: expected 20 kernel sizes/);
  assert.throws(() => parseArchText('{"ks": 3}'), /ks: expected a list/);
  assert.throws(() => parseArchText('{nope'), /not valid JSON/);
  assert.throws(() => parseArchText('hello'), /expected a PNAG string/);
  assert.throws(() => parsePnagString(PNAG_80_MOBILE, { resolution: 225 }), /resolution: 225 is not one of 128, 132, \.\.\., 224/);
  assert.throws(() => parsePnagString(PNAG_80_MOBILE, { width: 1.1 }), /width: 1.1 is not one of 1, 1.2/);
  const e = PNAG_80_MOBILE.split(':');
  e[2] = e[2].replace(/^3/, '5');
  assert.throws(() => parsePnagString(e.join(':')), /stage 1, layer 1: expand ratio 5 is not one of 3, 4, 6/);
});

test('parseArchText reads all three notations, with explicit options overriding', () => {
  const fromString = parseArchText(PNAG_80_MOBILE);
  assert.equal(fromString.width, 1.2);
  assert.equal(fromString.resolution, 224);
  const dict = JSON.stringify({ ...toOfaDict(fromString), r: [192], w: 1.0 });
  const fromDict = parseArchText(dict);
  assert.equal(fromDict.resolution, 192);
  assert.equal(fromDict.width, 1.0);
  assert.equal(parseArchText(dict, { resolution: 160 }).resolution, 160);
  const config = JSON.stringify(toNetworkConfig(fromString));
  assert.equal(archKey(parseArchText(config)), archKey(fromString));
});

test('the network config lists every block with OFA fields, shortcuts only where shapes match', () => {
  const config = toNetworkConfig(parsePnagString(PNAG_80_MOBILE));
  assert.equal(config.blocks.length, 1 + 2 + 3 + 3 + 3 + 3);
  assert.equal(config.first_conv.out_channels, 24);
  assert.equal(config.blocks[0].conv.expand_ratio, 1);
  assert.notEqual(config.blocks[0].shortcut, null);
  const firstOfStage2 = config.blocks[3].conv;
  assert.deepEqual(
    [firstOfStage2.in_channels, firstOfStage2.out_channels, firstOfStage2.stride, firstOfStage2.use_se, firstOfStage2.act_func],
    [32, 48, 2, true, 'relu'],
  );
  assert.equal(config.blocks[3].shortcut, null);
  assert.notEqual(config.blocks[4].shortcut, null);
  assert.equal(config.blocks[1].conv.mid_channels, 72); // make_divisible(round(24 * 3), 8)
  assert.equal(config.final_expand_layer.out_channels, 1152);
  assert.equal(config.feature_mix_layer.use_bn, false);
  assert.equal(config.classifier.in_features, 1536);
});

test('one-hot features: 120 for PNAG, 128 with resolution for the OFA predictor', () => {
  const arch = parsePnagString(PNAG_80_MOBILE);
  const f = pnagFeatures(arch);
  assert.equal(f.length, PNAG_FEATURE_LENGTH);
  assert.equal(PNAG_FEATURE_LENGTH, 120);
  // 14 active layers: one kernel bit and one ratio bit each.
  assert.equal(f.reduce((a, b) => a + b, 0), 28);
  assert.equal(f[0], 1); // slot 0 kernel 3
  assert.equal(f[60], 1); // slot 0 ratio 3
  const g = ofaPredictorFeatures(arch);
  assert.equal(g.length, OFA_FEATURE_LENGTH);
  assert.equal(g[120 + (224 - 112) / 16], 1);
  assert.equal(ofaPredictorFeatures({ ...arch, resolution: 160 })[120 + 3], 1);
});

test('the OFA specialised nets of nasdata parse and count to their derived MAdds', () => {
  const table = readNasdataCsv('ofa_specialized_nets.csv');
  let counted = 0;
  for (const row of table.rows) {
    const v = row.values;
    if (Number(v.resolution) > 224) {
      // A few were trained past the elastic range; they are outside the space and refused clearly.
      assert.throws(() => parsePnagString(v.pnag_string, { resolution: Number(v.resolution) }), /resolution: \d+ is not one of/);
      continue;
    }
    counted++;
    const arch = parsePnagString(v.pnag_string, { width: Number(v.width), resolution: Number(v.resolution) });
    assert.ok(Math.abs(archMadds(arch) - Number(v.madds_ofa_incl_classifier_M)) < 0.01, v.name);
  }
  assert.ok(counted >= 28, `${counted}`);
});

test('the space holds about 2e19 networks per width and resolution', () => {
  assert.equal(spaceSize(), (81 + 729 + 6561) ** 5);
});

import { maddsM } from '../../../src/core/cost/madds';
function archMadds(arch: ReturnType<typeof parsePnagString>): number {
  return maddsM(arch, 'ofa');
}
