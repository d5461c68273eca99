// The PNAG training settings the pnag* benchmarks use (options of trainPnag beyond budgets/seed/sources).
// PNAG_BENCH_SETTINGS (JSON of the same shape) overrides them, for trying settings without editing this file.
import type { TrainPnagOptions } from '../src/core/pnag/trainPipeline';
import type { FrontierRoundsSettings } from '../src/core/pnag/frontierRounds';

type BenchTraining = Pick<TrainPnagOptions, 'evaluator' | 'generator'>;

const DEFAULT_BENCH_TRAINING: BenchTraining = {};

function fromEnvironment(): BenchTraining {
  const text = process.env.PNAG_BENCH_SETTINGS;
  return text ? (JSON.parse(text) as BenchTraining) : DEFAULT_BENCH_TRAINING;
}

export const PNAG_BENCH_TRAINING: BenchTraining = fromEnvironment();

/** Frontier rounds' settings for pnagVsBaselines (the bench adds the source and `--frontier-queries`); JSON in PNAG_BENCH_FRONTIER. */
export const PNAG_BENCH_FRONTIER: Partial<FrontierRoundsSettings> = process.env.PNAG_BENCH_FRONTIER
  ? (JSON.parse(process.env.PNAG_BENCH_FRONTIER) as Partial<FrontierRoundsSettings>) : {};
