import { InputError } from '../errors';
import { type Arch, type ArchOptions, makeArch } from './arch';
import { LAYER_SLOTS, STAGE_COUNT } from './searchSpace';
import { abbreviate } from '../../shared/abbreviate';

/**
 * PNAG's architecture string (guoyongcs/PNAG): `d1,..,d5:k1,..,k20:e1,..,e20`, 0 in unused slots.
 * It carries no width or resolution; PNAG always means w1.2, r224, which are the defaults here.
 */
export function parsePnagString(text: string, options: ArchOptions = {}): Arch {
  const trimmed = text.trim();
  const parts = trimmed.split(':');
  if (parts.length !== 3) {
    throw new InputError(
      `PNAG string: expected three ':'-separated parts "d1,..,d5:k1,..,k20:e1,..,e20", got ${parts.length} in ${JSON.stringify(abbreviate(trimmed, 60))}`,
    );
  }
  const [depths, kernels, expands] = [
    numbers(parts[0], 'depths', STAGE_COUNT),
    numbers(parts[1], 'kernel sizes', LAYER_SLOTS),
    numbers(parts[2], 'expand ratios', LAYER_SLOTS),
  ];
  return makeArch(depths, kernels, expands, options);
}

export function toPnagString(arch: Arch): string {
  return `${arch.depths.join(',')}:${arch.kernels.join(',')}:${arch.expands.join(',')}`;
}

export function looksLikePnagString(text: string): boolean {
  return /^\s*[\d\s,]+:[\d\s,]+:[\d\s,]+\s*$/.test(text);
}

function numbers(part: string, what: string, expected: number): number[] {
  const items = part.split(',').map((s) => s.trim());
  if (items.length !== expected) {
    throw new InputError(`PNAG string: expected ${expected} ${what}, got ${items.length}`);
  }
  return items.map((item, i) => {
    if (!/^\d+$/.test(item)) {
      throw new InputError(`PNAG string: ${what} item ${i + 1} ${JSON.stringify(item)} is not a whole number`);
    }
    return Number(item);
  });
}
