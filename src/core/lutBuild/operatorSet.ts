import { lutKeys } from '../cost/lut/lutKeys';
import { type Arch, makeArch } from '../space/arch';
import { type NetworkLayer, networkLayers } from '../space/network';
import { EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, MAX_DEPTH, STAGE_COUNT, type Width } from '../space/searchSpace';

export interface KeyedLayer {
  /** The OFA-format table key, exactly as `lutKeys(arch, 'ofa-mbv3')` writes it. */
  readonly key: string;
  readonly layer: NetworkLayer;
}

/**
 * Every distinct layer the space can produce at one resolution and width, keyed as OFA's tables key them.
 * A block depends only on its stage, whether it is the stage's first, its kernel and its expand ratio, so the
 * nine full-depth networks with one kernel and one ratio throughout cover every key.
 */
export function distinctLayers(resolution: number, width: Width): KeyedLayer[] {
  const out = new Map<string, NetworkLayer>();
  for (const kernel of KERNEL_CHOICES) {
    for (const expand of EXPAND_CHOICES) {
      const depths = new Array<number>(STAGE_COUNT).fill(MAX_DEPTH);
      const arch: Arch = makeArch(depths, new Array<number>(LAYER_SLOTS).fill(kernel), new Array<number>(LAYER_SLOTS).fill(expand), {
        width,
        resolution,
      });
      const layers = networkLayers(arch);
      const keys = lutKeys(arch, 'ofa-mbv3');
      if (keys.length !== layers.length) throw new Error('distinctLayers: OFA keys and layers no longer pair one to one');
      keys.forEach((key, i) => {
        if (!out.has(key)) out.set(key, layers[i]);
      });
    }
  }
  return [...out.entries()].map(([key, layer]) => ({ key, layer }));
}
