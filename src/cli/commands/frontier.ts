import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors';
import { readCheckpointMeta, type CheckpointMeta } from '../../core/pipeline/checkpointMeta';
import { trainingOutputOf } from '../../core/pipeline/checkpointPaths';
import { costAxisOf } from '../../core/pipeline/costAxis';
import { workspaceArchivePath } from '../../core/pipeline/defaultSources';
import { type MeasuredFrontier, measuredFrontier } from '../../core/pipeline/measuredFrontier';
import { checkNotFolder } from '../../core/util/fileKind';
import { csvField } from '../../shared/chart/frontierTable';
import { action, fixed, printJson } from '../io';
import { MAX_BYTES, readInputText } from '../../core/fs/readInputFile';

interface FrontierOptions {
  archive?: string;
  checkpoint?: string;
  json?: boolean;
  csv?: boolean;
}

/** The checkpoint whose axes the list uses: the one named (it must be there), else the workspace's when there is one. */
function checkpointMetaOf(named: string | undefined): { path: string; meta: CheckpointMeta } | undefined {
  const path = named !== undefined ? resolve(named) : trainingOutputOf({ workspace: process.cwd() });
  if (named !== undefined) {
    checkNotFolder(path, '--checkpoint');
    if (!existsSync(path)) throw new InputError(`--checkpoint ${named}: no such file`);
  } else if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readInputText(path, '', MAX_BYTES.checkpoint));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: not JSON (${(error as Error).message})`);
  }
  return { path, meta: readCheckpointMeta(value, path) };
}

/**
 * `pnag frontier`: what the evaluations bought, in a terminal — the archive's measured Pareto frontier on the
 * generator's cost axis (the Frontier view's marks, reduced to the networks no other beats on both).
 */
export function frontierCommand(): Command {
  return new Command('frontier')
    .description('the measured Pareto frontier of the archive: each network that no other measured one beats on both cost and top-1, on the generator\'s cost model')
    .option('--archive <file>', 'the archive to read (default: the workspace archive, .pnag/archive.jsonl)')
    .option('--checkpoint <file>', 'the generator whose cost model and accuracy source set the axes (default: .pnag/generator.ckpt.json when there is one, else MAdds in PNAG\'s count)')
    .option('--json', 'print one JSON object')
    .option('--csv', 'print CSV: cost, top1, origin, pnag, width, resolution')
    .action(
      action(async (options: FrontierOptions) => {
        if (options.json && options.csv) throw new InputError('--json and --csv: pick one');
        const archive = options.archive !== undefined ? resolve(options.archive) : workspaceArchivePath(process.cwd());
        if (options.archive !== undefined) {
          checkNotFolder(archive, '--archive');
          if (!existsSync(archive)) throw new InputError(`--archive ${options.archive}: no such file`);
        }
        const checkpoint = checkpointMetaOf(options.checkpoint);
        const axis = costAxisOf(checkpoint?.meta);
        const meta = checkpoint?.meta;
        const recorded = { accuracySource: meta?.accuracySource, costSpec: meta?.costSpec, costDevice: meta?.costDevice };
        const frontier = await measuredFrontier(archive, axis, recorded);
        if (options.json) {
          printJson({ archive, checkpoint: checkpoint?.path ?? null, cost_model: axis.costModel, cost_unit: axis.unit, records: frontier.records,
            with_top1: frontier.measured, points: frontier.points.map((p) => ({ cost: p.cost, top1: p.accuracy, origin: p.origin, pnag: p.pnag, width: p.width,
              resolution: p.resolution })), notes: frontier.notes });
          return;
        }
        if (options.csv) {
          process.stdout.write(csvOf(frontier));
          return;
        }
        printFrontier(frontier, archive, axis.label, existsSync(archive));
      }),
    );
}

function csvOf(frontier: MeasuredFrontier): string {
  const lines = ['cost,top1,origin,pnag,width,resolution'];
  for (const p of frontier.points) lines.push([p.cost, p.accuracy, p.origin, p.pnag, p.width, p.resolution].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

function printFrontier(frontier: MeasuredFrontier, archive: string, axisLabel: string, present: boolean): void {
  if (!present) {
    console.log(`No archive at ${archive} yet: pnag train (or pnag import) fills it.`);
    return;
  }
  console.log(`Measured frontier of ${archive}, ${axisLabel}: ${frontier.points.length} networks of ${frontier.measured} with a top-1 (${frontier.records} records)`);
  if (frontier.points.length > 0) {
    console.log(`${'cost'.padStart(9)}  ${'top-1'.padStart(6)}  network`);
    for (const p of frontier.points) {
      console.log(`${fixed(p.cost, p.cost < 100 ? 2 : 1).padStart(9)}  ${fixed(p.accuracy, 2).padStart(6)}  ${p.pnag}  (w${p.width.toFixed(1)} r${p.resolution}${p.origin === 'estimate' ? ', estimate' : ''})`);
    }
  }
  for (const note of frontier.notes) console.log(note);
}
