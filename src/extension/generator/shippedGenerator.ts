// Which generator shipped in the package serves a workspace that has none of its own: the one a training
// with these settings would make (OFA's built-in predictor, a built-in task, every training setting at its
// default). Light: decides from the settings and file names, without loading the engine.
import { BUILTIN_OFA_SPEC } from '../../core/sources/sourceSpec';
import { builtinGeneratorForTraining } from '../../core/pipeline/builtinGenerators';
import { type PnagSettings, trainOptionsOf } from '../settings/pnagSettings';

export interface ShippedGeneratorContext {
  readonly settings: PnagSettings;
  /** The accuracy spec the settings make (undefined: `auto`). */
  readonly accuracy: string | undefined;
  /** pnag.width / pnag.resolution where the user set them. */
  readonly shape: { readonly width?: number; readonly resolution?: number };
  /**
   * Whether the workspace has an archive: with `auto`, measured top-1 in it would make the archive the
   * source, so the engine decides (and trains) rather than the host guessing.
   */
  readonly archiveExists: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** The shipped checkpoint's path, or undefined when the settings ask for anything it was not trained for. */
export function shippedGeneratorPath(context: ShippedGeneratorContext): string | undefined {
  const env = context.env ?? process.env;
  let accuracySpec: string;
  if (context.accuracy === undefined) {
    if (context.archiveExists || env.PNAG_OFA_PREDICTOR) return undefined;
    accuracySpec = BUILTIN_OFA_SPEC;
  } else if (/^ofa(:builtin)?$/i.test(context.accuracy.trim())) {
    accuracySpec = BUILTIN_OFA_SPEC;
  } else {
    return undefined;
  }
  return builtinGeneratorForTraining({ ...trainOptionsOf(context.settings, undefined), ...context.shape }, accuracySpec)?.path;
}
