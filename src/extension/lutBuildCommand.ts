import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { LutBuildRequest, LutBuildResult, LutProgress, TimingClock } from '../shared/engineProtocol';
import type { EngineHost } from './engineHost';
import { runWorkerJob } from './runWorkerJob';
import { SECTION, readSettings } from './settings/readSettings';
import { duration } from './trainingProgress';

export const LUT_BUILD_COMMAND = 'pnag.buildLatencyTable';
const USE = 'Use as cost model';

/** The command's argument (tests answer the offer with it; from the palette it is absent and a button asks). */
export interface LutBuildCommandOptions {
  readonly useAsCostModel?: boolean;
}

export interface LutBuildOutcome {
  readonly result?: LutBuildResult;
  readonly cancelled: boolean;
  /** The `pnag.costModel` value written, when the table was taken as the cost model. */
  readonly costModel?: string;
}

/** `operators 48/96 · r160 · about 40 s left` (kept ones named on a resumed build). */
export function describeLutProgress(p: LutProgress): string {
  const parts = [`operators ${p.done}/${p.total}`, `r${p.resolution}`];
  if (p.kept > 0) parts.push(`${p.kept} kept from before`);
  if (p.etaSeconds !== undefined) parts.push(`about ${duration(p.etaSeconds)} left`);
  return parts.join(' · ');
}

/** The request the settings make: pnag.lut.* for the build, pnag.width and pnag.backend as training uses them. */
export function lutRequestFromSettings(host: EngineHost): LutBuildRequest {
  const settings = readSettings();
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    workspace: host.workspaceDir(),
    resolutions: c.get<number[]>('lut.resolutions', [160, 176, 192, 208, 224]),
    width: settings.width,
    repeats: c.get<number>('lut.repeats', 20),
    clock: c.get<TimingClock>('lut.clock', 'cpu'),
    backend: settings.backend,
  };
}

async function offerCostModel(result: LutBuildResult, options: LutBuildCommandOptions, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const summary = `PNAG: latency table for ${result.device} ready (${result.measured} operators timed, ${result.kept} kept, ${result.seconds.toFixed(0)} s).`;
  let use = options.useAsCostModel;
  if (use === undefined) use = (await vscode.window.showInformationMessage(`${summary} Use it as the cost model?`, USE, 'Not now')) === USE;
  else void vscode.window.showInformationMessage(summary);
  if (!use) return undefined;
  // Without a folder the setting goes to the user's settings, beside the global-storage table.
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('costModel', result.costSpec, target);
  log.info(`lut: pnag.costModel = ${result.costSpec}`);
  return result.costSpec;
}

/**
 * Builds latency tables for this machine in the worker behind a cancellable notification (operators done,
 * resolution, time left). A cancelled build keeps every timed operator; running the command again resumes.
 */
export async function runLutBuild(host: EngineHost, options: LutBuildCommandOptions = {}): Promise<LutBuildOutcome | undefined> {
  const { log } = host;
  let request: LutBuildRequest;
  try {
    request = lutRequestFromSettings(host);
  } catch (error) {
    void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
    return undefined;
  }
  log.info(`lut: ${JSON.stringify(request)}`);
  const outcome = await runWorkerJob(host, {
    kind: 'lutBuild',
    request,
    title: 'PNAG: Building latency table',
    logPrefix: 'lut',
    busyMessage: 'PNAG: a latency table is already being built; cancel it from its notification first.',
    describe: (p) => ({ fraction: p.total > 0 ? p.done / p.total : 0, text: describeLutProgress(p), last: p.done === p.total }),
    cancelled: () => ({
      log: 'cancelled; the operators timed so far are kept',
      message: 'PNAG: latency table cancelled; the operators timed so far are kept, and running the command again resumes.',
    }),
    failure: 'building the latency table',
  });
  if (outcome.status === 'cancelled') return { cancelled: true };
  if (outcome.status !== 'done') return undefined;
  const { result } = outcome;
  log.info(`lut: done in ${result.seconds.toFixed(1)} s: ${result.files.join(', ')} (${result.backend}, ${result.clock} clock)`);
  const costModel = await offerCostModel(result, options, log);
  return { result, cancelled: false, ...(costModel !== undefined ? { costModel } : {}) };
}

export function registerLutBuildCommand(host: EngineHost): vscode.Disposable {
  return vscode.commands.registerCommand(LUT_BUILD_COMMAND, (options?: LutBuildCommandOptions) =>
    runLutBuild(host, typeof options === 'object' && options !== null ? options : {}),
  );
}
