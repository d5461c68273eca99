import fc from 'fast-check';
import { type Arch, type ArchOptions, archEquals } from '../../src/core/space/arch';
import { toNetworkConfig } from '../../src/core/space/networkConfig';
import { toCompactOfaDict, toOfaDict } from '../../src/core/space/ofaDict';
import { parseArchText, parseArchValue } from '../../src/core/space/parseArch';
import { parsePnagString, toPnagString } from '../../src/core/space/pnagString';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, RESOLUTION_MAX, RESOLUTION_MIN, WIDTH_CHOICES, resolutionChoices, slotIndex } from '../../src/core/space/searchSpace';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { mutatedJson, mutatedText, nastyJsonValue } from './harness/mutate';
import { validArch } from './harness/validInputs';

/** The architecture in every form parseArch reads: PNAG string, OFA dict (full or compact) and network config. */
const validValue: fc.Arbitrary<unknown> = fc
  .tuple(validArch, fc.constantFrom('pnag', 'dict', 'compact', 'config'))
  .map(([arch, form]) => (form === 'pnag' ? toPnagString(arch) : form === 'dict' ? toOfaDict(arch) : form === 'compact' ? toCompactOfaDict(arch) : toNetworkConfig(arch)));

const validText: fc.Arbitrary<string> = validValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v, null, fcIndent(v))));

function fcIndent(v: unknown): number {
  return JSON.stringify(v).length % 3;
}

type ArchInput = { readonly as: 'text'; readonly text: string; readonly options: ArchOptions } | { readonly as: 'value'; readonly value: unknown; readonly options: ArchOptions };

const options: fc.Arbitrary<ArchOptions> = fc.record(
  {
    width: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WIDTH_CHOICES) }, fc.constantFrom(0, 1.1, Number.NaN, -1.2)),
    resolution: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...resolutionChoices()) },
      fc.integer({ min: RESOLUTION_MIN - 8, max: RESOLUTION_MAX + 8 }),
      fc.constantFrom(Number.NaN, 224.5, 1e9),
    ),
  },
  { requiredKeys: [] },
);

/** The architecture parser as the CLI (--arch), the editor lenses, the archive and imports use it. */
export default defineFuzzClass<ArchInput>({
  name: 'architecture',
  ciRuns: 6000,
  inputs: fc.oneof(
    fc.record({ as: fc.constant('text' as const), text: fc.oneof({ weight: 3, arbitrary: mutatedText(validText) }, validText, fc.string({ maxLength: 60 })), options }),
    fc.record({ as: fc.constant('value' as const), value: fc.oneof({ weight: 4, arbitrary: mutatedJson(validValue) }, validValue, nastyJsonValue), options }),
  ),
  check(input) {
    const arch = input.as === 'text' ? parseArchText(input.text, input.options) : parseArchValue(input.value, input.options);
    checkArch(arch);
    if (input.options.width !== undefined) violation(arch.width === input.options.width, 'width option not applied', String(input.options.width));
  },
  whereOf: () => ['architecture', 'PNAG string', 'OFA dict', 'network config', 'stage ', 'd:', 'ks:', 'e:', 'width', 'resolution'],
});

/** A parsed architecture is inside the space and reads back to itself from its PNAG string. */
function checkArch(arch: Arch): void {
  violation(arch.depths.length === 5 && arch.kernels.length === 20 && arch.expands.length === 20, 'list lengths are not 5, 20, 20');
  arch.depths.forEach((d, s) => {
    violation((DEPTH_CHOICES as readonly number[]).includes(d), 'depth outside the space', String(d));
    for (let l = 0; l < d; l++) {
      violation((KERNEL_CHOICES as readonly number[]).includes(arch.kernels[slotIndex(s, l)]), 'kernel size outside the space', String(arch.kernels[slotIndex(s, l)]));
      violation((EXPAND_CHOICES as readonly number[]).includes(arch.expands[slotIndex(s, l)]), 'expand ratio outside the space', String(arch.expands[slotIndex(s, l)]));
    }
  });
  violation((WIDTH_CHOICES as readonly number[]).includes(arch.width), 'width outside the space', String(arch.width));
  violation(Number.isInteger(arch.resolution) && arch.resolution >= RESOLUTION_MIN && arch.resolution <= RESOLUTION_MAX, 'resolution outside the space', String(arch.resolution));
  const again = parsePnagString(toPnagString(arch), { width: arch.width, resolution: arch.resolution });
  violation(archEquals(again, arch), 'does not read back from its PNAG string');
}
