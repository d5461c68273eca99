/**
 * z += h x W_h for the greedy decoder, the one product of each LSTM step: [H] x [H][4H] in float64, with
 * W_h packed as column quads (for each 4 gate columns, H rows of 4 values, read in order). Both implementations sum each
 * column in the same order (z, then h[0] w[0], h[1] w[1], ...) with separate multiplies and adds, so they
 * give bit-identical results; the WebAssembly one uses 128-bit SIMD and is ~3x faster than V8's scalar code.
 */
export interface RecurrentKernel {
  /** Gate pre-activations [4H]; `apply` adds h x W_h to them. */
  readonly z: Float64Array;
  /** Hidden state [H]. */
  readonly h: Float64Array;
  readonly kind: 'wasm' | 'js';
  apply(): void;
}

/**
 * A kernel for the row-major weights `weights` ([hidden][width]): the wasm one when the runtime has
 * WebAssembly SIMD, else the JS one; `js` forces JS (for tests).
 */
export function makeRecurrentKernel(weights: Float32Array, hidden: number, width: number, prefer: 'wasm' | 'js' = 'wasm'): RecurrentKernel {
  if (weights.length !== hidden * width || width % 4 !== 0 || hidden < 1) {
    throw new Error(`recurrent kernel: ${weights.length} weights for ${hidden} x ${width}`);
  }
  const packed = packByColumnQuads(weights, hidden, width);
  const module = prefer === 'wasm' ? simdModule() : undefined;
  return module ? wasmKernel(module, packed, hidden, width) : jsKernel(packed, hidden, width);
}

/** For each 4 columns, rows x 4 values in row order: what both kernels read front to back. */
function packByColumnQuads(matrix: Float32Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  let at = 0;
  for (let i = 0; i < columns; i += 4) {
    for (let m = 0; m < rows; m++) for (let q = 0; q < 4; q++) out[at++] = matrix[m * columns + i + q];
  }
  return out;
}

function jsKernel(packed: Float64Array, hidden: number, width: number): RecurrentKernel {
  const z = new Float64Array(width);
  const h = new Float64Array(hidden);
  return {
    z,
    h,
    kind: 'js',
    apply: () => {
      let at = 0;
      for (let i = 0; i < width; i += 4) {
        let s0 = z[i];
        let s1 = z[i + 1];
        let s2 = z[i + 2];
        let s3 = z[i + 3];
        for (let m = 0; m < hidden; m++, at += 4) {
          const hm = h[m];
          s0 += hm * packed[at];
          s1 += hm * packed[at + 1];
          s2 += hm * packed[at + 2];
          s3 += hm * packed[at + 3];
        }
        z[i] = s0;
        z[i + 1] = s1;
        z[i + 2] = s2;
        z[i + 3] = s3;
      }
    },
  };
}

/** The parts of the WebAssembly API used here (the project's `lib` has no DOM/WebAssembly typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmRuntime {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => WasmInstance;
}

const PAGE_BYTES = 65536;

function wasmKernel(module: object, packed: Float64Array, hidden: number, width: number): RecurrentKernel {
  const instance = new (runtime() as WasmRuntime).Instance(module);
  const memory = instance.exports.memory as WasmMemory;
  const addRecurrent = instance.exports.addRecurrent as (z: number, h: number, w: number, hEnd: number, zEnd: number) => void;
  // Layout: weights, then z, then h (all 8-byte aligned).
  const wAt = 0;
  const zAt = packed.length * 8;
  const hAt = zAt + width * 8;
  const pages = Math.ceil((hAt + hidden * 8) / PAGE_BYTES);
  const have = memory.buffer.byteLength / PAGE_BYTES;
  if (pages > have) memory.grow(pages - have);
  // Views only after growing: growing replaces the buffer.
  new Float64Array(memory.buffer, wAt, packed.length).set(packed);
  const z = new Float64Array(memory.buffer, zAt, width);
  const h = new Float64Array(memory.buffer, hAt, hidden);
  return { z, h, kind: 'wasm', apply: () => addRecurrent(zAt, hAt, wAt, hAt + hidden * 8, zAt + width * 8) };
}

function runtime(): WasmRuntime | undefined {
  return (globalThis as { WebAssembly?: WasmRuntime }).WebAssembly;
}

let compiled: object | null | undefined;

/** The kernel's module, compiled once; undefined when WebAssembly or its SIMD is unavailable. */
function simdModule(): object | undefined {
  if (compiled === undefined) {
    const wasm = runtime();
    const bytes = kernelBytes();
    compiled = wasm && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled ?? undefined;
}

/**
 * The module, assembled by hand (it is small, and a toolchain for it would be a build dependency). In text form:
 *
 *   (memory (export "memory") 1)
 *   (func (export "addRecurrent") (param $z i32) (param $h i32) (param $w i32) (param $hEnd i32) (param $zEnd i32)
 *     (local $hp i32) (local $s01 v128) (local $s23 v128) (local $hv v128)
 *     (loop $columns                                   ;; 4 gate columns per turn, $z and $w advance
 *       (local.set $s01 (v128.load (local.get $z)))
 *       (local.set $s23 (v128.load offset=16 (local.get $z)))
 *       (local.set $hp (local.get $h))
 *       (loop $rows
 *         (local.set $hv (f64x2.splat (f64.load (local.get $hp))))
 *         (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $hv) (v128.load (local.get $w)))))
 *         (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (local.get $hv) (v128.load offset=16 (local.get $w)))))
 *         (local.set $w (i32.add (local.get $w) (i32.const 32)))
 *         (br_if $rows (i32.lt_u (local.tee $hp (i32.add (local.get $hp) (i32.const 8))) (local.get $hEnd))))
 *       (v128.store (local.get $z) (local.get $s01))
 *       (v128.store offset=16 (local.get $z) (local.get $s23))
 *       (br_if $columns (i32.lt_u (local.tee $z (i32.add (local.get $z) (i32.const 32))) (local.get $zEnd)))))
 */
function kernelBytes(): Uint8Array {
  const [z, h, w, hEnd, zEnd, hp, s01, s23, hv] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const tee = (i: number): number[] => [0x22, i];
  const v128Load = (offset: number): number[] => [0xfd, 0x00, 3, offset];
  const v128Store = (offset: number): number[] => [0xfd, 0x0b, 3, offset];
  const f64Load = [0x2b, 3, 0];
  const f64x2Splat = [0xfd, 0x14];
  const f64x2Mul = [0xfd, 0xf2, 0x01];
  const f64x2Add = [0xfd, 0xf0, 0x01];
  const i32Const = (v: number): number[] => [0x41, v];
  const i32Add = [0x6a];
  const i32LtU = [0x49];
  const loop = [0x03, 0x40];
  const end = [0x0b];
  const brIf0 = [0x0d, 0x00];
  const accumulate = (sum: number, offset: number): number[] =>
    [...get(sum), ...get(hv), ...get(w), ...v128Load(offset), ...f64x2Mul, ...f64x2Add, ...set(sum)];
  const code = [
    ...[2, 1, 0x7f, 3, 0x7b], // locals: 1 i32, 3 v128
    ...loop,
    ...get(z), ...v128Load(0), ...set(s01),
    ...get(z), ...v128Load(16), ...set(s23),
    ...get(h), ...set(hp),
    ...loop,
    ...get(hp), ...f64Load, ...f64x2Splat, ...set(hv),
    ...accumulate(s01, 0),
    ...accumulate(s23, 16),
    ...get(w), ...i32Const(32), ...i32Add, ...set(w),
    ...get(hp), ...i32Const(8), ...i32Add, ...tee(hp), ...get(hEnd), ...i32LtU, ...brIf0,
    ...end,
    ...get(z), ...get(s01), ...v128Store(0),
    ...get(z), ...get(s23), ...v128Store(16),
    ...get(z), ...i32Const(32), ...i32Add, ...tee(z), ...get(zEnd), ...i32LtU, ...brIf0,
    ...end,
    ...end,
  ];
  const name = (text: string): number[] => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 x 5) -> ()
    ...section(3, [1, 0]), // one function of type 0
    ...section(5, [1, 0, 1]), // one memory, at least 1 page
    ...section(7, [2, ...name('memory'), 2, 0, ...name('addRecurrent'), 0, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** Unsigned LEB128, the integer encoding of wasm binaries. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}
