import { InputError } from '../errors';
import { quoteValue } from '../util/quoteValue';
import { type Arch, type ArchOptions, makeArch } from './arch';
import { LAYER_SLOTS, MAX_DEPTH, STAGE_COUNT, slotIndex } from './searchSpace';

/** OFA's subnet dict, as `set_active_subnet(ks=..., e=..., d=...)` takes it, plus resolution and width. */
export interface OfaDict {
  ks: number[];
  e: number[];
  d: number[];
  r?: number | number[];
  w?: number;
}

/**
 * Reads an OFA dict from parsed JSON. `r` may be a number or a one-element list (OFA's own
 * `sample_active_subnet` writes `r: [224]`); `image_size` is accepted as an alias.
 */
export function fromOfaDict(value: unknown, options: ArchOptions = {}, where = 'OFA dict'): Arch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: expected an object with keys ks, e, d (and optionally r, w)`);
  }
  const record = value as Record<string, unknown>;
  const ks = numberList(record.ks, `${where}: ks`);
  const e = numberList(record.e, `${where}: e`);
  const d = numberList(record.d, `${where}: d`);
  const rawR = record.r ?? record.image_size;
  let resolution = options.resolution;
  if (rawR !== undefined) {
    const r = Array.isArray(rawR) && rawR.length === 1 ? rawR[0] : rawR;
    if (typeof r !== 'number') throw new InputError(`${where}: r must be a number, got ${quoteValue(rawR)}`);
    resolution = r;
  }
  let width = options.width;
  if (record.w !== undefined) {
    if (typeof record.w !== 'number') throw new InputError(`${where}: w must be a number, got ${quoteValue(record.w)}`);
    width = record.w;
  }
  return makeArch(d, ks, e, { width, resolution });
}

/**
 * The dict for OFA's `set_active_subnet`. OFA ignores slots past a stage's depth but still reads them,
 * so they repeat the stage's last active layer instead of holding 0.
 */
export function toOfaDict(arch: Arch): Required<OfaDict> & { r: number } {
  const ks = arch.kernels.slice();
  const e = arch.expands.slice();
  for (let s = 0; s < STAGE_COUNT; s++) {
    const last = slotIndex(s, arch.depths[s] - 1);
    for (let l = arch.depths[s]; l < MAX_DEPTH; l++) {
      ks[slotIndex(s, l)] = ks[last];
      e[slotIndex(s, l)] = e[last];
    }
  }
  return { ks, e, d: arch.depths.slice(), r: arch.resolution, w: arch.width };
}

/** The compact dict with unused slots written as 0, as the nasdata CSVs write it. */
export function toCompactOfaDict(arch: Arch): Required<OfaDict> & { r: number } {
  return { ks: arch.kernels.slice(), e: arch.expands.slice(), d: arch.depths.slice(), r: arch.resolution, w: arch.width };
}

function numberList(value: unknown, where: string): number[] {
  if (value === undefined) throw new InputError(`${where} is missing`);
  if (!Array.isArray(value)) throw new InputError(`${where}: expected a list of numbers, got ${quoteValue(value)}`);
  return value.map((item, i) => {
    if (typeof item !== 'number' || !Number.isFinite(item)) {
      throw new InputError(`${where}[${i}]: expected a number, got ${quoteValue(item)}`);
    }
    return item;
  });
}

export { LAYER_SLOTS };
