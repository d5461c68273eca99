import type { Archive } from '../archive/archive';
import type { ArchiveEntry, ArchiveRecord } from '../archive/archiveRecord';
import { type CostModel, isExact } from '../cost/costModel';
import { MeasuredLatencyCostModel } from '../cost/measuredLatency';
import { InputError } from '../errors';
import { StoreWriteError } from '../fs/writeError';
import type { AccuracySource } from '../sources/accuracySource';
import { isEvaluationRunner } from '../sources/evaluator/evaluationRunner';
import { type Arch, archKey, randomArch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { DEFAULT_RESOLUTION, DEFAULT_WIDTH, type Width } from '../space/searchSpace';
import { Random } from '../util/random';
import { MEASURED_TOP1, labelMetricOf } from './accuracySources';
import { FailureKeeper, failedIn } from './failedEvaluations';
import { accuracyOrSkip } from '../pnag/accuracyOrSkip';

/** Labelled architectures for the engine, parallel arrays (the engine's `ArchSamples` shape). */
export interface LabelledArchs {
  readonly archs: Arch[];
  /** Top-1 in percent (an estimate when the source is one). */
  readonly accuracies: number[];
  /** In the cost model's unit. */
  readonly costs: number[];
}

export interface TrainingData extends LabelledArchs {
  /** Width and resolution every architecture shares; generated architectures use them too. */
  readonly width: Width;
  readonly resolution: number;
  /** Accuracy queries made now (the rest came from the archive). */
  readonly queried: number;
  readonly reused: number;
  /** Things the user should know: groups left out, architectures without a value, where labels went. */
  readonly notes: string[];
}

export type DataPhase = 'label' | 'cost';

export interface DataProgress {
  readonly phase: DataPhase;
  readonly done: number;
  readonly total: number;
}

export interface TrainingDataOptions {
  readonly source: AccuracySource;
  readonly costModel: CostModel;
  /** Architectures to have labelled in all (default: `defaultArchiveSize`). */
  readonly size?: number;
  /** Where new labels are kept, and earlier ones reused from (the workspace archive). */
  readonly store?: Archive;
  /** Train on the architectures of this archive only: nothing new is sampled. */
  readonly fromArchive?: Archive;
  readonly seed?: number;
  readonly width?: Width;
  readonly resolution?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DataProgress) => void;
  /** Networks the source failed on in earlier runs (archived as `failed`) may be sampled again; by default they are not. */
  readonly forgetFailures?: boolean;
}

/** Default architectures per source (and cost model), chosen so labelling takes minutes on 2 cores. */
export const ARCHIVE_SIZE_DEFAULTS = { cheap: 16_000, proxy: 500, evaluator: 200, measure: 150 } as const;

/** Sources answered in plain JS in well under a millisecond: predictors, cost-only estimates. */
function isCheap(source: AccuracySource): boolean {
  return source.cheap === true;
}

/** 16,000 for predictors answered in JS; fewer where each label runs a network or a user's command. */
export function defaultArchiveSize(source: AccuracySource, costModel: CostModel): number {
  let size: number = isCheap(source)
    ? ARCHIVE_SIZE_DEFAULTS.cheap
    : source.needsTensorFlow === true
      ? ARCHIVE_SIZE_DEFAULTS.proxy
      : ARCHIVE_SIZE_DEFAULTS.evaluator;
  if (!isExact(costModel)) size = Math.min(size, ARCHIVE_SIZE_DEFAULTS.measure);
  return size;
}

/**
 * Frontier-round queries by default: for predictors answered in JS, half the initial sample, at most 8,000
 * (16,000 + 8,000 on the defaults); none for sources that run a network or a command per label, or when
 * costs are not exact.
 */
export const DEFAULT_FRONTIER_QUERIES = 8000;

export function defaultFrontierQueries(source: AccuracySource, costModel: CostModel, sampled: number): number {
  return source.queryable && isCheap(source) && isExact(costModel) ? Math.min(DEFAULT_FRONTIER_QUERIES, Math.round(sampled / 2)) : 0;
}

/**
 * Keeps architectures measured after the first sample (the frontier rounds) in the store, like the sample's labels.
 * An evaluator keeps each answer itself, with its command, the moment it arrives: written again here, every
 * evaluation had a second line (and each batch rewrote the archive).
 */
export function keepMeasured(store: Archive, rows: LabelledArchs, source: AccuracySource): void {
  if (isEvaluationRunner(source)) return;
  const metric = labelMetricOf(source);
  store.addMany(rows.archs.map((a, i) => entry(a, { [metric]: rows.accuracies[i] }, source.name)));
}

/**
 * What the store holds from this source at one width and resolution, under the metric `keepMeasured` writes:
 * what training reuses instead of asking again, and what generation may answer with.
 */
export function measuredIn(store: Archive, source: AccuracySource, shape: { readonly width: number; readonly resolution: number }): MeasuredRecord[] {
  const metric = labelMetricOf(source);
  return store.withMetric(metric)
    .filter((r) => r.arch.width === shape.width && r.arch.resolution === shape.resolution)
    .map((r) => ({ key: r.key, arch: r.arch, accuracy: r.metrics[metric] }));
}

/** One architecture the store holds a source's accuracy for (%). */
export interface MeasuredRecord {
  readonly key: string;
  readonly arch: Arch;
  readonly accuracy: number;
}

/** Queries per batch: small for slow sources, so progress moves and a cancel is seen quickly. */
function chunkSize(source: AccuracySource): number {
  if (source.batchSize !== undefined) return source.batchSize;
  return isCheap(source) ? 1000 : source.needsTensorFlow === true ? 4 : 8;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The labelled architectures to train on. With `fromArchive`, the archive's architectures (the most
 * common width/resolution); otherwise `size` random architectures, reusing labels the store already holds
 * from this source and keeping every new one there as it comes.
 */
export async function prepareTrainingData(options: TrainingDataOptions): Promise<TrainingData> {
  const { source, costModel, signal } = options;
  const metric = labelMetricOf(source);
  const notes: string[] = [];
  let archs: Arch[];
  const known = new Map<string, number>();
  let width: Width = options.width ?? DEFAULT_WIDTH;
  let resolution = options.resolution ?? DEFAULT_RESOLUTION;

  if (!source.queryable && !options.fromArchive) throw new InputError(`${source.name} cannot be queried; give the archive to train on`);
  if (options.fromArchive) {
    const archive = options.fromArchive;
    // A queryable source labels what the archive lacks, but not the networks it failed on before.
    const failedBefore = new Set(source.queryable && !options.forgetFailures ? failedIn(archive, source).map((f) => f.key) : []);
    const usable = source.queryable ? archive.records().filter((r) => !failedBefore.has(r.key)) : archive.withMetric(metric);
    if (usable.length === 0) throw new InputError(`${archive.path ?? 'archive'}: no architectures with "${metric}" to train on`);
    // A width/resolution asked for picks that group; otherwise the most common one.
    const wanted = usable.filter(
      (r) => (options.width === undefined || r.arch.width === options.width) && (options.resolution === undefined || r.arch.resolution === options.resolution),
    );
    if (wanted.length === 0) {
      const asked = [options.width !== undefined ? `width ${options.width.toFixed(1)}` : '', options.resolution !== undefined ? `resolution ${options.resolution}` : ''].filter((t) => t !== '').join(', ');
      throw new InputError(`${archive.path ?? 'archive'}: no architectures with "${metric}" at ${asked}; it holds ${groupsText(usable)}`);
    }
    const group = largestGroup(wanted);
    width = group.width;
    resolution = group.resolution;
    if (group.records.length < usable.length) {
      notes.push(`${archive.path ?? 'archive'}: using the ${group.records.length} architectures at width ${width.toFixed(1)}, resolution ${resolution}; ${usable.length - group.records.length} at other widths/resolutions left out`);
    }
    archs = group.records.map((r) => r.arch);
    for (const r of group.records) if (r.metrics[metric] !== undefined) known.set(r.key, r.metrics[metric]);
  } else {
    const size = options.size ?? defaultArchiveSize(source, costModel);
    if (!Number.isInteger(size) || size < 4) throw new InputError(`--archive-size: ${size} must be a whole number of at least 4`);
    archs = [];
    const seen = new Set<string>();
    for (const r of options.store ? measuredIn(options.store, source, { width, resolution }) : []) {
      if (archs.length >= size) break;
      archs.push(r.arch);
      seen.add(r.key);
      known.set(r.key, r.accuracy);
    }
    // The same seed samples the same networks: the ones the source failed on before are not paid for twice.
    const failedBefore = options.store && !options.forgetFailures ? failedIn(options.store, source, { width, resolution }) : [];
    failedBefore.forEach((f) => seen.add(f.key));
    if (failedBefore.length > 0) notes.push(`${failedBefore.length} networks ${source.name} failed on earlier are not sampled again (--forget-failures, setting pnag.forgetFailures, samples them)`);
    const rng = new Random(options.seed ?? 0);
    while (archs.length < size) {
      const arch = randomArch(rng, { width, resolution });
      const key = archKey(arch);
      if (seen.has(key)) continue;
      seen.add(key);
      archs.push(arch);
    }
  }
  const reused = known.size;

  // Accuracy labels for the architectures without one, a chunk at a time.
  const missing = archs.filter((a) => !known.has(archKey(a)));
  let queried = 0;
  const failures: string[] = [];
  const failureKeeper = options.store ? new FailureKeeper(options.store, source) : undefined;
  const keepLabels = new StoreCounter(options.store, source.isEstimate ? 'estimates' : 'labels');
  if (missing.length > 0 && source.queryable) {
    const chunk = chunkSize(source);
    for (let start = 0; start < missing.length; start += chunk) {
      signal?.throwIfAborted();
      const part = missing.slice(start, start + chunk);
      if (isEvaluationRunner(source)) {
        // One failed evaluation (a network too big for the GPU, say) costs that architecture, not the run; one the
        // cluster lost is left out without being kept as the network's failure (accuracyOrSkip tells them apart).
        const answered = await accuracyOrSkip(source, part, signal);
        answered.archs.forEach((a, i) => known.set(archKey(a), answered.accuracies[i]));
        failures.push(...answered.failures, ...answered.lostReasons);
        // One archive write a chunk: a write rewrites the archive file (addMany).
        if (answered.archs.length > 0) failureKeeper?.answered();
        if (answered.failed.length > 0) failureKeeper?.failed(answered.failed, answered.failures);
      } else {
        const values = await source.accuracy(part, signal);
        part.forEach((a, i) => known.set(archKey(a), values[i]));
        // An evaluator archives each answer itself, the moment it arrives.
        keepLabels.add(part.map((a, i) => entry(a, { [metric]: values[i] }, source.name)));
      }
      queried += part.length;
      options.onProgress?.({ phase: 'label', done: queried, total: missing.length });
      await nextTick();
    }
    if (options.store) notes.push(`${queried - failures.length} new ${source.isEstimate ? 'estimates' : 'labels'} from ${source.name} kept in ${options.store.path ?? 'memory'} as "${metric}"`);
    if (failures.length > 0) notes.push(`${failures.length} evaluations failed and were left out; first: ${failures[0]}`);
  }
  const labelled = archs.filter((a) => known.has(archKey(a)));
  if (labelled.length < archs.length && failures.length === 0) notes.push(`${archs.length - labelled.length} architectures have no "${metric}" and were left out`);
  if (labelled.length < 4) throw new InputError(`training data: only ${labelled.length} architectures have "${metric}"; at least 4 are needed`);

  const costs = await costsOf(labelled, costModel, options);
  // Lines a write had to move out of the archive (to <archive>.rejected) are news to the user.
  notes.push(...(options.store?.writeNotes ?? []));
  return {
    archs: labelled,
    accuracies: labelled.map((a) => known.get(archKey(a)) as number),
    costs,
    width,
    resolution,
    queried,
    reused,
    notes,
  };
}

/** Exact models are computed; a measured latency is read from the store when it has one, else timed and kept. */
async function costsOf(archs: readonly Arch[], model: CostModel, options: TrainingDataOptions): Promise<number[]> {
  if (isExact(model)) return archs.map((a) => model.costOf(a));
  const stored = (a: Arch): number | undefined => options.store?.get(a)?.metrics[model.metric] ?? options.fromArchive?.get(a)?.metrics[model.metric];
  const out = archs.map(stored);
  const keepCosts = new StoreCounter(options.store, `"${model.metric}" values`);
  const todo = archs.map((_, i) => i).filter((i) => out[i] === undefined);
  const chunk = model instanceof MeasuredLatencyCostModel ? 2 : 50;
  for (let start = 0; start < todo.length; start += chunk) {
    options.signal?.throwIfAborted();
    const part = todo.slice(start, start + chunk);
    const values = await model.costs(part.map((i) => archs[i]), options.signal);
    part.forEach((i, j) => (out[i] = values[j]));
    keepCosts.add(part.map((i, j) => entry(archs[i], { [model.metric]: values[j] }, model.name)));
    options.onProgress?.({ phase: 'cost', done: Math.min(start + chunk, todo.length), total: todo.length });
    await nextTick();
  }
  return out as number[];
}

/** Adds batches to the store, counting what it took, so a failed write can say how much of this run is kept. */
class StoreCounter {
  private kept = 0;

  constructor(
    private readonly store: Archive | undefined,
    private readonly what: string,
  ) {}

  add(entries: readonly ArchiveEntry[]): void {
    if (!this.store) return;
    try {
      this.store.addMany(entries);
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
      throw new StoreWriteError(`${this.kept} of ${this.kept + entries.length} new ${this.what} kept; ${error.message}`, error.path, error.code);
    }
    this.kept += entries.length;
  }
}

function entry(arch: Arch, metrics: Record<string, number>, source: string): ArchiveEntry {
  return { arch, metrics, provenance: { source: `pnag train: ${source}` } };
}

/** The most common (width, resolution) among the records: the engine trains at one of each. */
function largestGroup(records: readonly ArchiveRecord[]): { width: Width; resolution: number; records: ArchiveRecord[] } {
  const groups = new Map<string, ArchiveRecord[]>();
  for (const r of records) {
    const key = `${r.arch.width}@${r.arch.resolution}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const best = [...groups.values()].sort((a, b) => b.length - a.length)[0];
  return { width: best[0].arch.width, resolution: best[0].arch.resolution, records: best };
}

/** `w1.2 r224 (300), w1.0 r192 (12)`: the groups an archive holds, largest first. */
function groupsText(records: readonly ArchiveRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = `w${r.arch.width.toFixed(1)} r${r.arch.resolution}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} (${n})`).join(', ');
}

export { MEASURED_TOP1 };
