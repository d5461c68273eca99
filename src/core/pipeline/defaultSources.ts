import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive, DEFAULT_ARCHIVE_PATH } from '../archive/archive';
import { OFA_PREDICTOR_FILE_NAME } from '../predict/ofaPredictorFetch';
import { AccuracySourceSpec } from '../sources/sourceSpec';
import { MEASURED_TOP1 } from './accuracySources';
import { CostModelSpec } from './costModelSpec';
import { DEFAULT_PROXY_ESTIMATOR } from '../proxy/proxyAccuracySource';

/** Environment variable naming a local copy of OFA's predictor (`.pth` or JSON weights). */
export const OFA_PREDICTOR_ENV = 'PNAG_OFA_PREDICTOR';
/** Environment variable overriding the cache folder (where OFA's predictor is fetched to). */
export const CACHE_DIR_ENV = 'PNAG_CACHE_DIR';
/** A workspace archive counts as training data from this many measured architectures on. */
export const MIN_ARCHIVE_ARCHS = 50;

export interface SourceContext {
  /** The workspace folder; `.pnag/` lives here. */
  readonly workspace: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Folder OFA's predictor is fetched into (the extension passes its global storage). */
  readonly cacheDir?: string;
}

export interface DefaultSources {
  readonly accuracy: AccuracySourceSpec;
  readonly cost: CostModelSpec;
  /** One line saying which sources were chosen and why, for the user. */
  readonly reason: string;
}

/** `$PNAG_CACHE_DIR`, else `$XDG_CACHE_HOME/pnag`, else `~/.cache/pnag`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[CACHE_DIR_ENV]) return resolve(env[CACHE_DIR_ENV]);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'pnag');
}

export function workspaceArchivePath(workspace: string): string {
  return join(workspace, DEFAULT_ARCHIVE_PATH);
}

/**
 * The embedded defaults: cost = MAdds (PNAG's count); accuracy = the workspace archive if it holds
 * measured top-1, else OFA's predictor if a copy is configured or cached, else the offline estimate.
 */
export function defaultSources(context: SourceContext): DefaultSources {
  const env = context.env ?? process.env;
  const cost: CostModelSpec = { kind: 'madds', count: 'pnag' };
  const archivePath = workspaceArchivePath(context.workspace);
  let archiveNote = `no workspace archive at ${archivePath}`;
  if (existsSync(archivePath)) {
    const measured = Archive.open(archivePath).withMetric(MEASURED_TOP1).length;
    if (measured >= MIN_ARCHIVE_ARCHS) {
      return {
        accuracy: { kind: 'archive', path: archivePath },
        cost,
        reason: `accuracy: the workspace archive ${archivePath} (${measured} architectures with measured top-1); cost: MAdds (PNAG count)`,
      };
    }
    archiveNote = `the workspace archive has ${measured} architectures with measured top-1 (fewer than ${MIN_ARCHIVE_ARCHS})`;
  }
  const configured = env[OFA_PREDICTOR_ENV];
  if (configured) {
    return {
      accuracy: { kind: 'ofa', path: resolve(context.workspace, configured) },
      cost,
      reason: `accuracy: OFA's predictor from $${OFA_PREDICTOR_ENV} (${configured}), ${archiveNote}; cost: MAdds (PNAG count)`,
    };
  }
  const cached = join(context.cacheDir ?? defaultCacheDir(env), OFA_PREDICTOR_FILE_NAME);
  if (existsSync(cached)) {
    return { accuracy: { kind: 'ofa', path: cached }, cost, reason: `accuracy: OFA's predictor cached at ${cached}, ${archiveNote}; cost: MAdds (PNAG count)` };
  }
  return {
    accuracy: { kind: 'proxy', name: DEFAULT_PROXY_ESTIMATOR },
    cost,
    reason:
      `accuracy: the offline training-free estimate (proxy:${DEFAULT_PROXY_ESTIMATOR}; numbers are estimates), since ${archiveNote}, ` +
      `$${OFA_PREDICTOR_ENV} is not set and OFA's predictor is not cached at ${cached}; cost: MAdds (PNAG count)`,
  };
}
