import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { Archive, DEFAULT_ARCHIVE_PATH } from '../../core/archive/archive';
import { importFile } from '../../core/archive/importFile';
import { IMPORT_FORMATS, type ImportFormat, formatIssue } from '../../core/archive/importTypes';
import { checkWriteTarget } from '../../core/fs/fileKind';
import { resolveWriteTarget } from '../../core/fs/writeTarget';
import { checkResolution, checkWidth } from '../../core/space/arch';
import { checkNotFolder } from '../../core/util/fileKind';
import { action, numberOption, printJson } from '../io';

interface ImportOptions {
  archive: string;
  format?: ImportFormat;
  width?: number;
  resolution?: number;
  device?: string;
  json?: boolean;
}

/** How many skipped rows are listed in the human-readable report; `--json` lists all. */
const SHOWN_ERRORS = 10;

export function importCommand(): Command {
  return new Command('import')
    .description('add evaluated architectures from a file (CSV, PNAG architectures.json, or our JSONL) to the archive')
    .argument('<file>', 'the file to import')
    .option('--archive <path>', 'the archive to add to', DEFAULT_ARCHIVE_PATH)
    .addOption(new Option('--format <format>', 'what the file is (default: from its extension)').choices(IMPORT_FORMATS))
    .option('--width <w>', 'width multiplier for files that do not say, 1.0 or 1.2', numberOption('--width'))
    .option('--resolution <r>', 'input resolution for files that do not say, 128..224 in steps of 4 (default 224)', numberOption('--resolution'))
    .option('--device <name>', 'device of a plain latency_ms column, stored as latency_ms@<name>')
    .option('--json', 'print one JSON object')
    .action(
      action((file: string, options: ImportOptions) => {
        if (options.width !== undefined) checkWidth(options.width, '--width');
        if (options.resolution !== undefined) checkResolution(options.resolution, '--resolution');
        checkNotFolder(file, 'import');
        checkNotFolder(resolve(options.archive), '--archive');
        // Before the file is read: an import never replaces a checkpoint or another file with an archive.
        checkWriteTarget(resolveWriteTarget(options.archive), 'archive', '--archive');
        const archive = Archive.open(resolve(options.archive));
        const result = importFile(archive, file, {
          format: options.format,
          width: options.width,
          resolution: options.resolution,
          device: options.device,
        });
        if (options.json) {
          printJson({ ...result, notes: [...result.notes, ...archive.writeNotes], archive: archive.path, archiveSize: archive.size });
          return;
        }
        for (const note of [...result.notes, ...archive.writeNotes]) console.log(`note: ${note}`);
        for (const issue of result.errors.slice(0, SHOWN_ERRORS)) console.log(`skipped: ${formatIssue(issue)}`);
        if (result.errors.length > SHOWN_ERRORS) console.log(`skipped: ... and ${result.errors.length - SHOWN_ERRORS} more (--json lists all)`);
        console.log(`Imported ${result.imported}, merged ${result.merged}, skipped ${result.skipped} (${result.format}) into ${archive.path}, which now holds ${archive.size} architectures`);
      }),
    );
}
