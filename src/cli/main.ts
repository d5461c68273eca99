import { Command, CommanderError } from 'commander';
import { costCommand } from './commands/cost';
import { importCommand } from './commands/import';
import { latencyCommand } from './commands/latency';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import { generateCommand } from './commands/generate';
import { lutCommand } from './commands/lut';
import { EXIT_BAD_INPUT } from './io';

/** The `pnag` command line: one verb per file in ./commands, each a thin layer over src/core. */
const program = new Command('pnag')
  .description('Pareto-aware neural architecture generation for the Once-for-All MobileNetV3 space')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program.addCommand(costCommand());
program.addCommand(importCommand());
program.addCommand(predictCommand());
program.addCommand(latencyCommand());
program.addCommand(trainCommand());
program.addCommand(generateCommand());
program.addCommand(lutCommand());

for (const command of program.commands) {
  command.exitOverride();
  command.configureOutput({ writeErr: (text) => process.stderr.write(text.split('\n')[0] + '\n') });
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; every other commander error is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    return;
  }
  process.stderr.write(`pnag: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_BAD_INPUT;
});
