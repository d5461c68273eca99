import { Command, Option } from 'commander';
import { DEFAULT_LUT_RESOLUTIONS, buildLatencyTables } from '../../core/lutBuild/lutBuilder';
import { InputError } from '../../core/errors';
import { checkThreads } from '../../core/net/onnx/onnxRuntime';
import { BACKEND_CHOICES, type BackendChoice } from '../../core/tf/backend';
import { checkNotFile } from '../../core/util/fileKind';
import { quoteValue } from '../../core/util/quoteValue';
import type { TimingClock } from '../../shared/engineProtocol';
import { action, numberOption, printJson, rangedOption } from '../io';
import { onStopSignal } from '../signals';

interface LutBuildCliOptions {
  out: string;
  resolutions: string;
  width: number;
  repeats: number;
  warmup: number;
  backend: BackendChoice | 'onnx';
  device?: string;
  clock: TimingClock;
  threads?: number;
  json?: boolean;
}

function parseResolutions(text: string): number[] {
  return text.split(',').map((part) => {
    const n = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(n)) throw new InputError(`--resolutions: ${quoteValue(part)} is not an integer (expected e.g. 160,176,192,208,224)`, '--resolutions');
    return n;
  });
}

/** `pnag lut build`: latency tables for this machine, in OFA's format, loadable with `--lut` / `lut:<dir>`. */
export function lutCommand(): Command {
  const build = new Command('build')
    .description('time every operator of the space on this machine and write OFA-format latency tables (resumable)')
    .requiredOption('--out <dir>', 'folder for <r>_lookup_table.yaml files; an existing table there is resumed')
    .option('--resolutions <list>', 'comma-separated input resolutions', DEFAULT_LUT_RESOLUTIONS.join(','))
    .option('--width <w>', 'width multiplier, 1.0 or 1.2', numberOption('--width'), 1.2)
    .option('--repeats <n>', 'timed runs per operator, 1..200', rangedOption('repeats'), 20)
    .option('--warmup <n>', 'untimed runs per operator first, 0..100', rangedOption('warmup'), 5)
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend that times the operators, or onnx: ONNX Runtime CPU (optional package onnxruntime-node)').choices([...BACKEND_CHOICES.filter((b) => b !== 'auto'), 'onnx']).default('wasm'))
    .addOption(new Option('--clock <clock>', 'cpu: CPU time, steady when other work shares the machine (default, like the pnag.lut.clock setting); wall: elapsed time, on an idle machine').choices(['cpu', 'wall']).default('cpu'))
    .option('--threads <n>', 'with --backend onnx: ONNX Runtime intra-op threads, 1..256 (default 1, the most repeatable)', (v: string) => checkThreads(rangedOption('threads')(v), '--threads'))
    .option('--device <name>', 'device name written in the tables (default: CPU model, cores and backend)')
    .option('--json', 'print one JSON object when done (progress still goes to stderr)')
    .action(
      action(async (options: LutBuildCliOptions) => {
        if (options.threads !== undefined && options.backend !== 'onnx') throw new InputError('--threads sets ONNX Runtime\'s threads; add --backend onnx', '--threads');
        checkNotFile(options.out, '--out');
        const resolutions = parseResolutions(options.resolutions);
        const controller = new AbortController();
        const signals = onStopSignal(() => controller.abort());
        let lastLine = 0;
        try {
          const summary = await buildLatencyTables({
            outDir: options.out,
            resolutions,
            width: options.width,
            repeats: options.repeats,
            warmup: options.warmup,
            backend: options.backend,
            threads: options.threads,
            device: options.device,
            clock: options.clock,
            signal: controller.signal,
            onProgress: (p) => {
              const now = Date.now();
              if (now - lastLine > 1000 || p.done === p.total) {
                lastLine = now;
                process.stderr.write(`[${p.done}/${p.total}] r=${p.resolution} ${p.kept ? 'kept' : 'timed'} ${p.key}\n`);
              }
            },
          });
          if (options.json) {
            printJson(summary);
            return;
          }
          console.log(`Timed ${summary.measured} operators, kept ${summary.kept}, in ${summary.seconds.toFixed(0)} s on ${summary.device} (${summary.backend}).`);
          console.log(`Tables: ${summary.files.join(', ')}`);
          console.log(`Use them: pnag latency --lut ${options.out} --arch <...>`);
        } catch (error) {
          if (controller.signal.aborted) throw new InputError(`interrupted; run the same command again to resume (tables in ${options.out} keep every timed operator)`);
          throw error;
        } finally {
          signals.remove();
        }
      }),
    );
  return new Command('lut').description('latency look-up tables').addCommand(build);
}
