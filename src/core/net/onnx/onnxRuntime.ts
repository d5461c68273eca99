import { InputError } from '../../errors';
import { Random } from '../../util/random';

/**
 * ONNX Runtime (`onnxruntime-node`, an optional dependency) loaded on first use. The module name is not a
 * literal, so the bundler leaves it out of the bundles (the VSIX ships nothing of it) and the require runs
 * only when someone asks for the `onnx` runtime. Only the few members used here are typed, so the project
 * compiles without the package.
 */
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

interface OrtModule {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession>;
  };
}

const ORT_PACKAGE = 'onnxruntime-node';

let loaded: { ort: OrtModule; version: string } | undefined;

/** The module and its version; `packageName` is for tests of the missing-package message. */
export function loadOnnxRuntime(packageName: string = ORT_PACKAGE): { ort: OrtModule; version: string } {
  if (packageName === ORT_PACKAGE && loaded !== undefined) return loaded;
  try {
    const ort = require(packageName) as OrtModule;
    const version = (require(`${packageName}/package.json`) as { version: string }).version;
    if (packageName === ORT_PACKAGE) loaded = { ort, version };
    return { ort, version };
  } catch (error) {
    throw new InputError(
      `runtime "onnx": ${packageName} is not installed or failed to load (${(error as Error).message.split('\n')[0]}); ` +
        `install it beside the CLI with \`npm install ${packageName}\` (with ONNXRUNTIME_NODE_INSTALL=skip if your npm runs its CUDA download script), or use the TF.js runtime`,
    );
  }
}

/** `onnxruntime <version> cpu`, or throws the InputError above when the package is missing. */
export function onnxRuntimeLabel(): string {
  return `onnxruntime ${loadOnnxRuntime().version} cpu`;
}

export interface OnnxSessionOptions {
  /** Intra-op threads of the CPU execution provider: default 1, the most repeatable timing. */
  readonly threads?: number;
}

export function checkThreads(threads: number, where = 'threads'): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new InputError(`${where}: ${threads} must be an integer from 1 to 256`);
  return threads;
}

/** One loaded model on ORT's CPU execution provider, fed one float32 input. */
export class OnnxSession {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    private readonly inputShape: readonly number[],
    readonly threads: number,
  ) {}

  static async create(model: Uint8Array, inputShape: readonly number[], options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    const { ort } = loadOnnxRuntime();
    const threads = checkThreads(options.threads ?? 1);
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new OnnxSession(ort, session, inputShape, threads);
  }

  /** Runs the model; the output is read back, so the run has finished when this resolves. */
  async run(input: Float32Array): Promise<Float32Array> {
    const feeds = { [this.session.inputNames[0]]: new this.ort.Tensor('float32', input, this.inputShape) };
    const result = await this.session.run(feeds);
    return result[this.session.outputNames[0]].data as Float32Array;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** A seeded standard-normal input of `shape` (values do not change the time; seeded for reproducibility). */
export function randomOnnxInput(shape: readonly number[], seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}
