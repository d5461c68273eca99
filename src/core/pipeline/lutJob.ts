import { join, resolve } from 'node:path';
import { InputError } from '../errors';
import { buildLatencyTables, defaultLutDevice } from '../lutBuild/lutBuilder';
import { initBackend } from '../tf/backend';
import type { HooksOf, LutBuildRequest, LutBuildResult, TimingClock } from '../../shared/engineProtocol';
import { checkBackend } from './jobOptions';

/** `<workspace>/.pnag/lut-<device>`: one folder per device name, which already names backend and clock. */
export function defaultLutDir(workspace: string, device: string): string {
  return join(resolve(workspace), '.pnag', `lut-${device}`);
}

/**
 * Builds (or resumes) latency tables for this machine in the calling thread (the worker) with
 * `buildLatencyTables`, reporting `lut` progress with an ETA from the operators timed so far.
 */
export async function lutBuildJob(request: LutBuildRequest, hooks: HooksOf<'lutBuild'> = {}): Promise<LutBuildResult> {
  const clock: TimingClock = request.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'cpu') throw new InputError(`clock: "${String(clock)}" is not one of wall, cpu`);
  // The process's backend is chosen once; the table records the one that really timed it.
  const choice = checkBackend(request.backend);
  const backend = await initBackend(choice);
  const device = request.device ?? `${defaultLutDevice(backend)}${clock === 'cpu' ? '-cputime' : ''}`;
  const outDir = request.outDir !== undefined ? resolve(request.workspace, request.outDir) : defaultLutDir(request.workspace, device);
  hooks.onNote?.(`latency tables for ${device} in ${outDir}`);
  // Kept operators report at once, so the rate of the timed ones alone gives the time left.
  const started = performance.now();
  let timed = 0;
  let kept = 0;
  const summary = await buildLatencyTables({
    outDir,
    resolutions: request.resolutions,
    width: request.width,
    repeats: request.repeats,
    warmup: request.warmup,
    backend: choice,
    device,
    clock,
    signal: hooks.signal,
    onProgress: (p) => {
      if (p.kept) kept++;
      else timed++;
      const etaSeconds = timed > 0 ? ((performance.now() - started) / 1000 / timed) * (p.total - p.done) : undefined;
      hooks.onProgress?.({ done: p.done, total: p.total, resolution: p.resolution, kept, ...(etaSeconds !== undefined ? { etaSeconds } : {}) });
    },
  });
  if (summary.kept > 0) hooks.onNote?.(`kept ${summary.kept} operators timed before; timed ${summary.measured}`);
  return {
    kind: 'lutBuild',
    outDir,
    costSpec: `lut:${outDir}`,
    files: summary.files,
    measured: summary.measured,
    kept: summary.kept,
    seconds: summary.seconds,
    device: summary.device,
    backend: summary.backend,
    clock,
  };
}
