import { type Arch, makeArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, STAGE_COUNT } from '../space/searchSpace';

/** The largest network in the space at the architecture's width and resolution. */
export function largestArch(like: Arch): Arch {
  const last = <T>(v: readonly T[]): T => v[v.length - 1];
  return makeArch(
    new Array<number>(STAGE_COUNT).fill(last(DEPTH_CHOICES)),
    new Array<number>(LAYER_SLOTS).fill(last(KERNEL_CHOICES)),
    new Array<number>(LAYER_SLOTS).fill(last(EXPAND_CHOICES)),
    { width: like.width, resolution: like.resolution },
  );
}
