import { resolve } from 'node:path';
import { OfaPredictor } from '../../predict/ofaPredictor';
import type { AccuracySourceKind } from './accuracySourceKind';

/** `ofa` / `ofa:builtin` (the copy shipped in the package) or `ofa:<path.pth|path.json>`; no path: the built-in copy. */
export interface OfaSourceSpec {
  readonly kind: 'ofa';
  readonly path?: string;
}

/** How the built-in predictor is written in checkpoints and settings; a file named so is `ofa:./builtin`. */
export const BUILTIN_OFA_SPEC = 'ofa:builtin';

/** OFA's accuracy predictor: an MLP over the architecture encoding, answered in JS. */
export const ofaKind: AccuracySourceKind<OfaSourceSpec> = {
  kind: 'ofa',
  forms: ['ofa', 'ofa:<path.pth|path.json>'],
  settingsForms: ['ofa', 'ofa:<path>'],
  examples: ['ofa', 'ofa:builtin', 'ofa:/models/acc_predictor.pth', 'ofa:C:\\models\\weights.json'],
  settingsPattern: 'ofa(:.+)?',
  picks: [
    { label: "OFA's accuracy predictor", description: 'acc_predictor.pth or its JSON weights', value: { prefix: 'ofa:', pickLabel: "OFA's predictor", extensions: ['pth', 'json'] } },
  ],
  description: "OFA's accuracy predictor (a prediction of supernet top-1)",
  capabilities: { runsCommand: false, measured: false, isEstimate: false },
  parse: (rest) => (rest === '' || rest.toLowerCase() === 'builtin' ? { kind: 'ofa' } : { kind: 'ofa', path: rest }),
  format: (spec) => (spec.path === undefined ? BUILTIN_OFA_SPEC : `ofa:${spec.path}`),
  // A missing file is the predictor's own InputError: "<path>: cannot read the OFA predictor file (ENOENT)".
  open: async (spec) => (spec.path === undefined ? OfaPredictor.builtin() : OfaPredictor.fromFile(spec.path)),
  absolute: (spec, base) => (spec.path === undefined ? spec : { ...spec, path: resolve(base, spec.path) }),
  caveat: "OFA's predictor scores supernet weights; fine-tuned results read about 3 points lower.",
};
