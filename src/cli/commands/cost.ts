import { fromField } from '../../core/errors';
import { Command, Option } from 'commander';
import { MADDS_COUNTS, type MaddsCount, maddsM } from '../../core/cost/madds';
import { describeMaddsCounts, maddsCounts } from '../../core/cost/maddsCounts';
import { paramsM } from '../../core/cost/params';
import { ARCH_OPTION_HELP, parseArchText } from '../../core/space/parseArch';
import { action, fixed, numberOption, printJson } from '../io';

interface CostOptions {
  arch: string;
  width?: number;
  resolution?: number;
  count: MaddsCount;
  json?: boolean;
}

export function costCommand(): Command {
  return new Command('cost')
    .description('MAdds and parameters of an architecture, in millions')
    .requiredOption('--arch <arch>', ARCH_OPTION_HELP)
    .option('--width <w>', 'width multiplier, 1.0 or 1.2 (default: the architecture\'s own, else 1.2)', numberOption('--width'))
    .option('--resolution <r>', 'input resolution, 128..224 in steps of 4 (default: the architecture\'s own, else 224)', numberOption('--resolution'))
    .addOption(new Option('--count <count>', 'ofa counts the classifier, pnag leaves it out').choices(MADDS_COUNTS).default('ofa'))
    .option('--json', 'print one JSON object')
    .action(
      action((options: CostOptions) => {
        const arch = fromField('--arch', () => parseArchText(options.arch, { width: options.width, resolution: options.resolution }));
        const madds = maddsM(arch, options.count);
        const params = paramsM(arch);
        if (options.json) {
          // madds_M is the --count one; both counts are named so no reader has to guess.
          printJson({
            madds_M: round(madds, 2),
            ...maddsCounts(arch, 2),
            cost_model: `madds:${options.count}`,
            params_M: round(params, 4),
            count: options.count,
            width: arch.width,
            resolution: arch.resolution,
          });
          return;
        }
        console.log(`MAdds:  ${fixed(madds)} M (${options.count} count${options.count === 'pnag' ? ', classifier excluded' : ', classifier included'})`);
        console.log(`        ${describeMaddsCounts(maddsCounts(arch, 2), `madds:${options.count}`, 'the one --count names')}`);
        console.log(`Params: ${fixed(params, 3)} M`);
        console.log(`Width ${arch.width.toFixed(1)}, resolution ${arch.resolution}`);
      }),
    );
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
