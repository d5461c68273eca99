// pnag.runner and pnag.slurm.* as a training request's runner fields. No `vscode` here (unit-tested in plain
// Node); readSettings.ts feeds it. All of them are restricted settings: an untrusted workspace cannot send
// the user's evaluator to a cluster, nor add setup lines or sbatch options to it.
import { InputError } from '../../core/errors';
import { checkSlurmSettings, parseSlurmArgs } from '../../core/cluster/runnerSettings';
import type { SlurmSettings } from '../../shared/engineProtocol';

export interface RunnerSettingValues {
  readonly runner?: string;
  readonly slurm: {
    readonly partition?: string;
    readonly gres?: string;
    readonly time?: string;
    readonly maxRunning?: number;
    readonly setup?: string;
    readonly args?: string;
    readonly folder?: string;
  };
}

const settingName = (flag: string): string => `pnag.slurm.${flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;

/**
 * The runner fields of a training request. `hiddenWorkspaceRunner`: the untrusted workspace's own
 * pnag.runner, which VS Code hid; asking for slurm there is an error naming why, not a silent local run.
 */
export function runnerRequestOf(values: RunnerSettingValues, hiddenWorkspaceRunner?: string): { runner?: 'local' | 'slurm'; slurm?: SlurmSettings } {
  const runner = (values.runner ?? 'local').trim().toLowerCase() || 'local';
  if (runner === 'slurm') {
    const s = values.slurm;
    const blank = (text: string | undefined) => (text?.trim() ? text : undefined);
    const slurm = checkSlurmSettings(
      {
        partition: blank(s.partition),
        gres: blank(s.gres),
        time: blank(s.time),
        maxRunning: s.maxRunning,
        setup: blank(s.setup),
        args: blank(s.args) !== undefined ? parseSlurmArgs(s.args as string, 'pnag.slurm.args') : undefined,
        folder: blank(s.folder),
      },
      settingName,
    );
    return { runner: 'slurm', slurm };
  }
  if (runner !== 'local') throw new InputError(`pnag.runner: "${values.runner}" is not one of local, slurm`);
  if (hiddenWorkspaceRunner?.trim().toLowerCase() === 'slurm') {
    throw new InputError('pnag.runner is "slurm" in this workspace, but the workspace is not trusted, so its cluster settings are not used; trust the workspace or set pnag.runner and pnag.slurm.* in your user settings');
  }
  return {};
}
