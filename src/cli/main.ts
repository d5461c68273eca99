import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { costCommand } from './commands/cost';
import { importCommand } from './commands/import';
import { latencyCommand } from './commands/latency';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import { generateCommand } from './commands/generate';
import { lutCommand } from './commands/lut';
import { frontierCommand } from './commands/frontier';
import { InputError, messageOf } from '../core/errors';
import { EXIT_BAD_INPUT, reportError } from './io';

/** The `pnag` command line: one verb per file in ./commands, each a thin layer over src/core. */
const program = new Command('pnag')
  .description('Pareto-aware neural architecture generation for the Once-for-All MobileNetV3 space')
  .version(version)
  .showHelpAfterError('(run with --help for usage)');

program.addCommand(costCommand());
program.addCommand(importCommand());
program.addCommand(predictCommand());
program.addCommand(latencyCommand());
program.addCommand(trainCommand());
program.addCommand(generateCommand());
program.addCommand(frontierCommand());
program.addCommand(lutCommand());

// Errors under --json are one JSON object on stderr, so a script never has to parse prose.
const json = process.argv.slice(2).includes('--json');

/** Every command at every depth (`lut build` too) throws usage errors instead of exiting 1 on its own. */
function configure(command: Command): void {
  command.exitOverride();
  command.configureOutput({
    writeErr: (text) => {
      // `pnag` or `pnag lut` without a verb shows the help (still exit 2): all of it, as help.
      if (text.startsWith('Usage:')) return void process.stderr.write(text);
      const line = text.split('\n')[0];
      if (line.trim() === '' || line.startsWith('(run with --help')) return;
      reportError(line.replace(/^error: /, ''), undefined, json);
    },
  });
  command.commands.forEach(configure);
}
configure(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; every other commander error is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    return;
  }
  // An option's parser threw (a number out of range): bad input, like every usage error.
  reportError(messageOf(error), error instanceof InputError ? error.field : undefined, json);
  process.exitCode = EXIT_BAD_INPUT;
});
