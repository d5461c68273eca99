import { InputError } from '../errors';
import { OFA_FEATURE_LENGTH } from '../space/features';
import { printable } from './torch/pickleValue';
import { readTorchFile } from './torch/readTorchFile';
import { parseJsonText } from '../util/parseJsonText';
import type { TorchStateDict, TorchTensor } from './torch/torchStorage';
import { InputFileError, MAX_BYTES, readInputFile } from '../fs/readInputFile';

/**
 * The weights of OFA's accuracy predictor (mit-han-lab/once-for-all `AccuracyPredictor`): an `nn.Sequential`
 * Linear-ReLU-Linear-ReLU-Linear-ReLU-Linear, so its linear layers are named 0, 2, 4 and 6.
 */
export interface DenseWeights {
  readonly inputs: number;
  readonly outputs: number;
  /** `[outputs, inputs]` row-major, as PyTorch stores a Linear weight. */
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

export interface OfaPredictorWeights {
  readonly layers: readonly DenseWeights[];
  /** The file they came from, for messages. */
  readonly source: string;
}

export const OFA_PREDICTOR_LAYER_NAMES = ['0', '2', '4', '6'] as const;

/** Checks names and shapes (128 -> h -> h -> h -> 1) and collects the four layers. */
export function ofaWeightsFromTensors(tensors: TorchStateDict, source: string): OfaPredictorWeights {
  const expected = OFA_PREDICTOR_LAYER_NAMES.flatMap((n) => [`${n}.weight`, `${n}.bias`]);
  const unexpected = [...tensors.keys()].filter((k) => !expected.includes(k));
  if (unexpected.length > 0) {
    throw new InputError(`${source}: unexpected tensor ${printable(unexpected[0])} (an OFA predictor has ${expected.join(', ')})`);
  }
  let inputs = OFA_FEATURE_LENGTH;
  const layers = OFA_PREDICTOR_LAYER_NAMES.map((name, i): DenseWeights => {
    const weight = need(tensors, `${name}.weight`, source);
    const bias = need(tensors, `${name}.bias`, source);
    const last = i === OFA_PREDICTOR_LAYER_NAMES.length - 1;
    if (weight.shape.length !== 2 || weight.shape[1] !== inputs || (last && weight.shape[0] !== 1)) {
      throw new InputError(
        `${source}: ${name}.weight has shape [${weight.shape.join(', ')}], expected [${last ? 1 : 'hidden'}, ${inputs}]`,
      );
    }
    const outputs = weight.shape[0];
    if (bias.shape.length !== 1 || bias.shape[0] !== outputs) {
      throw new InputError(`${source}: ${name}.bias has shape [${bias.shape.join(', ')}], expected [${outputs}]`);
    }
    inputs = outputs;
    return { inputs: weight.shape[1], outputs, weight: weight.data, bias: bias.data };
  });
  for (const layer of layers) {
    if (!layer.weight.every(Number.isFinite) || !layer.bias.every(Number.isFinite)) {
      throw new InputError(`${source}: the weights contain NaN or infinite values`);
    }
  }
  return { layers, source };
}

function need(tensors: TorchStateDict, name: string, source: string): TorchTensor {
  const tensor = tensors.get(name);
  if (!tensor) throw new InputError(`${source}: tensor ${name} is missing`);
  return tensor;
}

/** `acc_predictor.pth` as OFA distributes it (legacy torch.save), or re-saved by any PyTorch since 1.6 (zip). */
export function readOfaPredictorPth(bytes: Uint8Array, source: string): OfaPredictorWeights {
  return ofaWeightsFromTensors(readTorchFile(bytes, source), source);
}

/** The JSON form: `{"layers": {"0.weight": {"shape": [400, 128], "b64": "<little-endian float32>"}, ...}}`. */
export function readOfaPredictorJson(text: string, source: string): OfaPredictorWeights {
  const value = parseJsonText(text, source);
  const layers = isRecord(value) ? value.layers : undefined;
  if (!isRecord(layers)) throw new InputError(`${source}: expected an object with "layers": {name: {shape, b64}}`);
  const tensors = new Map<string, TorchTensor>();
  for (const [name, entry] of Object.entries(layers)) {
    const where = `${source}: layers[${JSON.stringify(name)}]`;
    if (!isRecord(entry) || !Array.isArray(entry.shape) || typeof entry.b64 !== 'string') {
      throw new InputError(`${where}: expected {shape: number[], b64: string}`);
    }
    const shape = entry.shape.map((n, i) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new InputError(`${where}.shape[${i}]: not a non-negative integer`);
      return n;
    });
    const raw = Buffer.from(entry.b64, 'base64');
    const count = shape.reduce((a, b) => a * b, 1);
    if (raw.length !== count * 4) throw new InputError(`${where}: b64 holds ${raw.length} bytes, shape [${shape.join(', ')}] needs ${count * 4}`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = raw.readFloatLE(4 * i);
    tensors.set(name, { shape, data });
  }
  return ofaWeightsFromTensors(tensors, source);
}

/** Reads either form, chosen by the file's content (a `.json` file starts with `{`). */
export function loadOfaPredictorWeights(path: string): OfaPredictorWeights {
  let bytes: Buffer;
  try {
    bytes = readInputFile(path, '', MAX_BYTES.predictor);
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError(`${path}: cannot read the OFA predictor file (${error.reason})`);
    throw new InputError(`${path}: cannot read the OFA predictor file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const source = path;
  const first = bytes.subarray(0, 64).toString('latin1').trimStart();
  if (first.startsWith('{')) return readOfaPredictorJson(bytes.toString('utf8'), source);
  return readOfaPredictorPth(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), source);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
