import type { Archive } from '../archive/archive';
import type { EvaluatorLogEntry } from '../sources/externalEvaluator';
import type { ClusterProgress, SlurmSettings } from '../../shared/engineProtocol';
import { ClusterEvaluator } from './clusterEvaluator';
import { checkSlurmSettings } from './runnerSettings';
import { SlurmBackend } from './slurmBackend';

export interface ClusterRunnerContext {
  readonly cwd?: string;
  readonly archive?: Archive;
  readonly log?: (entry: EvaluatorLogEntry) => void;
  readonly slurm?: SlurmSettings;
  readonly onClusterProgress?: (progress: ClusterProgress) => void;
}

/** `eval:<command>` with `--runner slurm`: the command runs as Slurm array tasks (docs/cluster.md). */
export function clusterEvaluatorFor(command: string, context: ClusterRunnerContext): ClusterEvaluator {
  const slurm = checkSlurmSettings(context.slurm ?? {});
  return new ClusterEvaluator({
    command,
    setup: slurm.setup,
    args: slurm.args,
    cwd: context.cwd ?? process.cwd(),
    backend: new SlurmBackend(slurm),
    maxRunning: slurm.maxRunning,
    folder: slurm.folder,
    retries: slurm.retries,
    pollSeconds: slurm.pollSeconds,
    archive: context.archive,
    log: context.log,
    onProgress: context.onClusterProgress,
  });
}
