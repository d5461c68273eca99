import test from 'node:test';
import assert from 'node:assert/strict';
import { coverageDesign } from '../../../src/core/pnag/coverageDesign';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

const cost = new MaddsCostModel('pnag');
const options = { width: 1.2 as const, resolution: 224 };

/** Share of the networks in each of `bins` equal log-cost bins of [low, high]. */
function histogram(costs: number[], low: number, high: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const c of costs) out[Math.min(bins - 1, Math.floor(((Math.log(c) - Math.log(low)) / (Math.log(high) - Math.log(low))) * bins))] += 1 / costs.length;
  return out;
}

test('the design has the asked number of distinct networks, all within the cost range', () => {
  const archs = coverageDesign(cost, 250, 700, 120, new Random(1), options);
  assert.equal(archs.length, 120);
  assert.equal(new Set(archs.map(archKey)).size, 120);
  for (const a of archs) {
    const c = cost.costOf(a);
    assert.ok(c >= 250 && c <= 700, `${c} outside 250..700`);
    assert.equal(a.width, 1.2);
  }
});

test('the design covers both ends of the range, where uniform random genes rarely go', () => {
  const low = 200;
  const high = 800;
  const design = coverageDesign(cost, low, high, 200, new Random(2), options).map((a) => cost.costOf(a));
  const rng = new Random(2);
  const uniform: number[] = [];
  while (uniform.length < 200) {
    const c = cost.costOf(randomArch(rng, options));
    if (c >= low && c <= high) uniform.push(c);
  }
  const d = histogram(design, low, high, 5);
  const u = histogram(uniform, low, high, 5);
  // Every fifth of the log-cost range holds at least 12 % of the design; uniform genes leave an end nearly empty.
  for (const share of d) assert.ok(share >= 0.12, `design histogram ${d.map((x) => x.toFixed(2))}`);
  assert.ok(Math.min(u[0], u[4]) < 0.08, `uniform histogram ${u.map((x) => x.toFixed(2))}`);
});

test('networks already measured are not drawn again', () => {
  const first = coverageDesign(cost, 250, 700, 50, new Random(3), options);
  const again = coverageDesign(cost, 250, 700, 50, new Random(3), { ...options, exclude: new Set(first.map(archKey)) });
  const seen = new Set(first.map(archKey));
  for (const a of again) assert.ok(!seen.has(archKey(a)));
});
