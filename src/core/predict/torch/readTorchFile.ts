import { readTorchLegacy } from './torchLegacyReader';
import type { TorchStateDict } from './torchStorage';
import { isZip, readTorchZip } from './torchZipReader';

/** A state dict from any `torch.save` file: the zip format (PyTorch >= 1.6, the default) or the legacy one. */
export function readTorchFile(bytes: Uint8Array, source: string): TorchStateDict {
  return isZip(bytes) ? readTorchZip(bytes, source) : readTorchLegacy(bytes, source);
}
