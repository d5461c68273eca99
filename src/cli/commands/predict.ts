import { Command } from 'commander';
import { predictJob } from '../../core/pipeline/predictJob';
import { ACCURACY_SOURCE_FORMS, parseAccuracySourceSpec } from '../../core/sources/sourceSpec';
import { sourceCaveatOf } from '../../core/sources/registry/accuracySourceRegistry';
import { ARCH_OPTION_HELP } from '../../core/space/parseArch';
import { BACKEND_CHOICES, type BackendChoice } from '../../core/tf/backend';
import type { PredictResult } from '../../shared/engineProtocol';
import { action, fixed, printJson } from '../io';
import { backendOption, evaluatorTimeoutOption, resolutionOption, widthOption } from '../options';
import { exitCodeFor, onStopSignal } from '../signals';

interface PredictOptions {
  source: string;
  arch: string;
  width?: number;
  resolution?: number;
  backend: BackendChoice;
  evaluatorTimeout?: number;
  json?: boolean;
}

export function predictCommand(): Command {
  return new Command('predict')
    .description('Top-1 accuracy (%) of an architecture from an accuracy source')
    .requiredOption('--source <spec>', `where accuracy comes from: ${ACCURACY_SOURCE_FORMS.join(' | ')}`)
    .requiredOption('--arch <arch>', ARCH_OPTION_HELP)
    .addOption(widthOption('width multiplier, 1.0 or 1.2 (default: the architecture\'s own, else 1.2)'))
    .addOption(resolutionOption('input resolution, 128..224 in steps of 4 (default: the architecture\'s own, else 224)'))
    .addOption(backendOption(`TensorFlow.js backend for proxy:naswot / proxy:zen (${BACKEND_CHOICES.join(' | ')})`))
    .addOption(evaluatorTimeoutOption())
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: PredictOptions) => {
        const spec = parseAccuracySourceSpec(options.source, '--source');
        // Ctrl-C, SIGTERM or SIGHUP stop an evaluator's whole process group before pnag exits.
        const controller = new AbortController();
        const signals = onStopSignal(() => controller.abort());
        try {
          let result: PredictResult;
          try {
            const { source, arch, width, resolution, backend, evaluatorTimeout } = options;
            result = await predictJob({ workspace: process.cwd(), source, arch, width, resolution, backend, evaluatorTimeout }, { signal: controller.signal });
          } catch (error) {
            if (!controller.signal.aborted) throw error;
            process.stderr.write('pnag: cancelled\n');
            process.exitCode = exitCodeFor(signals.received());
            return;
          }
          if (options.json) {
            printJson({ top1: Number(result.top1.toFixed(3)), source: result.source, ...(result.estimate ? { estimate: true } : {}) });
            return;
          }
          console.log(`Top-1: ${fixed(result.top1)} %${result.estimate ? ' (estimate)' : ''}  [${result.source}]`);
          const caveat = sourceCaveatOf(spec);
          if (caveat !== undefined) console.log(caveat);
        } finally {
          signals.remove();
        }
      }),
    );
}
