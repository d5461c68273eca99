import test from 'node:test';
import assert from 'node:assert/strict';
import { crossover, fromGenome, mutate, randomGenome, toGenome } from '../../../src/core/search/genome';
import { Random } from '../../../src/core/util/random';
import { randomArch } from '../../../src/core/space/arch';

test('a genome fills the hidden slots and converts back to the same architecture', () => {
  const rng = new Random(1);
  const arch = randomArch(rng, { width: 1.0, resolution: 192 });
  const g = toGenome(arch, rng);
  assert.ok(g.kernels.every((k) => [3, 5, 7].includes(k)));
  assert.ok(g.expands.every((e) => [3, 4, 6].includes(e)));
  assert.deepEqual(fromGenome(g), arch);
});

test('mutation with probability 0 changes nothing; with probability 1 it redraws every gene from the choices', () => {
  const rng = new Random(2);
  const g = randomGenome(rng, 1.2, [224]);
  assert.deepEqual(mutate(g, rng, 0, [224], 0), g);
  let changed = 0;
  for (let i = 0; i < 20; i++) {
    const m = mutate(g, rng, 1, [160, 224], 1);
    fromGenome(m); // valid
    changed += m.kernels.filter((k, j) => k !== g.kernels[j]).length;
    assert.ok([160, 224].includes(m.resolution));
  }
  assert.ok(changed > 200, 'about two thirds of 400 redrawn kernels differ');
});

test('crossover takes every gene from one parent or the other, and some from each', () => {
  const rng = new Random(3);
  const a = randomGenome(rng, 1.2, [224]);
  const b = randomGenome(rng, 1.2, [224]);
  const c = crossover(a, b, rng);
  c.kernels.forEach((k, i) => assert.ok(k === a.kernels[i] || k === b.kernels[i]));
  c.depths.forEach((d, i) => assert.ok(d === a.depths[i] || d === b.depths[i]));
  const fromA = c.expands.filter((e, i) => e === a.expands[i] && e !== b.expands[i]).length;
  const fromB = c.expands.filter((e, i) => e === b.expands[i] && e !== a.expands[i]).length;
  assert.ok(fromA > 0 && fromB > 0);
});
