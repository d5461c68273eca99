import { Command, Option } from 'commander';
import { LutCostModel } from '../../core/cost/lut/lutCostModel';
import { builtinLut } from '../../core/cost/lut/builtinLuts';
import { measureLatency } from '../../core/cost/measuredLatency';
import { InputError, fromField } from '../../core/errors';
import type { Arch } from '../../core/space/arch';
import { ARCH_OPTION_HELP, parseArchText } from '../../core/space/parseArch';
import { type LatencyRuntime, parseRuntime } from '../../core/net/timedNetwork';
import { checkThreads } from '../../core/net/onnx/onnxRuntime';
import type { BackendChoice } from '../../core/tf/backend';
import { action, fixed, numberOption, printJson, rangedOption } from '../io';
import { backendOption } from '../options';

interface LatencyOptions {
  arch: string;
  width?: number;
  resolution?: number;
  json?: boolean;
  lut?: string;
  device?: string;
  breakdown?: boolean;
  measure?: boolean;
  runs?: number;
  backend: BackendChoice;
  runtime: LatencyRuntime;
  threads?: number;
}

/** `pnag latency`: one way of getting latency per option (`--lut`, ...), each in its own function below. */
export function latencyCommand(): Command {
  return new Command('latency')
    .description('Latency (ms) of an architecture')
    .requiredOption('--arch <arch>', ARCH_OPTION_HELP)
    .option('--width <w>', 'width multiplier, 1.0 or 1.2 (default: the architecture\'s own, else 1.2)', numberOption('--width'))
    .option('--resolution <r>', 'input resolution, 128..224 in steps of 4 (default: the architecture\'s own, else 224)', numberOption('--resolution'))
    .option('--lut <path>', 'latency look-up table: note10 or i7-8700k (built in), a folder of OFA <r>_lookup_table.yaml files, or one YAML file')
    .option('--device <name>', 'with --lut: device name to report (default: the table\'s "# device:" comment or folder name)')
    .option('--breakdown', 'with --lut: print each layer\'s key and latency')
    .option('--measure', 'time the real network on this machine (TF.js, batch 1): median and IQR of repeated runs')
    .option('--runs <n>', 'with --measure: timed runs after 5 warm-up runs, 1..10000 (default 20)', rangedOption('runs'))
    .addOption(backendOption('with --measure: TensorFlow.js backend that runs the network: auto | wasm | cpu | tensorflow (auto: native when @tensorflow/tfjs-node loads, else wasm)'))
    .addOption(new Option('--runtime <name>', 'with --measure: tfjs (TensorFlow.js, --backend) or onnx (the same network exported to ONNX Runtime, CPU; optional package onnxruntime-node)').argParser((v: string) => parseRuntime(v)).default('tfjs'))
    .option('--threads <n>', 'with --runtime onnx: ONNX Runtime intra-op threads, 1..256 (default 1, the most repeatable)', (v: string) => checkThreads(rangedOption('threads')(v), '--threads'))
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: LatencyOptions) => {
        const arch = fromField('--arch', () => parseArchText(options.arch, { width: options.width, resolution: options.resolution }));
        if (options.lut !== undefined && options.measure) throw new InputError('latency: --lut reads a table and --measure times the network here; give one of them');
        if (options.lut !== undefined) return latencyFromLut(arch, options.lut, options);
        if (options.measure) return latencyMeasured(arch, options);
        if (options.runtime !== 'tfjs' || options.threads !== undefined) throw new InputError('latency: --runtime and --threads go with --measure');
        throw new InputError('latency: say how to get it: --lut <folder or file> or --measure');
      }),
    );
}

function latencyFromLut(arch: Arch, path: string, options: LatencyOptions): void {
  const builtin = builtinLut(path);
  const model = builtin ? LutCostModel.load(builtin.path, { device: options.device ?? builtin.device }) : LutCostModel.load(path, { device: options.device });
  const ms = model.costOf(arch);
  if (options.json) {
    printJson({ latency_ms: Number(ms.toFixed(3)), device: model.device });
    return;
  }
  if (options.breakdown) {
    for (const term of model.breakdown(arch)) console.log(`${fixed(term.ms, 3).padStart(8)} ms  ${term.key}`);
  }
  console.log(`Latency: ${fixed(ms)} ms on ${model.device} (look-up table, r=${arch.resolution}, w${arch.width.toFixed(1)})`);
}

async function latencyMeasured(arch: Arch, options: LatencyOptions): Promise<void> {
  if (options.threads !== undefined && options.runtime !== 'onnx') throw new InputError('latency: --threads sets ONNX Runtime\'s threads; add --runtime onnx');
  const m = await measureLatency(arch, { runs: options.runs, backend: options.backend, runtime: options.runtime, threads: options.threads });
  if (options.json) {
    printJson({
      median_ms: Number(m.median_ms.toFixed(3)),
      spread_ms: Number(m.spread_ms.toFixed(3)),
      cpu_median_ms: Number(m.cpu_median_ms.toFixed(3)),
      runs: m.runs,
      device: m.device,
      backend: m.backend,
      runtime: m.runtime,
      threads: m.threads,
    });
    return;
  }
  const runner = m.runtime === 'onnx' ? `${m.backend}, ${m.threads} intra-op thread${m.threads === 1 ? '' : 's'}` : `TF.js ${m.backend}`;
  console.log(`Latency: ${fixed(m.median_ms)} ms median, IQR ${fixed(m.spread_ms)} ms over ${m.runs} runs on ${m.device} (${runner}, r=${arch.resolution}, w${arch.width.toFixed(1)})`);
  console.log(`CPU time: ${fixed(m.cpu_median_ms)} ms median (steadier than elapsed time when other work shares the machine)`);
}
