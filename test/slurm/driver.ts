// A process that evaluates seeded architectures through the slurm runner, for tests that kill or cancel
// it: `node --import tsx driver.ts <json options>`. Events go to stdout as lines; SIGTERM cancels.
import { Archive } from '../../src/core/archive/archive';
import { clusterEvaluatorFor } from '../../src/core/cluster/clusterRunner';
import { archsFor } from './slurmHelpers';

interface DriverOptions {
  workspace: string;
  command: string;
  n: number;
  seed: number;
  maxRunning: number;
  time?: string;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as DriverOptions;
  const archive = Archive.open(`${options.workspace}/.pnag/archive.jsonl`);
  const evaluator = clusterEvaluatorFor(options.command, {
    cwd: options.workspace,
    archive,
    slurm: { partition: 'debug', maxRunning: options.maxRunning, pollSeconds: 1, ...(options.time ? { time: options.time } : {}) },
    log: (entry) => process.stdout.write(`event: ${entry.text}\n`),
    onClusterProgress: (p) => process.stdout.write(`progress: ${JSON.stringify(p)}\n`),
  });
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  try {
    const results = await evaluator.evaluate(archsFor(options.n, options.seed), controller.signal);
    process.stdout.write(`done: ${results.filter((r) => r.metrics).length}\n`);
  } catch (error) {
    process.stdout.write(`stopped: ${(error as Error).message}\n`);
    process.exitCode = controller.signal.aborted ? 130 : 1;
  }
}

void main();
