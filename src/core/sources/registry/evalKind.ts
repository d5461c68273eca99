import { InputError } from '../../errors';
import { clusterEvaluatorFor } from '../../cluster/clusterRunner';
import { ExternalEvaluator } from '../externalEvaluator';
import type { AccuracySourceKind } from './accuracySourceKind';

/** `eval:<command>`: the user's evaluator, spoken to in JSON Lines (docs/evaluator-protocol.md). */
export interface EvalSourceSpec {
  readonly kind: 'eval';
  readonly command: string;
}

/** How `pnag.accuracySource` names this kind: the command itself is read from `pnag.evaluatorCommand`. */
export const EVALUATOR_SETTING = 'evaluator';

/**
 * The only kind that runs a command. In settings it is written `evaluator` and the command comes from
 * `pnag.evaluatorCommand` (restricted to trusted workspaces), never from `pnag.accuracySource` itself.
 */
export const evalKind: AccuracySourceKind<EvalSourceSpec> = {
  kind: 'eval',
  forms: ['eval:<command>'],
  settingsForms: [EVALUATOR_SETTING],
  examples: ['eval:python eval_subnet.py --gpu 0', 'eval:./evaluate.sh'],
  settingsPattern: EVALUATOR_SETTING,
  picks: [{ label: 'Your evaluator command', description: 'runs pnag.evaluatorCommand (trusted workspaces only)', value: EVALUATOR_SETTING }],
  description: 'your evaluator command: a measurement of each network',
  capabilities: { runsCommand: true, measured: true, isEstimate: false },
  parse(rest, where) {
    if (rest === '') throw new InputError(`${where}: "eval" needs command, as in eval:<command>`);
    return { kind: 'eval', command: rest };
  },
  format: (spec) => `eval:${spec.command}`,
  describe: (spec) => `your evaluator command (${spec.command})`,
  open: async (spec, context) =>
    context.runner === 'slurm'
      ? clusterEvaluatorFor(spec.command, context)
      : new ExternalEvaluator({ command: spec.command, cwd: context.cwd, archive: context.archive, log: context.log, ...context.evaluator }),
};
