import { type CostModel, type ExactCostModel, isExact } from '../cost/costModel';
import type { AccuracySource } from '../sources/accuracySource';
import { withAccuracy } from '../sources/withAccuracy';
import { type Arch, type ArchOptions, withOptions } from '../space/arch';

// The generator spells architectures without a width or resolution (w1.2, r224 by default); a training on other
// data asks its cost model and source about them at the data's width and resolution.

/** Costs of the generator's architectures (w1.2, r224) at the width and resolution the data had. */
export function atWidthResolution(model: CostModel, options: ArchOptions): CostModel {
  const move = (a: Arch) => withOptions(a, options);
  if (isExact(model)) {
    const exact: ExactCostModel = {
      name: model.name,
      unit: model.unit,
      metric: model.metric,
      exact: true,
      costOf: (a) => model.costOf(move(a)),
      costs: async (archs) => archs.map((a) => model.costOf(move(a))),
    };
    return exact;
  }
  return { name: model.name, unit: model.unit, metric: model.metric, exact: model.exact, costs: (archs, signal) => model.costs(archs.map(move), signal) };
}

/** The source asked about the generator's architectures (w1.2, r224) at the width and resolution the data had. */
export function sourceAtWidthResolution(source: AccuracySource, options: ArchOptions): AccuracySource {
  return withAccuracy(source, (archs, signal) => source.accuracy(archs.map((a) => withOptions(a, options)), signal));
}
