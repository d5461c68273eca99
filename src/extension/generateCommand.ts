import * as vscode from 'vscode';
import { isInputError, messageOf } from '../core/errors';
import { paramsM } from '../core/cost/params';
import { costUnitDescriptor } from '../core/cost/registry/costModelRegistry';
import type { Arch } from '../core/space/arch';
import { parsePnagString } from '../core/space/pnagString';
import type { GenerateResult } from '../shared/engineProtocol';
import { runWorkerJob } from './runWorkerJob';
import type { EngineHost } from './engineHost';
import { checkBudget, describeRange } from './generator/budgetValidation';
import type { CheckpointMeta } from '../core/pipeline/checkpointMeta';
import { describeTrainingSources } from './generator/trainingSources';
import { insertArchitecture, targetEditor } from './insertion/insertAtCursor';
import { accuracySpecFromSettings, readSettings, runnerFromSettings, settingsAccuracySpec } from './settings/readSettings';
import { runsCommand } from '../core/sources/registry/accuracySourceRegistry';
import { runTraining } from './trainCommand';

export const GENERATE_COMMAND = 'pnag.generateForBudget';
export const COMMAND_TITLE = 'PNAG: Generate architecture for budget';
const TRAIN_FIRST = 'Train generator';

/** What other code (the Frontier view, tests) may pass instead of typing: a budget, and consent to train. */
export interface GenerateArgument {
  readonly budget?: string;
  /** Train without asking when there is no generator yet. */
  readonly trainIfMissing?: boolean;
}

function argumentOf(value: unknown): GenerateArgument {
  if (typeof value === 'string') return { budget: value };
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return {
      ...(typeof record.budget === 'string' ? { budget: record.budget } : {}),
      ...(record.trainIfMissing === true ? { trainIfMissing: true } : {}),
    };
  }
  return {};
}

function severityOf(severity: 'error' | 'warning'): vscode.InputBoxValidationSeverity {
  return severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning;
}

/** Asks for a budget, checking it as the user types; undefined when cancelled. */
function askForBudget(info: CheckpointMeta): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    const middle = (info.budgets[0] + info.budgets[info.budgets.length - 1]) / 2;
    input.title = COMMAND_TITLE;
    input.prompt = `Budget with its unit (${costUnitDescriptor(info.unit).hint}). Trained range: ${describeRange(info)}; accuracy from ${info.accuracySource}${info.estimate ? ' (an estimate)' : ''}.`;
    input.placeholder = `e.g. ${Math.round(middle)}${costUnitDescriptor(info.unit).suffix}`;
    input.ignoreFocusOut = true;
    let result: string | undefined;
    const validate = (value: string) => {
      const check = checkBudget(value, info);
      input.validationMessage = check.message && check.severity ? { message: check.message, severity: severityOf(check.severity) } : undefined;
      return check;
    };
    const subscriptions = [
      input.onDidChangeValue(validate),
      input.onDidAccept(() => {
        const check = validate(input.value);
        if (check.budget) {
          result = input.value;
          input.hide();
        } else if (!check.message) {
          input.validationMessage = { message: `Type a budget, e.g. ${input.placeholder?.slice(5)}`, severity: vscode.InputBoxValidationSeverity.Error };
        }
      }),
      input.onDidHide(() => {
        subscriptions.forEach((s) => s.dispose());
        input.dispose();
        resolve(result);
      }),
    ];
    input.show();
  });
}

/** The generator's summary, training first (after asking, and naming the sources) when there is none. */
async function ensureGenerator(host: EngineHost, argument: GenerateArgument): Promise<CheckpointMeta | undefined> {
  const existing = await host.generatorInfo();
  if (existing) return existing;
  let sources: string;
  try {
    const settings = readSettings();
    sources = describeTrainingSources({
      accuracy: accuracySpecFromSettings(settings),
      cost: settings.costModel,
      workspace: host.workspaceDir(),
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
    return undefined;
  }
  if (!argument.trainIfMissing) {
    const choice = await vscode.window.showInformationMessage(
      `PNAG: there is no trained generator here yet. Train one first? It learns from ${sources}.`,
      TRAIN_FIRST,
      'Cancel',
    );
    if (choice !== TRAIN_FIRST) return undefined;
  }
  const outcome = await runTraining(host);
  if (!outcome?.result) return undefined;
  return host.generatorInfo();
}

async function generateInWorker(host: EngineHost, budget: string): Promise<GenerateResult | undefined> {
  const settings = readSettings();
  const accuracy = settingsAccuracySpec();
  let runner: ReturnType<typeof runnerFromSettings> = {};
  try {
    // An evaluator measuring the pick runs where the training's ran (pnag.runner, pnag.slurm.*: restricted settings).
    if (accuracy !== undefined && runsCommand(accuracy)) runner = runnerFromSettings();
  } catch (error) {
    void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
    return undefined;
  }
  const outcome = await runWorkerJob(host, {
    kind: 'generate',
    request: {
      workspace: host.workspaceDir(),
      budget,
      checkpoint: host.generatorPath() ?? host.checkpointPath(),
      bestOf: settings.bestOf,
      sourceQueries: settings.sourceQueries,
      // From the settings now (trust rule applied), never from the workspace's checkpoint.
      ...(accuracy !== undefined ? { accuracy } : {}),
      backend: settings.backend,
      // With pnag.forgetFailures, a network the evaluator failed on before may be asked again (as training does).
      ...(runner.runner !== undefined || settings.forgetFailures ? { train: { ...runner, ...(settings.forgetFailures ? { forgetFailures: true } : {}) } } : {}),
    },
    title: `PNAG: generating for ${budget}`,
    // Every note of the job is logged as it happens (result.notes repeats them).
    logPrefix: 'generate',
    failure: (error) => {
      host.log.warn(`generate: ${messageOf(error)}`);
      void vscode.window.showErrorMessage(`PNAG: ${isInputError(error) ? '' : 'generation failed: '}${messageOf(error)}`);
    },
  });
  return outcome.status === 'done' ? outcome.result : undefined;
}

/**
 * Runs the command. Resolves to the inserted text, or undefined when nothing was inserted (cancelled,
 * a bad budget, an error that was shown).
 */
async function generate(host: EngineHost, onArch: (arch: Arch) => void, raw: unknown): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor;
  const argument = argumentOf(raw);
  const info = await ensureGenerator(host, argument);
  if (!info) return undefined;
  const budget = argument.budget ?? (await askForBudget(info));
  if (budget === undefined) return undefined;
  const check = checkBudget(budget, info);
  if (!check.budget) {
    void vscode.window.showErrorMessage(`PNAG: ${check.message ?? 'no budget given'}`);
    return undefined;
  }
  const result = await generateInWorker(host, budget);
  if (!result) return undefined;
  const arch = parsePnagString(result.pnag, { width: result.width, resolution: result.resolution });
  host.log.info(`generate ${budget}: ${result.pnag} r${result.resolution} w${result.width}, ${result.madds_M}M MAdds, top-1 ${result.top1 ?? '?'} (${result.source})${result.repaired ? ', repaired to fit' : ''}${result.clamped ? ', budget clamped to the trained range' : ''}`);
  onArch(arch);
  const editor = await targetEditor(active);
  return insertArchitecture(editor, arch, {
    budget: budget.trim(),
    maddsM: result.madds_M,
    latencyMs: result.latency_ms,
    costModel: result.costModel,
    paramsM: paramsM(arch),
    top1: result.top1,
    accuracySource: result.source,
    estimate: result.estimate,
    ...(result.predictedTop1 ? { predicted: result.predictedTop1 } : {}),
  });
}

export function registerGenerateCommand(host: EngineHost, onArch: (arch: Arch) => void): vscode.Disposable {
  return vscode.commands.registerCommand(GENERATE_COMMAND, (argument?: unknown) => generate(host, onArch, argument));
}
