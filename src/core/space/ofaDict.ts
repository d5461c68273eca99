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
  checkSpelledKeys(record, where);
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

/** Keys that mean a resolution or a width under a name this dict does not read: it would be costed at the default. */
const MISSPELLED: Readonly<Record<string, 'r' | 'w'>> = {
  resolution: 'r', res: 'r', R: 'r', img_size: 'r', input_size: 'r', image_sizes: 'r',
  width: 'w', W: 'w', width_mult: 'w', width_mult_list: 'w',
};

/**
 * Refuses a resolution or width the dict spells in a way it does not read (`"resolution": 160` was costed at 224
 * without a word), and `r` and `image_size` that disagree.
 */
function checkSpelledKeys(record: Record<string, unknown>, where: string): void {
  for (const key of Object.keys(record)) {
    const meant = MISSPELLED[key];
    if (meant) throw new InputError(`${where}: key ${quoteValue(key)} is not read; give the ${meant === 'r' ? 'resolution' : 'width'} as ${meant}`);
  }
  if (record.r !== undefined && record.image_size !== undefined && JSON.stringify(record.r) !== JSON.stringify(record.image_size)) {
    throw new InputError(`${where}: r ${quoteValue(record.r)} and image_size ${quoteValue(record.image_size)} disagree; give one`);
  }
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
