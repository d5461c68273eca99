import { Command, Option } from 'commander';
import { DEFAULT_ARCHIVE_PATH } from '../../core/archive/archive';
import { IMPORT_FORMATS, type ImportFormat, formatIssue } from '../../core/archive/importTypes';
import { importIntoArchive } from '../../core/pipeline/importJob';
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
        const summary = importIntoArchive({
          workspace: process.cwd(),
          file,
          archive: options.archive,
          format: options.format,
          width: options.width,
          resolution: options.resolution,
          device: options.device,
        });
        if (options.json) {
          printJson(summary);
          return;
        }
        for (const note of summary.notes) console.log(`note: ${note}`);
        for (const issue of summary.errors.slice(0, SHOWN_ERRORS)) console.log(`skipped: ${formatIssue(issue)}`);
        if (summary.errors.length > SHOWN_ERRORS) console.log(`skipped: ... and ${summary.errors.length - SHOWN_ERRORS} more (--json lists all)`);
        console.log(`Imported ${summary.imported}, merged ${summary.merged}, skipped ${summary.skipped} (${summary.format}) into ${summary.archive}, which now holds ${summary.archiveSize} architectures`);
      }),
    );
}
