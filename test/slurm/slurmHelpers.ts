// Shared by the slurm runner's tests (npm run test:slurm starts the cluster they run against).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Arch, randomArch } from '../../src/core/space/arch';
import { Random } from '../../src/core/util/random';
import { checkRunState, type RunState } from '../../src/core/cluster/runState';

export const ROOT = resolve(__dirname, '..', '..');
export const SEQUENTIAL = join(ROOT, 'test', 'fixtures', 'evaluators', 'sequential.mjs');
export const PARTITION = 'debug';

/** `n` distinct random architectures, the same for the same seed. */
export function archsFor(n: number, seed: number): Arch[] {
  const rng = new Random(seed);
  const seen = new Set<string>();
  const out: Arch[] = [];
  while (out.length < n) {
    const arch = randomArch(rng, { width: 1.2, resolution: 224 });
    const key = JSON.stringify(arch);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(arch);
  }
  return out;
}

/** The command every test runs: the sequential fixture at `delayMs` per request. */
export function fixtureCommand(delayMs: number, extra = ''): string {
  return `node ${SEQUENTIAL} --delay ${delayMs}${extra ? ` ${extra}` : ''}`;
}

/** Every run's state under `<workspace>/.pnag/cluster`, oldest first. */
export function runStates(workspace: string): RunState[] {
  const folder = join(workspace, '.pnag', 'cluster');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .filter((name) => existsSync(join(folder, name, 'state.json')))
    .map((name) => checkRunState(JSON.parse(readFileSync(join(folder, name, 'state.json'), 'utf8')), name));
}

/** Job ids of these runs that squeue still lists (pending, running or completing). */
export function jobsInQueue(states: readonly RunState[]): string[] {
  const names = states.flatMap((s) => s.batches.map((b) => b.name));
  if (names.length === 0) return [];
  const result = spawnSync('squeue', ['-h', '-r', '-n', names.join(','), '-o', '%F_%K %T'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`squeue failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** Archive lines per PNAG string. */
export function archiveCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!existsSync(path)) return counts;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const pnag = (JSON.parse(line) as { pnag: string }).pnag;
    counts.set(pnag, (counts.get(pnag) ?? 0) + 1);
  }
  return counts;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 200 ms until it is true or `ms` passed; returns whether it became true. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(200);
  }
  return check();
}
