import { InputError } from '../errors';
import { shownValue } from '../../shared/shownValue';
import { tf } from './backend';

/** A tensor's values as JSON: little-endian float32, base64, with its shape. */
export interface SerializedTensor {
  shape: number[];
  b64: string;
}

export type SerializedWeights = Record<string, SerializedTensor>;

export function serializeVariables(variables: readonly tf.Variable[]): SerializedWeights {
  const out: SerializedWeights = {};
  for (const v of variables) {
    const data = v.dataSync() as Float32Array;
    out[v.name] = { shape: v.shape.slice(), b64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }
  return out;
}

export function decodeTensor(entry: SerializedTensor, where: string): Float32Array {
  if (!entry || !Array.isArray(entry.shape) || typeof entry.b64 !== 'string') {
    throw new InputError(`${where}: expected {shape, b64}`);
  }
  if (!entry.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new InputError(`${where}: shape ${shownValue(entry.shape)} is not a list of whole numbers`);
  const bytes = Buffer.from(entry.b64, 'base64');
  const expected = entry.shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== expected * 4) {
    throw new InputError(`${where}: ${bytes.byteLength / 4} values for shape [${entry.shape.join(', ')}] (${expected} expected)`);
  }
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, expected);
}

/** Loads saved values into existing variables, checking that every name and shape matches. */
export function loadVariables(variables: readonly tf.Variable[], weights: SerializedWeights, where: string): void {
  for (const v of variables) {
    const entry = weights[v.name];
    if (!entry) throw new InputError(`${where}: weight "${v.name}" is missing`);
    if (entry.shape.join('x') !== v.shape.join('x')) {
      throw new InputError(`${where}: weight "${v.name}" has shape [${entry.shape.join(', ')}], expected [${v.shape.join(', ')}]`);
    }
    v.assign(tf.tensor(decodeTensor(entry, `${where}: weight "${v.name}"`), v.shape));
  }
}
