import { InputError } from '../../errors';
import type { GlobalHandler } from './pickleVm';
import { PyDict, PyGlobal, PyOpaque, PyTuple, type PyValue, printable, pyTypeName } from './pickleValue';

/**
 * What a PyTorch state dict's pickle refers to, whatever container holds it (legacy file or zip): the
 * allow-listed globals that rebuild tensors, the storages they point into, and the tensors made from them.
 */
export interface TorchTensor {
  readonly shape: readonly number[];
  /** Row-major, contiguous, converted to float32 whatever the storage type. */
  readonly data: Float32Array;
}

export type TorchStateDict = ReadonlyMap<string, TorchTensor>;

export const STORAGE_TYPES: Readonly<Record<string, { readonly bytes: 4 | 8; readonly dtype: 'float32' | 'float64' }>> = {
  FloatStorage: { bytes: 4, dtype: 'float32' },
  DoubleStorage: { bytes: 8, dtype: 'float64' },
};

export interface StorageRecord {
  readonly key: string;
  readonly type: string;
  readonly size: number;
  data?: Float32Array;
}

export interface StorageRef {
  readonly root: StorageRecord;
  /** Element offset and length of a view into the root storage (the whole storage when not a view). */
  readonly offset: number;
  readonly size: number;
}

export interface TensorRef {
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** The allowed global names, exported so tests and docs can quote them. */
export const TORCH_ALLOWED_GLOBALS = [
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...Object.keys(STORAGE_TYPES).map((t) => `torch.${t}`),
] as const;

export function allowedGlobals(): Map<string, GlobalHandler | null> {
  const globals = new Map<string, GlobalHandler | null>();
  globals.set('collections OrderedDict', (args, where) => {
    if (args.length !== 0) throw new InputError(`${where}: expected no arguments`);
    return new PyDict(true);
  });
  globals.set('torch._utils _rebuild_tensor_v2', (args, where) => {
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (args.length < 6) throw new InputError(`${where}: expected at least 6 arguments, got ${args.length}`);
    const [storage, offset, size, stride] = args;
    if (!(storage instanceof PyOpaque) || storage.kind !== 'storage') throw new InputError(`${where}: first argument is not a storage`);
    const tensor: TensorRef = {
      storage: storage.value as StorageRef,
      offset: nonNegativeInt(offset, `${where}: storage_offset`),
      shape: intTuple(size, `${where}: size`),
      stride: intTuple(stride, `${where}: stride`),
    };
    if (tensor.shape.length !== tensor.stride.length) throw new InputError(`${where}: size and stride differ in length`);
    return new PyOpaque('tensor', tensor);
  });
  globals.set('torch._utils _rebuild_parameter', (args, where) => {
    const data = args[0];
    if (!(data instanceof PyOpaque) || data.kind !== 'tensor') throw new InputError(`${where}: first argument is not a tensor`);
    return data;
  });
  for (const type of Object.keys(STORAGE_TYPES)) globals.set(`torch ${type}`, null);
  return globals;
}

/** A persistent id `('storage', StorageType, key, location, size, view_metadata)`. */
export function storageRef(pid: PyValue, storages: Map<string, StorageRecord>, source: string): StorageRef {
  const where = `${source}: persistent id`;
  if (!(pid instanceof PyTuple) || pid.items[0] !== 'storage' || pid.items.length < 5) {
    throw new InputError(`${where}: expected ('storage', type, key, location, size, ...), got ${pyTypeName(pid)}`);
  }
  const [, type, key, , size, view] = pid.items;
  if (!(type instanceof PyGlobal) || !(type.name in STORAGE_TYPES)) {
    throw new InputError(`${where}: storage type ${pyTypeName(type ?? null)} is not supported (only ${Object.keys(STORAGE_TYPES).join(', ')})`);
  }
  if (typeof key !== 'string') throw new InputError(`${where}: storage key is a ${pyTypeName(key)}, not a str`);
  const count = nonNegativeInt(size, `${where}: storage size`);
  let root = storages.get(key);
  if (!root) {
    root = { key, type: type.name, size: count };
    storages.set(key, root);
  } else if (root.type !== type.name) {
    throw new InputError(`${where}: storage ${printable(key)} is used as both ${root.type} and ${type.name}`);
  }
  if (view === undefined || view === null) return { root, offset: 0, size: root.size };
  // view_metadata = (view_key, offset, view_size): a slice of the storage named by `key`.
  if (!(view instanceof PyTuple) || view.items.length !== 3) throw new InputError(`${where}: malformed view metadata`);
  const viewOffset = nonNegativeInt(view.items[1], `${where}: view offset`);
  const viewSize = nonNegativeInt(view.items[2], `${where}: view size`);
  // Tensors index the view, so a view reaching past its storage would read beyond the data.
  if (viewOffset + viewSize > root.size) {
    throw new InputError(`${where}: view [${viewOffset}, ${viewOffset + viewSize}) lies outside storage ${printable(key)} of ${root.size} elements`);
  }
  return { root, offset: viewOffset, size: viewSize };
}

/** Decodes `count` little-endian elements of a storage type into float32. */
export function decodeStorage(bytes: Uint8Array, pos: number, count: number, type: string): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { dtype } = STORAGE_TYPES[type];
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = dtype === 'float32' ? view.getFloat32(pos + 4 * i, true) : view.getFloat64(pos + 8 * i, true);
  return data;
}

/** Every storage a tensor uses must have been read. */
export function checkStoragesRead(storages: ReadonlyMap<string, StorageRecord>, source: string): void {
  for (const record of storages.values()) {
    if (!record.data) throw new InputError(`${source}: storage ${record.key} is used by a tensor but missing from the file`);
  }
}

export function stateDictOf(value: PyValue, source: string): TorchStateDict {
  if (!(value instanceof PyDict)) throw new InputError(`${source}: expected a state dict (OrderedDict of tensors), found a ${pyTypeName(value)}`);
  const out = new Map<string, TorchTensor>();
  for (const [name, tensor] of value.entries) {
    if (typeof name !== 'string') throw new InputError(`${source}: state dict key ${String(name)} is not a string`);
    if (!(tensor instanceof PyOpaque) || tensor.kind !== 'tensor') {
      throw new InputError(`${source}: state dict entry "${printable(name)}" is a ${pyTypeName(tensor)}, not a tensor`);
    }
    out.set(name, materialise(tensor.value as TensorRef, `${source}: tensor "${printable(name)}"`));
  }
  return out;
}

/** Copies a strided view into a contiguous row-major array, checking every index stays in its storage. */
function materialise(ref: TensorRef, where: string): TorchTensor {
  const storage = ref.storage.root.data as Float32Array;
  const count = ref.shape.reduce((a, b) => a * b, 1);
  let last = ref.offset;
  ref.shape.forEach((n, i) => {
    if (n > 0) last += (n - 1) * ref.stride[i];
  });
  // A state dict's tensors never hold more elements than their storage; refusing that bounds the allocation.
  if (count > ref.storage.size) throw new InputError(`${where}: ${count} elements from a storage of ${ref.storage.size}`);
  if (count > 0 && last >= ref.storage.size) throw new InputError(`${where}: reaches element ${last} of a storage of ${ref.storage.size}`);
  const base = ref.storage.offset + ref.offset;
  const data = new Float32Array(count);
  const index = new Array<number>(ref.shape.length).fill(0);
  for (let i = 0; i < count; i++) {
    let at = base;
    for (let d = 0; d < index.length; d++) at += index[d] * ref.stride[d];
    data[i] = storage[at];
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d] < ref.shape[d]) break;
      index[d] = 0;
    }
  }
  return { shape: ref.shape.slice(), data };
}

function nonNegativeInt(value: PyValue | undefined, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InputError(`${where}: expected a non-negative int, got ${value === undefined ? 'nothing' : pyTypeName(value)}`);
  }
  return value;
}

function intTuple(value: PyValue | undefined, where: string): number[] {
  if (!(value instanceof PyTuple)) throw new InputError(`${where}: expected a tuple`);
  return value.items.map((item, i) => nonNegativeInt(item, `${where}[${i}]`));
}
