import type { ExactCostModel } from '../cost/costModel';
import type { AccuracySource } from '../sources/accuracySource';
import { type Arch, archKey, makeArch } from '../space/arch';
import { Random } from '../util/random';
import { fromGenome, mutate, toGenome } from '../search/genome';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, MAX_DEPTH, STAGE_COUNT } from '../space/searchSpace';

/** One change of one gene: a kernel, an expand ratio or a stage depth set to another allowed value. */
interface GeneChange {
  readonly kind: 'k' | 'e' | 'd';
  readonly index: number;
  readonly value: number;
}

export interface SourceRefineOptions {
  /** Distinct architectures the source may be asked about (the candidates' re-ranking included). */
  readonly queries: number;
  /** Candidates (ranked by R, best first) whose accuracy is asked for before the local search. Default 8. */
  readonly rerank?: number;
  /** Architectures asked about per round, the best by R first. Default 4. */
  readonly beam?: number;
  /** The most accurate architectures asked about whose stage-wise crossovers join the pool. Default 8. */
  readonly elite?: number;
  /**
   * Weight of the standardised cost added to the standardised R when choosing what to ask (default 0.5):
   * within the budget larger networks tend to be more accurate, and R underrates the large ones the
   * random archive rarely holds.
   */
  readonly costPrior?: number;
  readonly signal?: AbortSignal;
  /** Accuracies already measured (e.g. the frontier memory's); asking about them costs no query. */
  readonly measured?: ReadonlyMap<string, number>;
  /**
   * Restarts (default 32; 0 = none): when the climb's current architecture has not improved for this many
   * queries, the climb moves to a mutant of the best (each gene redrawn with probability `restartProb`,
   * default 0.2; the fitting one R rates highest of `RESTART_TRIES`) and climbs from there. The 1-2 gene
   * climb settles in a local optimum within a few rounds; other basins need jumps of several genes.
   */
  readonly patience?: number;
  readonly restartProb?: number;
  /** Seeds the restarts' mutations. */
  readonly seed?: number;
}

export interface SourceRefineResult {
  readonly arch: Arch;
  readonly cost: number;
  /** The source's accuracy of `arch`. */
  readonly accuracy: number;
  /** Distinct architectures the source was asked about. */
  readonly queries: number;
  /** Accepted moves, e.g. `stage 3 layer 2: kernel 3 -> 5; stage 5: depth 4 -> 3`. */
  readonly steps: string[];
}

function changesOf(arch: Arch): GeneChange[] {
  const out: GeneChange[] = [];
  for (let s = 0; s < STAGE_COUNT; s++) {
    for (const d of DEPTH_CHOICES) if (d !== arch.depths[s]) out.push({ kind: 'd', index: s, value: d });
    for (let l = 0; l < arch.depths[s]; l++) {
      const slot = s * MAX_DEPTH + l;
      for (const k of KERNEL_CHOICES) if (k !== arch.kernels[slot]) out.push({ kind: 'k', index: slot, value: k });
      for (const e of EXPAND_CHOICES) if (e !== arch.expands[slot]) out.push({ kind: 'e', index: slot, value: e });
    }
  }
  return out;
}

function apply(arch: Arch, changes: readonly GeneChange[]): Arch {
  const depths = arch.depths.slice();
  const kernels = arch.kernels.slice();
  const expands = arch.expands.slice();
  for (const c of changes) {
    if (c.kind === 'd') {
      // Layers a deeper stage gains copy the stage's last active layer.
      for (let l = depths[c.index]; l < c.value; l++) {
        const slot = c.index * MAX_DEPTH + l;
        kernels[slot] = kernels[slot - 1];
        expands[slot] = expands[slot - 1];
      }
      depths[c.index] = c.value;
    } else if (c.kind === 'k') kernels[c.index] = c.value;
    else expands[c.index] = c.value;
  }
  return makeArch(depths, kernels, expands, { width: arch.width, resolution: arch.resolution });
}

function describe(arch: Arch, c: GeneChange): string {
  if (c.kind === 'd') return `stage ${c.index + 1}: depth ${arch.depths[c.index]} -> ${c.value}`;
  const where = `stage ${Math.floor(c.index / MAX_DEPTH) + 1} layer ${(c.index % MAX_DEPTH) + 1}`;
  return c.kind === 'k' ? `${where}: kernel ${arch.kernels[c.index]} -> ${c.value}` : `${where}: expand ${arch.expands[c.index]} -> ${c.value}`;
}

/** Genes a change touches; two changes on the same gene (or a depth and a slot of its stage) do not pair. */
function overlaps(a: GeneChange, b: GeneChange): boolean {
  const stage = (c: GeneChange): number => (c.kind === 'd' ? c.index : Math.floor(c.index / MAX_DEPTH));
  if (a.kind === 'd' || b.kind === 'd') return stage(a) === stage(b);
  return a.kind === b.kind && a.index === b.index;
}

/**
 * Every architecture one or two gene changes away that fits the budget: single changes, and pairs of one
 * change that adds cost with one that saves it (the trades a pick at the budget's edge needs).
 */
export function neighboursWithin(arch: Arch, budget: number, costModel: Pick<ExactCostModel, 'costOf'>): { arch: Arch; cost: number; move: string }[] {
  const base = costModel.costOf(arch);
  const singles = changesOf(arch).map((c) => {
    const next = apply(arch, [c]);
    return { change: c, arch: next, cost: costModel.costOf(next) };
  });
  const out = new Map<string, { arch: Arch; cost: number; move: string }>();
  for (const s of singles) if (s.cost <= budget) out.set(archKey(s.arch), { arch: s.arch, cost: s.cost, move: describe(arch, s.change) });
  const ups = singles.filter((s) => s.cost > base);
  const downs = singles.filter((s) => s.cost < base);
  for (const up of ups) {
    for (const down of downs) {
      // Costs of different genes add up closely enough to skip pairs that clearly do not fit.
      if (overlaps(up.change, down.change) || up.cost + down.cost - base > budget * 1.02) continue;
      const next = apply(arch, [up.change, down.change]);
      const key = archKey(next);
      if (out.has(key)) continue;
      const cost = costModel.costOf(next);
      if (cost <= budget) out.set(key, { arch: next, cost, move: `${describe(arch, up.change)}; ${describe(arch, down.change)}` });
    }
  }
  return [...out.values()];
}

/**
 * Re-ranks fitting candidates by the accuracy source, then searches around the best with it: each round's
 * pool is the climb's architecture's neighbours within the budget (one or two gene changes) plus stage-wise
 * crossovers of the `elite` most accurate ones asked about; the `beam` of the pool that R (plus a cost prior)
 * rates highest are asked about. When the climb stalls for `patience` queries it restarts from a mutant of
 * the best, several genes away (`restartFrom`). Stops when `queries` are spent or the pool is empty. R
 * decides what to ask; the source decides what is kept; every architecture asked about fits the budget.
 */
export async function refineWithSource(
  candidates: readonly Arch[],
  budget: number,
  costModel: ExactCostModel,
  source: AccuracySource,
  score: (archs: readonly Arch[]) => ArrayLike<number>,
  options: SourceRefineOptions,
): Promise<SourceRefineResult> {
  const known = new Map<string, number>(options.measured ?? []);
  let asked = 0;
  const ask = async (archs: readonly Arch[]): Promise<number[]> => {
    const fresh = archs.filter((a) => !known.has(archKey(a)));
    if (fresh.length > 0) {
      const values = await source.accuracy(fresh, options.signal);
      fresh.forEach((a, i) => known.set(archKey(a), values[i]));
      asked += fresh.length;
    }
    return archs.map((a) => known.get(archKey(a)) as number);
  };
  const limit = Math.max(1, Math.floor(options.queries));
  const beam = Math.max(1, Math.floor(options.beam ?? 4));
  const unique = [...new Map(candidates.map((a) => [archKey(a), a])).values()];
  const first = unique.slice(0, Math.max(1, Math.min(options.rerank ?? 8, limit)));
  const firstAcc = await ask(first);
  const queried = first.map((arch, i) => ({ arch, accuracy: firstAcc[i] }));
  let best = queried.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const steps: string[] = [];
  const elite = Math.max(0, Math.floor(options.elite ?? 8));
  const rng = new Random(options.seed ?? 0);
  const patience = Math.max(0, Math.floor(options.patience ?? 32));
  let current = best;
  let stall = 0;
  while (asked < limit) {
    options.signal?.throwIfAborted();
    // The pool: the climb's current architecture's neighbours (the best one's until a restart), and
    // stage-wise crossovers of the most accurate ones.
    const pool = new Map<string, { arch: Arch; move: string }>();
    for (const n of neighboursWithin(current.arch, budget, costModel)) if (!known.has(archKey(n.arch))) pool.set(archKey(n.arch), n);
    const parents = queried.slice().sort((a, b) => b.accuracy - a.accuracy).slice(0, elite);
    for (let x = 0; x < parents.length; x++) {
      for (let y = x + 1; y < parents.length; y++) {
        for (const child of stageCrossovers(parents[x].arch, parents[y].arch)) {
          const key = archKey(child);
          if (!known.has(key) && !pool.has(key) && costModel.costOf(child) <= budget) pool.set(key, { arch: child, move: `stages crossed from two of the best` });
        }
      }
    }
    const entries = [...pool.values()];
    if (entries.length === 0) break;
    const scores = withCostPrior(score(entries.map((e) => e.arch)), entries.map((e) => costModel.costOf(e.arch)), options.costPrior ?? 0.5);
    const take = entries
      .map((_, i) => i)
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, Math.min(beam, limit - asked))
      .map((i) => entries[i]);
    const accs = await ask(take.map((t) => t.arch));
    stall += take.length;
    take.forEach((t, i) => {
      queried.push({ arch: t.arch, accuracy: accs[i] });
      if (accs[i] > current.accuracy) {
        current = { arch: t.arch, accuracy: accs[i] };
        stall = 0;
      }
      if (accs[i] > best.accuracy) {
        best = { arch: t.arch, accuracy: accs[i] };
        steps.push(t.move);
      }
    });
    if (patience > 0 && stall >= patience && asked < limit) {
      const jump = restartFrom(best.arch, budget, costModel, score, options.costPrior ?? 0.5, options.restartProb ?? 0.2, known, rng);
      if (jump) {
        const [accuracy] = await ask([jump]);
        queried.push({ arch: jump, accuracy });
        current = { arch: jump, accuracy };
        stall = 0;
        if (accuracy > best.accuracy) {
          best = current;
          steps.push('a restart from a mutant of the best');
        }
      }
    }
  }
  return { arch: best.arch, cost: costModel.costOf(best.arch), accuracy: best.accuracy, queries: asked, steps };
}

const RESTART_TRIES = 64;

/** Of `RESTART_TRIES` mutants of `arch`, the unasked one within the budget that R (plus the cost prior) rates highest. */
function restartFrom(
  arch: Arch, budget: number, costModel: ExactCostModel,
  score: (archs: readonly Arch[]) => ArrayLike<number>, costPrior: number,
  prob: number, known: ReadonlyMap<string, number>, rng: Random,
): Arch | undefined {
  const found = new Map<string, Arch>();
  for (let t = 0; t < RESTART_TRIES; t++) {
    const mutant = fromGenome(mutate(toGenome(arch, rng), rng, prob, [arch.resolution], 0));
    const key = archKey(mutant);
    if (!known.has(key) && costModel.costOf(mutant) <= budget) found.set(key, mutant);
  }
  const options = [...found.values()];
  if (options.length === 0) return undefined;
  const scores = withCostPrior(score(options), options.map((a) => costModel.costOf(a)), costPrior);
  return options[scores.reduce((b, x, i) => (x > scores[b] ? i : b), 0)];
}

/** Children taking each stage (depth and its layers) whole from one parent or the other, parents excluded. */
export function stageCrossovers(a: Arch, b: Arch): Arch[] {
  const out: Arch[] = [];
  for (let mask = 1; mask < (1 << STAGE_COUNT) - 1; mask++) {
    const depths = a.depths.slice();
    const kernels = a.kernels.slice();
    const expands = a.expands.slice();
    for (let s = 0; s < STAGE_COUNT; s++) {
      if (!(mask & (1 << s))) continue;
      depths[s] = b.depths[s];
      for (let l = 0; l < MAX_DEPTH; l++) {
        kernels[s * MAX_DEPTH + l] = b.kernels[s * MAX_DEPTH + l];
        expands[s * MAX_DEPTH + l] = b.expands[s * MAX_DEPTH + l];
      }
    }
    out.push(makeArch(depths, kernels, expands, { width: a.width, resolution: a.resolution }));
  }
  return out;
}

function standardised(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2 / n;
  const sd = Math.sqrt(variance) || 1;
  return Float64Array.from({ length: n }, (_, i) => (values[i] - mean) / sd);
}

/** Standardised scores plus `weight` times standardised costs. */
export function withCostPrior(scores: ArrayLike<number>, costs: readonly number[], weight: number): Float64Array {
  const r = standardised(scores);
  if (weight === 0) return r;
  const c = standardised(costs);
  return r.map((x, i) => x + weight * c[i]);
}
