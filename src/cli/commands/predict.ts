import { Command } from 'commander';
import { InputError } from '../../core/errors';
import { OfaPredictor } from '../../core/predict/ofaPredictor';
import { ProxyAccuracySource } from '../../core/proxy/proxyAccuracySource';
import { AccuracySource } from '../../core/sources/accuracySource';
import { ACCURACY_SOURCE_FORMS, AccuracySourceSpec, formatAccuracySourceSpec, parseAccuracySourceSpec } from '../../core/sources/sourceSpec';
import { parseArchText } from '../../core/space/parseArch';
import { action, fixed, numberOption, printJson } from '../io';

interface PredictOptions {
  source: string;
  arch: string;
  width?: number;
  resolution?: number;
  json?: boolean;
}

export function predictCommand(): Command {
  return new Command('predict')
    .description('Top-1 accuracy (%) of an architecture from an accuracy source')
    .requiredOption('--source <spec>', `where accuracy comes from: ${ACCURACY_SOURCE_FORMS.join(' | ')}`)
    .requiredOption('--arch <arch>', 'PNAG string "d1,..,d5:k1,..,k20:e1,..,e20", OFA dict JSON or OFA network config JSON')
    .option('--width <w>', 'width multiplier, 1.0 or 1.2 (default: the architecture\'s own, else 1.2)', numberOption('--width'))
    .option('--resolution <r>', 'input resolution, 128..224 in steps of 4 (default: the architecture\'s own, else 224)', numberOption('--resolution'))
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: PredictOptions) => {
        const spec = parseAccuracySourceSpec(options.source);
        const arch = parseArchText(options.arch, { width: options.width, resolution: options.resolution });
        const source = await openAccuracySource(spec);
        try {
          const [top1] = await source.accuracy([arch]);
          if (options.json) {
            printJson({ top1: Number(top1.toFixed(3)), source: source.name, ...(source.isEstimate ? { estimate: true } : {}) });
            return;
          }
          console.log(`Top-1: ${fixed(top1)} %${source.isEstimate ? ' (estimate)' : ''}  [${source.name}]`);
          if (spec.kind === 'ofa') console.log('OFA\'s predictor scores supernet weights; fine-tuned results read about 3 points lower.');
        } finally {
          await source.dispose?.();
        }
      }),
    );
}

/** One case per source kind; the kinds other than `ofa` are wired in as they land. */
async function openAccuracySource(spec: AccuracySourceSpec): Promise<AccuracySource> {
  switch (spec.kind) {
    case 'ofa':
      return OfaPredictor.fromFile(spec.path);
    case 'proxy':
      return new ProxyAccuracySource(spec.name);
    case 'archive':
    case 'eval':
      throw new InputError(`--source ${formatAccuracySourceSpec(spec)}: the ${spec.kind} source is not available in this command yet`);
  }
}
