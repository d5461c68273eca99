// The README's main command end to end: `pnag generate --budget 450M --json` in a fresh workspace
// then once more. Two set-ups: OFA's predictor configured (PNAG_OFA_PREDICTOR -> nasdata's copy: trains on it
// first, then reuses the checkpoint) and nothing configured (the generator shipped in the package answers both
// times; bench/results/defaultGenerate.json is from before it shipped, when this set-up trained on the estimate).
// Run: npx tsx bench/defaultGenerate.ts   (uses the built bin/pnag.js; run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NASDATA } from './nasdata';

const BIN = resolve(__dirname, '..', 'bin', 'pnag.js');

interface Run {
  readonly seconds: number;
  /** User + system CPU seconds of the pnag process (all its threads): steadier than wall time on a busy machine. */
  readonly cpuSeconds: number | null;
  readonly status: number | null;
  readonly result: Record<string, unknown> | undefined;
  readonly notes: string[];
}

function generate(workspace: string, env: Record<string, string>, budget: string): Run {
  const started = performance.now();
  const timeFile = join(workspace, 'time.txt');
  const command = [process.execPath, BIN, 'generate', '--budget', budget, '--json'];
  const timed = existsSync('/usr/bin/time');
  const out = spawnSync(timed ? '/usr/bin/time' : command[0], timed ? ['-f', '%U %S', '-o', timeFile, ...command] : command.slice(1), {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = timed && existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number).reduce((a, b) => a + b, 0) : null;
  const notes = out.stderr.split('\n').filter((l) => l !== '' && !/^(labelling|costing|evaluator|generator) \d/.test(l));
  let result: Record<string, unknown> | undefined;
  try {
    result = JSON.parse(out.stdout) as Record<string, unknown>;
  } catch {
    result = undefined;
  }
  return { seconds, cpuSeconds, status: out.status, result, notes };
}

const setups: Record<string, Record<string, string>> = {
  'ofa-predictor (PNAG_OFA_PREDICTOR)': { PNAG_OFA_PREDICTOR: join(NASDATA, 'ofa_acc_predictor_w1.2.pth') },
  'shipped generator (nothing configured)': {},
};

const rows: Record<string, unknown>[] = [];
console.log('set-up                                  first run (trains), wall / CPU   second run (reuses)  MAdds (M)  top1   source');
for (const [name, env] of Object.entries(setups)) {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-bench-'));
  const first = generate(workspace, env, '450M');
  const second = generate(workspace, env, '450M');
  const r = first.result ?? {};
  console.log(
    `${name.padEnd(40)}${first.seconds.toFixed(1).padStart(8)} s / ${String(first.cpuSeconds?.toFixed(1)).padStart(6)} s${second.seconds.toFixed(1).padStart(16)} s${String(r.madds_M).padStart(11)}  ${String(r.top1).padStart(6)}  ${String(r.source)}`,
  );
  rows.push({
    setup: name,
    first_run_seconds: first.seconds,
    first_run_cpu_seconds: first.cpuSeconds,
    second_run_seconds: second.seconds,
    second_run_cpu_seconds: second.cpuSeconds,
    load_average_1min_after: loadavg()[0],
    status: [first.status, second.status],
    result: first.result,
    notes: first.notes,
  });
}
mkdirSync(join(__dirname, 'results'), { recursive: true });
writeFileSync(
  join(__dirname, 'results', 'defaultGenerate.json'),
  JSON.stringify({ command: 'pnag generate --budget 450M --json', device: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`, load_average_1min_at_end: loadavg()[0], rows }, null, 2) + '\n',
);
