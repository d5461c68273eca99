import { InputError } from '../errors';
import type { SlurmSettings } from '../../shared/engineProtocol';

/**
 * Where an `eval:` command runs: `local` (one process beside PNAG, today's behaviour) or `slurm` (job arrays
 * on a Slurm cluster, docs/cluster.md). Settings come only from the user (CLI flags, VS Code settings).
 */
export type RunnerKind = 'local' | 'slurm';
export const RUNNER_KINDS: readonly RunnerKind[] = ['local', 'slurm'];

export type { SlurmSettings } from '../../shared/engineProtocol';

export const DEFAULT_SLURM_RETRIES = 2;
export const DEFAULT_SLURM_POLL_SECONDS = 5;

/** sbatch options PNAG sets for every array (a user's `--slurm-args` may not repeat them). */
const RESERVED_SBATCH_OPTIONS = new Set([
  '-a', '--array', '-o', '--output', '-e', '--error', '-J', '--job-name', '--parsable', '--wrap', '-D', '--chdir',
  '-p', '--partition', '-t', '--time', '--gres', '--requeue', '--no-requeue', '-i', '--input',
]);

const PARTITION = /^[A-Za-z0-9_.-]+$/;
const GRES = /^[A-Za-z0-9_.:,=-]+$/;
/** Slurm's time forms: minutes, m:s, h:m:s, d-h, d-h:m, d-h:m:s. */
const TIME = /^(\d+-\d+(:\d{1,2}){0,2}|\d+(:\d{1,2}){0,2})$/;

export function parseRunnerKind(value: string, where = '--runner'): RunnerKind {
  const kind = value.trim().toLowerCase();
  if (!(RUNNER_KINDS as readonly string[]).includes(kind)) throw new InputError(`${where}: "${value}" is not one of ${RUNNER_KINDS.join(', ')}`);
  return kind as RunnerKind;
}

/** `--slurm-args "--account=ml --qos=short"`: split on blanks (no quoting), every word an option or its value. */
export function parseSlurmArgs(text: string, where = '--slurm-args'): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length > 0 && !words[0].startsWith('-')) throw new InputError(`${where}: "${words[0]}" is not an sbatch option (they start with -)`);
  return words;
}

/**
 * Checks settings from any front end (a CLI flag, a VS Code setting, a worker message); each wrong value is
 * an InputError naming its flag, e.g. `--slurm-max-running: 0 must be a whole number from 1 to 10000`.
 */
export function checkSlurmSettings(value: unknown, flag: (name: string) => string = (name) => `--slurm-${name}`): SlurmSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('slurm settings: not an object');
  const v = value as Record<string, unknown>;
  const text = (name: string, key: string, pattern?: RegExp, what?: string): string | undefined => {
    const given = v[key];
    if (given === undefined || given === '') return undefined;
    if (typeof given !== 'string') throw new InputError(`${flag(name)}: must be text, got ${JSON.stringify(given)}`);
    if (given.includes('\0')) throw new InputError(`${flag(name)}: contains a NUL character`);
    if (pattern && !pattern.test(given.trim())) throw new InputError(`${flag(name)}: "${given}" is not ${what}`);
    return pattern ? given.trim() : given;
  };
  const whole = (name: string, key: string, min: number, max: number): number | undefined => {
    const given = v[key];
    if (given === undefined) return undefined;
    if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < min || given > max) {
      throw new InputError(`${flag(name)}: ${String(given)} must be a whole number from ${min} to ${max}`);
    }
    return given;
  };
  const partition = text('partition', 'partition', PARTITION, 'a partition name (letters, digits, _ . -)');
  if (partition === undefined) throw new InputError(`${flag('partition')}: the slurm runner needs a partition`);
  const maxRunning = whole('max-running', 'maxRunning', 1, 10000);
  if (maxRunning === undefined) throw new InputError(`${flag('max-running')}: the slurm runner needs the number of tasks that may run at once`);
  let args: string[] | undefined;
  if (v.args !== undefined) {
    if (!Array.isArray(v.args) || !v.args.every((a) => typeof a === 'string' && a !== '' && !a.includes('\0'))) {
      throw new InputError(`${flag('args')}: must be a list of sbatch options`);
    }
    args = v.args as string[];
    for (const word of args) {
      const option = word.split('=')[0];
      if (RESERVED_SBATCH_OPTIONS.has(option)) throw new InputError(`${flag('args')}: ${option} is set by PNAG itself (use the slurm runner's own settings)`);
    }
  }
  const pollSeconds = v.pollSeconds;
  if (pollSeconds !== undefined && (typeof pollSeconds !== 'number' || !Number.isFinite(pollSeconds) || pollSeconds < 0.2 || pollSeconds > 600)) {
    throw new InputError(`${flag('poll')}: ${String(pollSeconds)} must be a number of seconds from 0.2 to 600`);
  }
  const settings: SlurmSettings = {
    partition,
    maxRunning,
    gres: text('gres', 'gres', GRES, 'a gres such as gpu:1'),
    time: text('time', 'time', TIME, 'a Slurm time such as 30, 00:30:00 or 1-00:00:00'),
    setup: text('setup', 'setup'),
    args,
    folder: text('folder', 'folder'),
    retries: whole('retries', 'retries', 0, 20),
    pollSeconds: pollSeconds as number | undefined,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, x]) => x !== undefined)) as unknown as SlurmSettings;
}
