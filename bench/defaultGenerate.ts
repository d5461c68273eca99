// The README's main command end to end: `pnag generate --budget 450M --json` in a fresh workspace
// (trains on the embedded defaults first), then once more (reuses the checkpoint). Two set-ups: OFA's
// predictor configured (PNAG_OFA_PREDICTOR -> nasdata's copy) and nothing (the offline estimate).
// Run: npx tsx bench/defaultGenerate.ts   (uses the built bin/pnag.js; run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const NASDATA = process.env.PNAG_NASDATA ?? resolve(__dirname, '..', '..', 'shared', 'nasdata');
const BIN = resolve(__dirname, '..', 'bin', 'pnag.js');

interface Run {
  readonly seconds: number;
  readonly status: number | null;
  readonly result: Record<string, unknown> | undefined;
  readonly notes: string[];
}

function generate(workspace: string, env: Record<string, string>, budget: string): Run {
  const started = performance.now();
  const out = spawnSync(process.execPath, [BIN, 'generate', '--budget', budget, '--json'], {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', PNAG_CACHE_DIR: join(workspace, 'cache'), ...env },
  });
  const seconds = (performance.now() - started) / 1000;
  const notes = out.stderr.split('\n').filter((l) => l !== '' && !/^(labelling|costing|evaluator|generator) \d/.test(l));
  let result: Record<string, unknown> | undefined;
  try {
    result = JSON.parse(out.stdout) as Record<string, unknown>;
  } catch {
    result = undefined;
  }
  return { seconds, status: out.status, result, notes };
}

const setups: Record<string, Record<string, string>> = {
  'ofa-predictor (PNAG_OFA_PREDICTOR)': { PNAG_OFA_PREDICTOR: join(NASDATA, 'ofa_acc_predictor_w1.2.pth') },
  'offline estimate (nothing configured)': {},
};

const rows: Record<string, unknown>[] = [];
console.log('set-up                                  first run (trains)  second run (reuses)  MAdds (M)  top1   source');
for (const [name, env] of Object.entries(setups)) {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-bench-'));
  const first = generate(workspace, env, '450M');
  const second = generate(workspace, env, '450M');
  const r = first.result ?? {};
  console.log(
    `${name.padEnd(40)}${first.seconds.toFixed(1).padStart(8)} s${second.seconds.toFixed(1).padStart(19)} s${String(r.madds_M).padStart(14)}  ${String(r.top1).padStart(6)}  ${String(r.source)}`,
  );
  rows.push({ setup: name, first_run_seconds: first.seconds, second_run_seconds: second.seconds, status: [first.status, second.status], result: first.result, notes: first.notes });
}
mkdirSync(join(__dirname, 'results'), { recursive: true });
writeFileSync(
  join(__dirname, 'results', 'defaultGenerate.json'),
  JSON.stringify({ command: 'pnag generate --budget 450M --json', device: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`, load_average_1min_at_end: loadavg()[0], rows }, null, 2) + '\n',
);
