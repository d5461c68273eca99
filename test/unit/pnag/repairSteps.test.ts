import test from 'node:test';
import assert from 'node:assert/strict';
import { stepsDown, stepsUp } from '../../../src/core/pnag/repair';
import { type Arch, makeArch, randomArch } from '../../../src/core/space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, MAX_DEPTH, STAGE_COUNT } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';

const last = <T>(v: readonly T[]): T => v[v.length - 1];

function sourceArchs(): Arch[] {
  const rng = new Random(21);
  const fill = (n: number, v: number): number[] => new Array<number>(n).fill(v);
  return [
    makeArch(fill(5, DEPTH_CHOICES[0]), fill(20, KERNEL_CHOICES[0]), fill(20, EXPAND_CHOICES[0])),
    makeArch(fill(5, last(DEPTH_CHOICES)), fill(20, last(KERNEL_CHOICES)), fill(20, last(EXPAND_CHOICES)), { width: 1.2, resolution: 192 }),
    ...Array.from({ length: 60 }, (_, i) => randomArch(rng, { width: i % 2 ? 1.2 : 1.0, resolution: 128 + 16 * (i % 7) })),
  ];
}

/** What each step says it changed, checked against the two architectures. */
function checkStep(from: Arch, to: Arch, description: string, direction: -1 | 1): void {
  const layer = /^stage (\d) layer (\d): (kernel|expand) (\d) -> (\d)$/.exec(description);
  const depth = /^stage (\d): depth (\d) -> (\d)$/.exec(description);
  assert.ok(layer || depth, description);
  const expected = { depths: from.depths.slice(), kernels: from.kernels.slice(), expands: from.expands.slice() };
  if (layer) {
    const slot = (Number(layer[1]) - 1) * MAX_DEPTH + Number(layer[2]) - 1;
    const choices: readonly number[] = layer[3] === 'kernel' ? KERNEL_CHOICES : EXPAND_CHOICES;
    const values = layer[3] === 'kernel' ? expected.kernels : expected.expands;
    assert.equal(values[slot], Number(layer[4]));
    assert.equal(choices.indexOf(Number(layer[5])), choices.indexOf(Number(layer[4])) + direction, description);
    values[slot] = Number(layer[5]);
  } else if (depth) {
    const s = Number(depth[1]) - 1;
    assert.equal(expected.depths[s], Number(depth[2]));
    const lastSlot = s * MAX_DEPTH + expected.depths[s] - 1;
    if (direction > 0) {
      expected.kernels[lastSlot + 1] = expected.kernels[lastSlot];
      expected.expands[lastSlot + 1] = expected.expands[lastSlot];
    }
    expected.depths[s] = Number(depth[3]);
  }
  // makeArch checks every value and zeroes unused slots: the canonical form of what the step describes.
  const canonical = makeArch(expected.depths, expected.kernels, expected.expands, { width: from.width, resolution: from.resolution });
  assert.deepEqual(to, canonical, description);
}

function expectedCount(arch: Arch, direction: -1 | 1): number {
  const edge = (choices: readonly number[]): number => (direction > 0 ? last(choices) : choices[0]);
  let n = 0;
  for (let s = 0; s < STAGE_COUNT; s++) {
    if (arch.depths[s] !== edge(DEPTH_CHOICES)) n++;
    for (let l = 0; l < arch.depths[s]; l++) {
      if (arch.kernels[s * MAX_DEPTH + l] !== edge(KERNEL_CHOICES)) n++;
      if (arch.expands[s * MAX_DEPTH + l] !== edge(EXPAND_CHOICES)) n++;
    }
  }
  return n;
}

test('every step up or down is one described move, canonical, at the same width and resolution', () => {
  for (const arch of sourceArchs()) {
    for (const [direction, steps] of [
      [1, stepsUp(arch)],
      [-1, stepsDown(arch)],
    ] as const) {
      assert.equal(steps.length, expectedCount(arch, direction));
      for (const step of steps) checkStep(arch, step.arch, step.description, direction);
    }
  }
});

test('steps leave the source architecture untouched', () => {
  for (const arch of sourceArchs()) {
    const before = JSON.stringify(arch);
    stepsUp(arch);
    stepsDown(arch);
    assert.equal(JSON.stringify(arch), before);
  }
});
