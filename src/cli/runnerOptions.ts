import { type Command, Option } from 'commander';
import { InputError } from '../core/errors';
import { RUNNER_KINDS, type RunnerKind, checkSlurmSettings, parseRunnerKind, parseSlurmArgs } from '../core/cluster/runnerSettings';
import type { SlurmSettings } from '../shared/engineProtocol';
import { numberOption } from './io';

/** What `--runner` and the `--slurm-*` flags parse to. */
export interface RunnerFlags {
  runner?: RunnerKind;
  slurmPartition?: string;
  slurmGres?: string;
  slurmTime?: string;
  slurmMaxRunning?: number;
  slurmSetup?: string;
  slurmArgs?: string;
  slurmFolder?: string;
  slurmRetries?: number;
  slurmPoll?: number;
}

const SLURM_FLAGS: readonly (keyof RunnerFlags)[] = ['slurmPartition', 'slurmGres', 'slurmTime', 'slurmMaxRunning', 'slurmSetup', 'slurmArgs', 'slurmFolder', 'slurmRetries', 'slurmPoll'];

/** `--runner` and the slurm runner's flags (docs/cluster.md). */
export function addRunnerOptions(command: Command): Command {
  return command
    .addOption(new Option('--runner <name>', `where an eval: command runs: ${RUNNER_KINDS.join(' | ')} (default local: one process here)`).argParser((v: string) => parseRunnerKind(v)))
    .option('--slurm-partition <name>', 'slurm runner: partition the array tasks run in (required)')
    .option('--slurm-gres <gres>', 'slurm runner: generic resources of one task, e.g. gpu:1')
    .option('--slurm-time <limit>', 'slurm runner: time limit of one task, e.g. 00:30:00 (default: the partition\'s)')
    .option('--slurm-max-running <n>', 'slurm runner: array tasks running at once (required)', numberOption('--slurm-max-running'))
    .option('--slurm-setup <lines>', 'slurm runner: shell lines each task runs before the command, e.g. "module load cuda; source venv/bin/activate"')
    .option('--slurm-args <options>', 'slurm runner: more sbatch options, split on blanks, e.g. "--account=ml --qos=short"')
    .option('--slurm-folder <dir>', 'slurm runner: folder of the runs, on a filesystem the nodes share (default .pnag/cluster)')
    .option('--slurm-retries <n>', 'slurm runner: times a request of a failed task is resubmitted (default 2)', numberOption('--slurm-retries'))
    .option('--slurm-poll <seconds>', 'slurm runner: seconds between two looks at the queue (default 5)', numberOption('--slurm-poll'));
}

/** The request's runner fields; `--slurm-*` without `--runner slurm` is refused rather than ignored. */
export function runnerRequest(flags: RunnerFlags): { runner?: RunnerKind; slurm?: SlurmSettings } {
  if (flags.runner !== 'slurm') {
    const stray = SLURM_FLAGS.find((key) => flags[key] !== undefined);
    if (stray) throw new InputError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --runner slurm`);
    return flags.runner ? { runner: flags.runner } : {};
  }
  return {
    runner: 'slurm',
    slurm: checkSlurmSettings({
      partition: flags.slurmPartition,
      gres: flags.slurmGres,
      time: flags.slurmTime,
      maxRunning: flags.slurmMaxRunning,
      setup: flags.slurmSetup,
      args: flags.slurmArgs !== undefined ? parseSlurmArgs(flags.slurmArgs) : undefined,
      folder: flags.slurmFolder,
      retries: flags.slurmRetries,
      pollSeconds: flags.slurmPoll,
    }),
  };
}
