import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors';
import { ENGINE_BACKENDS, type EngineBackend } from '../../shared/engineProtocol';

/** `auto` prefers the native TensorFlow backend when `@tensorflow/tfjs-node` loads, else wasm (the one union: EngineBackend). */
export type BackendChoice = EngineBackend;
export const BACKEND_CHOICES = ENGINE_BACKENDS;

let active: Promise<string> | undefined;

/**
 * Where the wasm binaries are: beside the bundle (`dist/wasm/`, copied by esbuild.mjs) when running
 * bundled, else in the package's own `dist/` when running from sources.
 */
function wasmDirectory(): string {
  const candidates = [join(__dirname, 'wasm'), join(__dirname, '..', 'dist', 'wasm')];
  for (const dir of candidates) {
    if (existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))) return dir + '/';
  }
  try {
    // Running from sources: the package's own folder.
    return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
  } catch {
    throw new Error(`the TF.js wasm binaries are missing: looked in ${candidates.join(' and ')} and in node_modules`);
  }
}

function tryLoadNative(): boolean {
  try {
    // Optional dependency: present only where its native library could be installed.
    require('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

async function select(choice: BackendChoice): Promise<string> {
  if (choice === 'tensorflow' || choice === 'auto') {
    if (tryLoadNative() && (await tf.setBackend('tensorflow'))) return 'tensorflow';
    if (choice === 'tensorflow') {
      throw new InputError('backend "tensorflow": @tensorflow/tfjs-node is not installed or failed to load; use "wasm" or "cpu"');
    }
  }
  if (choice === 'wasm' || choice === 'auto') {
    setWasmPaths(wasmDirectory());
    if (await tf.setBackend('wasm')) return 'wasm';
    if (choice === 'wasm') throw new InputError('backend "wasm": the WebAssembly backend failed to initialise');
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

/**
 * Initialises TensorFlow.js once per process (or worker) and returns the backend in use. Later calls
 * with another choice are ignored: a process uses one backend throughout.
 */
export function initBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (!BACKEND_CHOICES.includes(choice)) {
    return Promise.reject(new InputError(`backend: "${choice}" is not one of ${BACKEND_CHOICES.join(', ')}`));
  }
  active ??= select(choice).then(async (name) => {
    await tf.ready();
    return name;
  });
  return active;
}

/** The backend in use if one was chosen already (by a job's `--backend`), else `fallback`'s. */
export function currentBackend(fallback: BackendChoice = 'wasm'): Promise<string> {
  return active ?? initBackend(fallback);
}

export { tf };
