import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { endianness } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { InputError, messageOf } from '../errors';
import type { TorchTensor } from './torch/torchLegacyReader';
import { OFA_PREDICTOR_LAYER_NAMES, type OfaPredictorWeights, ofaWeightsFromTensors } from './ofaPredictorWeights';
import { InputFileError, MAX_BYTES, readInputFile, readInputText } from '../fs/readInputFile';

/**
 * The compact form PNAG ships OFA's predictor in: a small JSON header (tensor names and shapes, the weights
 * file's sha256) beside a binary file of all tensors' float32 little-endian values in header order, stored
 * as four byte planes (every value's byte 0, then byte 1, ...) and deflated. The planes put the exponent
 * bytes together, which compresses; the values themselves are exact.
 */
export const BINARY_FORMAT = 'pnag-dense-weights';
export const BINARY_VERSION = 1;
export const BINARY_ENCODING = 'float32le-byteplanes-deflate';

export interface BinaryTensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
}

export interface BinaryHeader {
  readonly format: typeof BINARY_FORMAT;
  readonly version: number;
  readonly encoding: typeof BINARY_ENCODING;
  /** The weights file, a bare file name beside the header. */
  readonly file: string;
  /** sha256 of the weights file as stored. */
  readonly sha256: string;
  readonly tensors: readonly BinaryTensorEntry[];
  /** Where the weights came from and under which licence (free text, not read back). */
  readonly source?: string;
}

/** Whether a parsed JSON value claims to be such a header (the rest is checked by `readBinaryWeights`). */
export function isBinaryHeader(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === BINARY_FORMAT;
}

/** Headers are a few hundred bytes; a JSON file larger than this is the base64 weights form instead. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Whether `path` is a header of this form (a small JSON file with its `format`), so callers can pick the reader. */
export function isBinaryHeaderFile(path: string): boolean {
  try {
    if (!path.toLowerCase().endsWith('.json') || statSync(path).size > MAX_HEADER_BYTES) return false;
    return isBinaryHeader(JSON.parse(readInputText(path, '', MAX_HEADER_BYTES)));
  } catch {
    return false;
  }
}

/** Reads a header file and the weights it names. */
export function readBinaryWeightsFile(headerPath: string): OfaPredictorWeights {
  let text: string;
  try {
    text = readInputText(headerPath, '', MAX_HEADER_BYTES);
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError(`${headerPath}: cannot read the OFA predictor header (${error.reason})`);
    throw new InputError(`${headerPath}: cannot read the OFA predictor header (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
  }
  return readBinaryWeights(text, headerPath);
}

/** The weights file and its header for the given weights (the script that makes the shipped files). */
export function encodeBinaryWeights(weights: OfaPredictorWeights, file: string, source?: string): { header: BinaryHeader; bytes: Buffer } {
  const tensors: BinaryTensorEntry[] = [];
  const parts: Float32Array[] = [];
  weights.layers.forEach((layer, i) => {
    const name = OFA_PREDICTOR_LAYER_NAMES[i];
    tensors.push({ name: `${name}.weight`, shape: [layer.outputs, layer.inputs] }, { name: `${name}.bias`, shape: [layer.outputs] });
    parts.push(layer.weight, layer.bias);
  });
  const count = parts.reduce((n, p) => n + p.length, 0);
  const values = new Float32Array(count);
  let at = 0;
  for (const part of parts) {
    values.set(part, at);
    at += part.length;
  }
  const bytes = deflateRawSync(toPlanes(values), { level: 9 });
  const header: BinaryHeader = {
    format: BINARY_FORMAT,
    version: BINARY_VERSION,
    encoding: BINARY_ENCODING,
    file,
    sha256: sha256Of(bytes),
    tensors,
    ...(source !== undefined ? { source } : {}),
  };
  return { header, bytes };
}

/** Reads the header at `headerPath` and the weights file it names; every mismatch is an InputError naming the file. */
export function readBinaryWeights(headerText: string, headerPath: string): OfaPredictorWeights {
  const header = checkHeader(headerText, headerPath);
  const weightsPath = join(dirname(headerPath), header.file);
  let stored: Buffer;
  try {
    stored = readInputFile(weightsPath, '', MAX_BYTES.predictor);
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError(`${weightsPath}: cannot read the weights file named by ${headerPath} (${error.reason})`);
    throw new InputError(`${weightsPath}: cannot read the weights file named by ${headerPath} (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
  }
  const actual = sha256Of(stored);
  if (actual !== header.sha256) throw new InputError(`${weightsPath}: sha256 is ${actual}, ${headerPath} expects ${header.sha256} (damaged or replaced file)`);
  const count = header.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  let planes: Buffer;
  try {
    // The limit stops a small file from inflating into more memory than the header accounts for.
    planes = inflateRawSync(stored, { maxOutputLength: count * 4 + 1 });
  } catch (error) {
    throw new InputError(`${weightsPath}: not ${BINARY_ENCODING} data for ${count} values (${messageOf(error)})`);
  }
  if (planes.length !== count * 4) throw new InputError(`${weightsPath}: holds ${planes.length} bytes, the header's shapes need ${count * 4}`);
  const values = fromPlanes(planes);
  const tensors = new Map<string, TorchTensor>();
  let at = 0;
  for (const { name, shape } of header.tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    tensors.set(name, { shape: [...shape], data: values.slice(at, at + size) });
    at += size;
  }
  return ofaWeightsFromTensors(tensors, headerPath);
}

function checkHeader(text: string, path: string): BinaryHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${messageOf(error)})`);
  }
  const h = value as Partial<Record<keyof BinaryHeader, unknown>>;
  if (!isBinaryHeader(value)) throw new InputError(`${path}: "format" is not "${BINARY_FORMAT}"`);
  if (h.version !== BINARY_VERSION) throw new InputError(`${path}: version ${String(h.version)} is not ${BINARY_VERSION}`);
  if (h.encoding !== BINARY_ENCODING) throw new InputError(`${path}: encoding ${JSON.stringify(h.encoding)} is not "${BINARY_ENCODING}"`);
  // A bare file name: the header may not point anywhere but beside itself.
  if (typeof h.file !== 'string' || h.file === '' || basename(h.file) !== h.file || h.file === '..' || h.file === '.') {
    throw new InputError(`${path}: "file" must be the weights file's bare name`);
  }
  if (typeof h.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(h.sha256)) throw new InputError(`${path}: "sha256" must be 64 lowercase hex digits`);
  if (!Array.isArray(h.tensors) || h.tensors.length === 0) throw new InputError(`${path}: "tensors" must be a non-empty list of {name, shape}`);
  const tensors = h.tensors.map((t: unknown, i: number): BinaryTensorEntry => {
    const entry = t as { name?: unknown; shape?: unknown };
    const okShape =
      Array.isArray(entry?.shape) && entry.shape.length > 0 &&
      entry.shape.every((n: unknown) => Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= 4096);
    if (typeof entry?.name !== 'string' || !okShape) throw new InputError(`${path}: tensors[${i}] must be {name: string, shape: positive integers up to 4096}`);
    return { name: entry.name, shape: entry.shape as number[] };
  });
  return { format: BINARY_FORMAT, version: BINARY_VERSION, encoding: BINARY_ENCODING, file: h.file, sha256: h.sha256, tensors };
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Little-endian float32 values as four byte planes. */
function toPlanes(values: Float32Array): Buffer {
  const n = values.length;
  const le = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) le.writeFloatLE(values[i], 4 * i);
  const planes = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) for (let b = 0; b < 4; b++) planes[b * n + i] = le[4 * i + b];
  return planes;
}

function fromPlanes(planes: Buffer): Float32Array {
  const n = planes.length / 4;
  const le = new Uint8Array(planes.length);
  for (let b = 0; b < 4; b++) {
    const plane = b * n;
    for (let i = 0; i < n; i++) le[4 * i + b] = planes[plane + i];
  }
  // On a little-endian machine (all VS Code platforms) the bytes already are the floats.
  if (endianness() === 'LE') return new Float32Array(le.buffer);
  const view = new DataView(le.buffer);
  return Float32Array.from({ length: n }, (_, i) => view.getFloat32(4 * i, true));
}
