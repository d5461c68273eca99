import { InputError } from '../../errors';
import { type GlobalHandler, unpickle } from './pickleVm';
import { PyDict, PyOpaque, printable } from './pickleValue';
import {
  STORAGE_TYPES,
  type StorageRecord,
  type TorchStateDict,
  allowedGlobals,
  checkStoragesRead,
  decodeStorage,
  stateDictOf,
  storageRef,
} from './torchStorage';

export type { TorchStateDict, TorchTensor } from './torchStorage';
export { TORCH_ALLOWED_GLOBALS } from './torchStorage';

/** `torch.serialization.MAGIC_NUMBER` and `PROTOCOL_VERSION` of the legacy format. */
const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

/**
 * Reads a state dict saved by PyTorch's legacy (pre-1.6, non-zip) `torch.save`: five pickles (magic number,
 * protocol version, sys info, the object, the storage keys) followed by each storage as an int64 element count
 * and raw little-endian data. Only the globals a state dict of float tensors needs are allowed.
 */
export function readTorchLegacy(bytes: Uint8Array, source: string): TorchStateDict {
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
    const { bytes: width } = STORAGE_TYPES[record.type];
    if (pos + count * width > bytes.length) {
      throw new InputError(`${source}: file is truncated inside storage ${printable(key)} (needs ${count * width} bytes, ${bytes.length - pos} left)`);
    }
    record.data = decodeStorage(bytes, pos, count, record.type);
    pos += count * width;
  }
  checkStoragesRead(storages, source);
  return pos;
}

