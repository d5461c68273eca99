// The `pnag.*` settings as typed values, and the trust rule for the evaluator command. No `vscode` here:
// the rules are unit-tested in plain Node; readSettings.ts feeds them from the workspace configuration.
import { InputError } from '../../core/errors';
import { ACCURACY_SETTINGS_FORMS, ACCURACY_SETTINGS_PATTERN, AUTO_SETTING, runsCommand } from '../../core/sources/registry/accuracySourceRegistry';
import { EVALUATOR_SETTING } from '../../core/sources/registry/evalKind';
import type { JsonInsertion, PythonInsertion } from '../../core/format/architectureInsertion';
import type { EngineBackend, TrainRequest } from '../../shared/engineProtocol';

export type Backend = EngineBackend;

export interface PnagSettings {
  /** `madds`, `madds:ofa`, `lut:<dir|file>`, `measure`. */
  readonly costModel: string;
  /** `auto`, `ofa` (built-in), `ofa:<path>`, `archive:<path>`, `proxy[:<name>]`, or `evaluator` (runs pnag.evaluatorCommand). */
  readonly accuracySource: string;
  readonly width: number;
  readonly resolution: number;
  /** Training budgets `low:high` or a list; empty: the engine's default for the cost model. */
  readonly budgets: string;
  readonly k: number;
  readonly trainingSteps: number;
  readonly evaluatorEpochs: number;
  /** Architectures to label; 0: the engine's default for the source. */
  readonly archiveSize: number;
  /** Frontier-round queries during training; null: the engine's default for the source, 0: off. */
  readonly frontierQueries: number | null;
  /** Evaluations paid for in all with an evaluator (null: the engine's default, 1,000). */
  readonly evaluations: number | null;
  /** Networks the evaluator failed on before are neither counted as spent nor kept from being asked (after a fix to it). */
  readonly forgetFailures: boolean;
  /** With an evaluator: frontier rounds draw the next pick as each answer comes instead of in batches. */
  readonly asynchronousRounds: boolean;
  readonly seed: number;
  readonly bestOf: number;
  /** Accuracy-source queries per generation (Generate command only; the Frontier sweep uses 0). */
  readonly sourceQueries: number;
  readonly pythonInsertion: PythonInsertion;
  readonly jsonInsertion: JsonInsertion;
  readonly backend: Backend;
}

/** Where one value of the evaluator command came from, as `WorkspaceConfiguration.inspect` tells it. */
export interface ScopedValue<T> {
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/**
 * The evaluator command that may run. In an untrusted workspace the workspace's own values are ignored:
 * a cloned repository must not be able to make the editor run a command of its choosing.
 */
export function trustedEvaluatorCommand(scoped: ScopedValue<string> | undefined, trusted: boolean): { command?: string; ignored?: string } {
  const fromWorkspace = scoped?.workspaceFolderValue ?? scoped?.workspaceValue;
  const fromUser = scoped?.globalValue;
  if (trusted) {
    const command = (fromWorkspace ?? fromUser)?.trim();
    return command ? { command } : {};
  }
  const command = fromUser?.trim();
  const ignored = fromWorkspace?.trim();
  return { ...(command ? { command } : {}), ...(ignored ? { ignored } : {}) };
}

/**
 * The accuracy spec to send to the engine, or undefined for the engine's defaults. `eval:` written straight
 * into pnag.accuracySource is refused: commands come only from pnag.evaluatorCommand, which is restricted.
 */
export function accuracySpecOf(accuracySource: string, evaluator: { command?: string; ignored?: string }): string | undefined {
  const value = accuracySource.trim();
  if (value === '' || value === AUTO_SETTING) return undefined;
  if (runsCommand(value)) {
    throw new InputError(`pnag.accuracySource: "${value}": set it to "${EVALUATOR_SETTING}" and put the command in pnag.evaluatorCommand`);
  }
  if (value === EVALUATOR_SETTING) {
    if (evaluator.command) return `eval:${evaluator.command}`;
    if (evaluator.ignored) {
      throw new InputError(
        `pnag.accuracySource is "evaluator", but this workspace is not trusted, so its pnag.evaluatorCommand ("${evaluator.ignored}") does not run; trust the workspace or set the command in your user settings`,
      );
    }
    throw new InputError('pnag.accuracySource is "evaluator", but pnag.evaluatorCommand is empty');
  }
  if (!new RegExp(ACCURACY_SETTINGS_PATTERN).test(value)) {
    throw new InputError(`pnag.accuracySource: "${value}" is not one of ${ACCURACY_SETTINGS_FORMS.join(', ')}`);
  }
  return value;
}

/**
 * An evaluation budget decides how many architectures are sampled and queried, so it cannot be combined
 * with the settings that size those by hand. Checked here so the error names the settings, not CLI flags.
 */
export function checkEvaluationBudgetSettings(settings: Pick<PnagSettings, 'evaluations' | 'archiveSize' | 'frontierQueries'>): void {
  if (settings.evaluations === null) return;
  const sizedByHand = [
    ...(settings.archiveSize > 0 ? [`pnag.archiveSize (${settings.archiveSize}) to 0`] : []),
    ...(settings.frontierQueries !== null ? [`pnag.frontierQueries (${settings.frontierQueries}) empty`] : []),
  ];
  if (sizedByHand.length > 0) {
    throw new InputError(`pnag.evaluations (${settings.evaluations}) decides how many architectures are sampled and queried: set ${sizedByHand.join(' and ')}, or leave pnag.evaluations empty`);
  }
}

/** The training request fields the settings decide (the engine fills what is left undefined). */
export function trainOptionsOf(
  settings: PnagSettings,
  accuracy: string | undefined,
): Pick<TrainRequest, 'accuracy' | 'budgets' | 'archiveSize' | 'frontierQueries' | 'evaluations' | 'forgetFailures' | 'asynchronousRounds'> &
  Required<Pick<TrainRequest, 'cost' | 'k' | 'seed' | 'evaluatorEpochs' | 'generatorSteps'>> {
  return {
    ...(accuracy !== undefined ? { accuracy } : {}),
    cost: settings.costModel.trim() || 'madds',
    ...(settings.budgets.trim() !== '' ? { budgets: settings.budgets.trim() } : {}),
    k: settings.k,
    seed: settings.seed,
    ...(settings.archiveSize > 0 ? { archiveSize: settings.archiveSize } : {}),
    ...(settings.frontierQueries !== null ? { frontierQueries: settings.frontierQueries } : {}),
    ...(settings.evaluations !== null ? { evaluations: settings.evaluations } : {}),
    ...(settings.forgetFailures ? { forgetFailures: true } : {}),
    // Rounds only an evaluator's evaluation budget has: another source would refuse it.
    ...(settings.asynchronousRounds && accuracy?.startsWith('eval:') ? { asynchronousRounds: true } : {}),
    evaluatorEpochs: settings.evaluatorEpochs,
    generatorSteps: settings.trainingSteps,
  };
}
