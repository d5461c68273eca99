import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Archive, DEFAULT_ARCHIVE_PATH } from '../archive/archive';
import type { AccuracySourceSpec } from '../sources/sourceSpec';
import { MEASURED_TOP1 } from '../sources/measuredMetric';
import type { CostModelSpec } from './costModelSpec';

/** Environment variable naming another copy of OFA's predictor (`.pth` or JSON weights) to use instead of the built-in one. */
export const OFA_PREDICTOR_ENV = 'PNAG_OFA_PREDICTOR';
/** A workspace archive counts as training data from this many measured architectures on. */
export const MIN_ARCHIVE_ARCHS = 50;

export interface SourceContext {
  /** The workspace folder; `.pnag/` lives here. */
  readonly workspace: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface DefaultSources {
  readonly accuracy: AccuracySourceSpec;
  readonly cost: CostModelSpec;
  /** One line saying which sources were chosen and why, for the user. */
  readonly reason: string;
  /** The accuracy half of `reason`, without its `accuracy: ` lead. */
  readonly accuracyReason: string;
}

export function workspaceArchivePath(workspace: string): string {
  return join(workspace, DEFAULT_ARCHIVE_PATH);
}

/**
 * The embedded defaults (accuracy source `auto`): cost = MAdds (PNAG's count); accuracy = the workspace
 * archive if it holds measured top-1, else OFA's predictor (the copy `$PNAG_OFA_PREDICTOR` names, else the
 * one shipped in the package).
 */
export function defaultSources(context: SourceContext): DefaultSources {
  const env = context.env ?? process.env;
  const cost: CostModelSpec = { kind: 'madds', count: 'pnag' };
  const chosen = (accuracy: AccuracySourceSpec, accuracyReason: string): DefaultSources => ({
    accuracy,
    cost,
    accuracyReason,
    reason: `accuracy: ${accuracyReason}; cost: MAdds (PNAG count)`,
  });
  const archivePath = workspaceArchivePath(context.workspace);
  let archiveNote = `no workspace archive at ${archivePath}`;
  if (existsSync(archivePath)) {
    const measured = Archive.open(archivePath).withMetric(MEASURED_TOP1).length;
    if (measured >= MIN_ARCHIVE_ARCHS) {
      return chosen({ kind: 'archive', path: archivePath }, `the workspace archive ${archivePath} (${measured} architectures with measured top-1)`);
    }
    archiveNote = `the workspace archive has ${measured} architectures with measured top-1 (fewer than ${MIN_ARCHIVE_ARCHS})`;
  }
  const configured = env[OFA_PREDICTOR_ENV];
  if (configured) {
    return chosen({ kind: 'ofa', path: resolve(context.workspace, configured) }, `OFA's predictor from $${OFA_PREDICTOR_ENV} (${configured}), ${archiveNote}`);
  }
  return chosen({ kind: 'ofa' }, `OFA's predictor (built-in), ${archiveNote}`);
}
