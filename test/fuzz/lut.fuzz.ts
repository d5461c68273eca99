import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LatencyTable, type LutFormat, parseLatencyTable } from '../../src/core/cost/lut/latencyTable';
import { LutCostModel } from '../../src/core/cost/lut/lutCostModel';
import { lutKeys } from '../../src/core/cost/lut/lutKeys';
import { type Arch, withOptions } from '../../src/core/space/arch';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { ScratchFolder, assertFolderUnchanged, snapshotFolder } from './harness/fileSnapshot';
import { mutatedText } from './harness/mutate';
import { validArch } from './harness/validInputs';

interface LutInput {
  readonly format: LutFormat;
  /** File name inside the table folder. */
  readonly name: string;
  readonly text: string;
  /** Architectures whose every layer the unmutated table holds. */
  readonly archs: readonly Arch[];
}

/** A table holding every layer of a few architectures, in the layout of OFA's or nsganetv2's files. */
const validTable: fc.Arbitrary<LutInput> = fc
  .record({
    format: fc.constantFrom<LutFormat>('ofa-mbv3', 'nsganetv2'),
    archs: fc.array(validArch, { minLength: 1, maxLength: 3 }),
    resolution: fc.constantFrom(160, 176, 224),
    device: fc.option(fc.constantFrom('note10', 'i7-8700K', 'my phone'), { nil: undefined }),
    means: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ format, archs, resolution, device, means }) => {
    const atResolution = archs.map((a) => withOptions(a, { resolution }));
    const keys = [...new Set(atResolution.flatMap((a) => lutKeys(a, format)))];
    const spread = format === 'ofa-mbv3' ? 'std' : 'var';
    const entries = keys.map((key, i) => `${key}:\n${format === 'ofa-mbv3' ? '  count: 500\n' : ''}  mean: ${means[i % means.length]}\n  ${spread}: 0.001\n`);
    const name = format === 'ofa-mbv3' ? `${resolution}_lookup_table.yaml` : 'nsganetv2_dev_lut.yaml';
    return { format, name, text: `${device ? `# device: ${device}\n` : ''}${entries.join('')}`, archs: atResolution };
  });

const scratch = new ScratchFolder();

/** Latency look-up tables (`--cost lut:<folder|file>`, `pnag.costModel`), OFA's and nsganetv2's formats. */
export default defineFuzzClass<LutInput>({
  name: 'LUT YAML',
  ciRuns: 300,
  inputs: fc.oneof(
    validTable,
    { weight: 3, arbitrary: validTable.chain((t) => mutatedText(fc.constant(t.text)).map((text) => ({ ...t, text }))) },
    fc.string({ maxLength: 200 }).map((text) => ({ format: 'ofa-mbv3' as const, name: '224_lookup_table.yaml', text, archs: [] })),
  ),
  check(input) {
    const dir = join(scratch.fresh(), 'lut-dev');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, input.name);
    writeFileSync(file, input.text);
    const before = snapshotFolder(dir);
    const warnings: string[] = [];
    const emitWarning = process.emitWarning;
    // A table must not make PNAG print Node warnings around its one-line error.
    process.emitWarning = ((warning: string | Error) => void warnings.push(String(warning))) as typeof process.emitWarning;
    let table: LatencyTable;
    try {
      table = parseLatencyTable(input.text, file);
      for (const mean of table.entries.values()) violation(Number.isFinite(mean) && mean >= 0, 'table entry is not a finite non-negative latency', String(mean));
      const model = LutCostModel.load(input.format === 'ofa-mbv3' ? dir : file);
      for (const arch of input.archs) {
        if (!model.resolutions.includes(arch.resolution)) continue;
        let cost: number;
        try {
          cost = model.costOf(arch);
        } catch (error) {
          // A mutation may have removed a layer's entry: refusing to cost is right, a wrong number is not.
          if (error instanceof Error && error.name === 'InputError') continue;
          throw error;
        }
        violation(Number.isFinite(cost) && cost >= 0, 'a latency sum that is not finite and non-negative', String(cost));
      }
    } finally {
      process.emitWarning = emitWarning;
      assertFolderUnchanged(dir, before, 'the LUT reader');
      violation(warnings.length === 0, 'the LUT reader printed a Node warning', warnings[0]);
    }
  },
  whereOf: (input) => [input.name, 'device name'],
  show: (input) => JSON.stringify({ name: input.name, text: input.text.slice(0, 600) }),
  tearDown: () => scratch.remove(),
});
