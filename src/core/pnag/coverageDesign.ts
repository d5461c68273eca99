import type { ExactCostModel } from '../cost/costModel';
import { type Arch, archKey, makeArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, STAGE_COUNT, type Width } from '../space/searchSpace';
import type { Random } from '../util/random';

/** Candidates drawn per network wanted: costs are exact and cheap, so the design can pick from many. */
const CANDIDATES_PER_PICK = 40;

/**
 * A choice index drawn with a tilt: `size` in [0, 1] moves the odds from the smallest choice (0) through
 * uniform (0.5) to the largest (1). Uniform genes give networks whose costs pile up in the middle of the
 * range (a sum of many independent genes); tilting every gene of one network by the same `size` reaches
 * the small and the large ends too.
 */
function tiltedChoice<T>(choices: readonly T[], size: number, rng: Random): T {
  const slope = 4 * (size - 0.5);
  const weights = choices.map((_, i) => Math.exp(slope * (i - (choices.length - 1) / 2)));
  let u = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < choices.length; i++) {
    u -= weights[i];
    if (u <= 0) return choices[i];
  }
  return choices[choices.length - 1];
}

function tiltedArch(rng: Random, width: Width, resolution: number): Arch {
  const size = rng.next();
  return makeArch(
    Array.from({ length: STAGE_COUNT }, () => tiltedChoice(DEPTH_CHOICES, size, rng)),
    Array.from({ length: LAYER_SLOTS }, () => tiltedChoice(KERNEL_CHOICES, size, rng)),
    Array.from({ length: LAYER_SLOTS }, () => tiltedChoice(EXPAND_CHOICES, size, rng)),
    { width, resolution },
  );
}

/**
 * An initial design of `count` distinct networks that covers the cost range [low, high] evenly in
 * log-cost (accuracy grows about linearly in log-cost): many tilted random candidates are drawn, sorted
 * into `count` equal log-cost strata, and one is taken from each stratum; strata left empty are filled from
 * the fullest ones. Networks in `exclude` (already measured) are not drawn again.
 */
export function coverageDesign(
  costModel: ExactCostModel,
  low: number,
  high: number,
  count: number,
  rng: Random,
  options: { width: Width; resolution: number; exclude?: ReadonlySet<string> },
): Arch[] {
  if (count <= 0) return [];
  const lo = Math.log(low);
  const span = Math.log(high) - lo;
  const strata: Arch[][] = Array.from({ length: count }, () => []);
  const seen = new Set<string>(options.exclude ?? []);
  const draws = count * CANDIDATES_PER_PICK;
  for (let t = 0; t < draws; t++) {
    const arch = tiltedArch(rng, options.width, options.resolution);
    const key = archKey(arch);
    if (seen.has(key)) continue;
    const cost = costModel.costOf(arch);
    if (!(cost >= low && cost <= high)) continue;
    seen.add(key);
    strata[Math.min(count - 1, Math.floor(((Math.log(cost) - lo) / span) * count))].push(arch);
  }
  const picked: Arch[] = [];
  const leftovers: Arch[] = [];
  for (const stratum of strata) {
    if (stratum.length === 0) continue;
    const i = rng.int(stratum.length);
    picked.push(stratum[i]);
    leftovers.push(...stratum.slice(0, i), ...stratum.slice(i + 1));
  }
  // Strata the candidates did not reach (a range edge no network sits at) are made up from the others.
  for (const arch of rng.shuffled(leftovers)) {
    if (picked.length >= count) break;
    picked.push(arch);
  }
  return picked;
}
