import { type Arch, archKey } from '../space/arch';
import type { Random } from '../util/random';
import { type LayerCode, layerCodeOf } from './pairResidualModel';
import type { ArchSamples } from './samples';

/** Growing training data: the initial archive plus every architecture the rounds measured. */
export class MeasuredSet {
  readonly archs: Arch[];
  readonly accuracies: number[];
  readonly costs: number[];
  readonly keys = new Set<string>();
  readonly added: number[] = [];
  private readonly codes: LayerCode[] = [];

  constructor(data: ArchSamples) {
    this.archs = data.archs.slice();
    this.accuracies = data.accuracies.slice();
    this.costs = data.costs.slice();
    for (const a of this.archs) this.keys.add(archKey(a));
  }

  add(archs: readonly Arch[], accuracies: readonly number[], costs: readonly number[]): void {
    archs.forEach((a, i) => {
      this.added.push(this.archs.length);
      this.archs.push(a);
      this.accuracies.push(accuracies[i]);
      this.costs.push(costs[i]);
      this.keys.add(archKey(a));
    });
  }

  /** Indices of the `count` most accurate measured architectures within the budget. */
  bestWithin(budget: number, count: number): number[] {
    const top: number[] = [];
    for (let i = 0; i < this.archs.length; i++) {
      if (this.costs[i] > budget) continue;
      if (top.length < count || this.accuracies[i] > this.accuracies[top[top.length - 1]]) {
        top.push(i);
        top.sort((a, b) => this.accuracies[b] - this.accuracies[a]);
        if (top.length > count) top.pop();
      }
    }
    return top;
  }

  /**
   * The rounds' rows repeated `weight` times (so their pairs weigh more) plus the initial rows, a random
   * sample of them when all would exceed `limit` (fine-tuning time stays bounded as the data grows).
   */
  weighted(weight: number, limit: number, rng: Random): ArchSamples {
    const repeated: number[] = [];
    for (let w = 0; w < weight; w++) repeated.push(...this.added);
    const initial = Array.from({ length: this.archs.length - this.added.length }, (_, i) => i);
    const room = Math.max(0, limit - repeated.length);
    const rows = [...(initial.length <= room ? initial : rng.shuffled(initial).slice(0, room)), ...repeated];
    return { archs: rows.map((i) => this.archs[i]), accuracies: rows.map((i) => this.accuracies[i]), costs: rows.map((i) => this.costs[i]) };
  }

  /** The measured networks' layer codes, each computed once (the correction around the incumbent weighs them all at every pick). */
  layerCodes(): readonly LayerCode[] {
    for (let i = this.codes.length; i < this.archs.length; i++) this.codes.push(layerCodeOf(this.archs[i]));
    return this.codes;
  }

  samples(): ArchSamples {
    return { archs: this.archs, accuracies: this.accuracies, costs: this.costs };
  }
}
