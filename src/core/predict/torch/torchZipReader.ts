import { unzipSync } from 'fflate';
import { InputError } from '../../errors';
import { unpickle } from './pickleVm';
import { PyOpaque } from './pickleValue';
import { STORAGE_TYPES, type StorageRecord, type TorchStateDict, allowedGlobals, checkStoragesRead, decodeStorage, stateDictOf, storageRef } from './torchStorage';

/** Larger than any predictor or state dict PNAG reads; refusing more bounds what a crafted zip can inflate to. */
export const MAX_TORCH_ZIP_BYTES = 512 * 1024 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads a state dict saved by `torch.save` since PyTorch 1.6 (the zip format, its default). The zip holds one
 * folder, named after the file when saved (`archive/` from a buffer): `data.pkl` (the object's pickle, its
 * storages as persistent ids `('storage', torch.FloatStorage, key, location, numel)`), `data/<key>` (each
 * storage's raw little-endian elements) and `version`; newer versions add `byteorder`, `.format_version`,
 * `.storage_alignment` and `.data/serialization_id`. The pickle goes through the same allow-listed unpickler
 * as the legacy format; nothing in the file can name any other global.
 */
export function readTorchZip(bytes: Uint8Array, source: string): TorchStateDict {
  let inflated = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        inflated += file.originalSize;
        if (inflated > MAX_TORCH_ZIP_BYTES) throw new InputError(`${source}: the zip inflates to more than ${MAX_TORCH_ZIP_BYTES / 1024 / 1024} MB`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${source}: not a readable zip-format torch.save file (${(error as Error).message})`);
  }
  const pickles = Object.keys(files).filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickles.length !== 1) {
    throw new InputError(`${source}: a zip-format torch.save file has one <folder>/data.pkl; found ${pickles.length}`);
  }
  const prefix = pickles[0].slice(0, -'data.pkl'.length);
  const byteorder = files[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') {
    throw new InputError(`${source}: only little-endian torch.save files are supported`);
  }
  const storages = new Map<string, StorageRecord>();
  const pickle = files[pickles[0]];
  const object = unpickle(pickle, 0, `${source}: ${pickles[0]}`, {
    globals: allowedGlobals(),
    persistentLoad: (pid) => new PyOpaque('storage', storageRef(pid, storages, source)),
  });
  if (object.end !== pickle.length) throw new InputError(`${source}: ${pickles[0]} has ${pickle.length - object.end} bytes after its pickle`);
  for (const record of storages.values()) {
    const data = files[`${prefix}data/${record.key}`];
    if (!data) continue; // reported by checkStoragesRead
    const expected = record.size * STORAGE_TYPES[record.type].bytes;
    if (data.length !== expected) {
      throw new InputError(`${source}: ${prefix}data/${record.key} holds ${data.length} bytes, the pickle says ${record.size} ${record.type} elements (${expected} bytes)`);
    }
    record.data = decodeStorage(data, 0, record.size, record.type);
  }
  checkStoragesRead(storages, source);
  return stateDictOf(object.value, source);
}
