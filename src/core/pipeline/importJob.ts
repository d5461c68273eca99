import { resolve } from 'node:path';
import { Archive, DEFAULT_ARCHIVE_PATH } from '../archive/archive';
import { importFile } from '../archive/importFile';
import { IMPORT_FORMATS, type ImportFormat } from '../archive/importTypes';
import { InputError } from '../errors';
import { checkWriteTarget } from '../fs/fileKind';
import { resolveWriteTarget } from '../fs/writeTarget';
import { checkResolution, checkWidth } from '../space/arch';
import { checkNotFolder } from '../util/fileKind';
import { quoteValue } from '../util/quoteValue';
import type { ImportRequest, ImportResult } from '../../shared/engineProtocol';

/** What an import reports: the import's counts and skipped rows, the archive written and its size after. */
export type ImportSummary = Omit<ImportResult, 'kind'>;

/**
 * Adds the evaluated architectures of a file to an archive (`pnag import`, the Import archive command).
 * Every check runs before the file is read, and an import never replaces a checkpoint or another file.
 */
export function importIntoArchive(request: ImportRequest): ImportSummary {
  if (request.width !== undefined) checkWidth(request.width, '--width');
  if (request.resolution !== undefined) checkResolution(request.resolution, '--resolution');
  const format = checkFormat(request.format);
  // The file's name is quoted as given in every skipped row's message.
  checkNotFolder(request.file, 'import');
  const archivePath = resolve(request.workspace, request.archive ?? DEFAULT_ARCHIVE_PATH);
  checkNotFolder(archivePath, '--archive');
  checkWriteTarget(resolveWriteTarget(archivePath), 'archive', '--archive');
  const archive = Archive.open(archivePath);
  const result = importFile(archive, request.file, { format, width: request.width, resolution: request.resolution, device: request.device });
  return { ...result, notes: [...result.notes, ...archive.writeNotes], archive: archivePath, archiveSize: archive.size };
}

/** The import as a worker job: no progress, nothing to cancel once the file is read (one batch). */
export function importJob(request: ImportRequest): Promise<ImportResult> {
  return Promise.resolve().then(() => ({ kind: 'import', ...importIntoArchive(request) }));
}

function checkFormat(format: string | undefined): ImportFormat | undefined {
  if (format === undefined) return undefined;
  const known = IMPORT_FORMATS.find((f) => f === format);
  if (known === undefined) throw new InputError(`--format: ${quoteValue(format)} is not one of ${IMPORT_FORMATS.join(', ')}`, '--format');
  return known;
}
