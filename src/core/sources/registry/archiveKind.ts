import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Archive } from '../../archive/archive';
import { InputError } from '../../errors';
import { checkNotFolder } from '../../util/fileKind';
import { ArchiveAccuracySource } from '../archiveSource';
import { MEASURED_TOP1 } from '../measuredMetric';
import type { AccuracySourceKind } from './accuracySourceKind';

/** `archive:<path>`: measured top-1 in a JSONL archive. */
export interface ArchiveSourceSpec {
  readonly kind: 'archive';
  readonly path: string;
}

/** An archive that must hold measured top-1, for `archive:<path>`. */
export function openMeasuredArchive(path: string): Archive {
  if (!existsSync(path)) throw new InputError(`archive:${path}: no such file`);
  checkNotFolder(path, 'archive:');
  const archive = Archive.open(path);
  if (archive.withMetric(MEASURED_TOP1).length === 0) {
    throw new InputError(`archive:${path}: no architecture has a "${MEASURED_TOP1}" metric (${archive.size} records); import measured accuracies with pnag import`);
  }
  return archive;
}

export const archiveKind: AccuracySourceKind<ArchiveSourceSpec> = {
  kind: 'archive',
  forms: ['archive:<path>'],
  settingsForms: ['archive:<path>'],
  examples: ['archive:.pnag/archive.jsonl', 'archive:/data/measured.jsonl'],
  settingsPattern: 'archive:.+',
  picks: [{ label: 'Measured accuracies in an archive', description: 'JSONL archive with top1', value: { prefix: 'archive:', pickLabel: 'Archive', extensions: ['jsonl'] } }],
  description: 'measured top-1 stored in an archive (only the architectures it holds)',
  capabilities: { runsCommand: false, measured: true, isEstimate: false },
  parse(rest, where) {
    if (rest === '') throw new InputError(`${where}: "archive" needs path, as in archive:<path>`);
    return { kind: 'archive', path: rest };
  },
  format: (spec) => `archive:${spec.path}`,
  datasetPath: (spec) => spec.path,
  open: async (spec) => new ArchiveAccuracySource(openMeasuredArchive(spec.path), MEASURED_TOP1),
  absolute: (spec, base) => ({ ...spec, path: resolve(base, spec.path) }),
};
