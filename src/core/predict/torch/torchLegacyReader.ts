import { InputError } from '../../errors';
import { GlobalHandler, unpickle } from './pickleVm';
import { PyDict, PyGlobal, PyOpaque, PyTuple, PyValue, printable, pyTypeName } from './pickleValue';

/**
 * Reads a state dict saved by PyTorch's legacy (pre-1.6, non-zip) `torch.save`: five pickles (magic number,
 * protocol version, sys info, the object, the storage keys) followed by each storage as an int64 element count
 * and raw little-endian data. Only the globals a state dict of float tensors needs are allowed.
 */
export interface TorchTensor {
  readonly shape: readonly number[];
  /** Row-major, contiguous, converted to float32 whatever the storage type. */
  readonly data: Float32Array;
}

export type TorchStateDict = ReadonlyMap<string, TorchTensor>;

/** `torch.serialization.MAGIC_NUMBER` and `PROTOCOL_VERSION` of the legacy format. */
const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

const STORAGE_TYPES: Readonly<Record<string, { readonly bytes: 4 | 8; readonly dtype: 'float32' | 'float64' }>> = {
  FloatStorage: { bytes: 4, dtype: 'float32' },
  DoubleStorage: { bytes: 8, dtype: 'float64' },
};

interface StorageRecord {
  readonly key: string;
  readonly type: string;
  readonly size: number;
  data?: Float32Array;
}

interface StorageRef {
  readonly root: StorageRecord;
  /** Element offset and length of a view into the root storage (the whole storage when not a view). */
  readonly offset: number;
  readonly size: number;
}

interface TensorRef {
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

export function readTorchLegacy(bytes: Uint8Array, source: string): TorchStateDict {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new InputError(
      `${source}: this is a zip-format torch.save file (PyTorch >= 1.6); only the legacy format is read — re-save it with torch.save(obj, f, _use_new_zipfile_serialization=False)`,
    );
  }
  if (bytes.length < 2 || bytes[0] !== 0x80) {
    throw new InputError(`${source}: not a PyTorch .pth file (it does not start with a pickle protocol header)`);
  }
  const plain = { globals: new Map<string, GlobalHandler | null>() };
  const magic = unpickle(bytes, 0, source, plain);
  if (magic.value !== MAGIC_NUMBER) throw new InputError(`${source}: not a PyTorch legacy file (wrong magic number)`);
  const protocol = unpickle(bytes, magic.end, source, plain);
  if (protocol.value !== PROTOCOL_VERSION) {
    throw new InputError(`${source}: unsupported torch.save protocol version ${String(protocol.value)} (expected ${PROTOCOL_VERSION})`);
  }
  const sysInfo = unpickle(bytes, protocol.end, source, plain);
  if (!(sysInfo.value instanceof PyDict) || sysInfo.value.entries.get('little_endian') !== true) {
    throw new InputError(`${source}: only little-endian torch.save files are supported`);
  }

  const storages = new Map<string, StorageRecord>();
  const object = unpickle(bytes, sysInfo.end, source, {
    globals: allowedGlobals(),
    persistentLoad: (pid) => new PyOpaque('storage', storageRef(pid, storages, source)),
  });
  const keys = unpickle(bytes, object.end, source, plain);
  if (!Array.isArray(keys.value) || !keys.value.every((k): k is string => typeof k === 'string')) {
    throw new InputError(`${source}: the storage key list is not a list of strings`);
  }
  const end = readStorages(bytes, keys.end, keys.value, storages, source);
  if (end !== bytes.length) throw new InputError(`${source}: ${bytes.length - end} unexpected bytes after the last storage`);
  return stateDictOf(object.value, source);
}

function allowedGlobals(): Map<string, GlobalHandler | null> {
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
function storageRef(pid: PyValue, storages: Map<string, StorageRecord>, source: string): StorageRef {
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

function readStorages(bytes: Uint8Array, start: number, keys: readonly string[], storages: Map<string, StorageRecord>, source: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = start;
  for (const key of keys) {
    const record = storages.get(key);
    if (!record) throw new InputError(`${source}: storage ${printable(key)} is listed but no tensor uses it`);
    if (pos + 8 > bytes.length) throw new InputError(`${source}: file is truncated before storage ${printable(key)}`);
    const count = Number(view.getBigInt64(pos, true));
    pos += 8;
    if (count !== record.size) throw new InputError(`${source}: storage ${printable(key)} holds ${count} elements, the pickle says ${record.size}`);
    const { bytes: width, dtype } = STORAGE_TYPES[record.type];
    if (pos + count * width > bytes.length) {
      throw new InputError(`${source}: file is truncated inside storage ${printable(key)} (needs ${count * width} bytes, ${bytes.length - pos} left)`);
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = dtype === 'float32' ? view.getFloat32(pos + 4 * i, true) : view.getFloat64(pos + 8 * i, true);
    record.data = data;
    pos += count * width;
  }
  for (const record of storages.values()) {
    if (!record.data) throw new InputError(`${source}: storage ${record.key} is used by a tensor but missing from the file`);
  }
  return pos;
}

function stateDictOf(value: PyValue, source: string): TorchStateDict {
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
