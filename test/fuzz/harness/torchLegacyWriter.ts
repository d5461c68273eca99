/**
 * Writes PyTorch's legacy (pre-1.6) `torch.save` layout for a state dict, so the fuzz suite has valid `.pth`
 * files to mutate without shipping OFA's 1.5 MB predictor: five pickles (magic number, protocol version, sys
 * info, the state dict, the storage keys), then each storage as an int64 count and little-endian data.
 */

export type StorageType = 'FloatStorage' | 'DoubleStorage';

export interface StorageSpec {
  readonly key: string;
  readonly type: StorageType;
  readonly data: readonly number[];
}

export interface TensorSpec {
  readonly name: string;
  readonly storage: string;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  /** torch's view metadata `(view_key, offset, size)`: the tensor's storage is a slice of `storage`. */
  readonly view?: { readonly offset: number; readonly size: number };
}

export interface TorchFileSpec {
  readonly tensors: readonly TensorSpec[];
  readonly storages: readonly StorageSpec[];
}

const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

class PickleWriter {
  private readonly bytes: number[] = [0x80, 0x02];

  op(...codes: number[]): this {
    this.bytes.push(...codes);
    return this;
  }

  int(n: number): this {
    if (n >= 0 && n < 0x100) return this.op(0x4b, n);
    if (n >= 0 && n < 0x10000) return this.op(0x4d, n & 0xff, n >> 8);
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return this.op(0x4a, ...b);
  }

  long(n: bigint): this {
    const out: number[] = [];
    let v = n;
    while (v > 0n) {
      out.push(Number(v & 0xffn));
      v >>= 8n;
    }
    if ((out[out.length - 1] ?? 0) & 0x80) out.push(0);
    return this.op(0x8a, out.length, ...out);
  }

  str(text: string): this {
    const b = Buffer.from(text, 'utf8');
    if (b.length < 0x100) return this.op(0x8c, b.length, ...b);
    const n = Buffer.alloc(4);
    n.writeUInt32LE(b.length);
    return this.op(0x58, ...n, ...b);
  }

  global(module: string, name: string): this {
    return this.op(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
  }

  tuple(write: () => void): this {
    this.op(0x28);
    write();
    return this.op(0x74);
  }

  done(): number[] {
    return [...this.bytes, 0x2e];
  }
}

function tensorPickle(p: PickleWriter, tensor: TensorSpec, storages: ReadonlyMap<string, StorageSpec>): void {
  const storage = storages.get(tensor.storage);
  p.global('torch._utils', '_rebuild_tensor_v2');
  p.tuple(() => {
    p.tuple(() => {
      p.str('storage').global('torch', storage?.type ?? 'FloatStorage').str(tensor.storage).str('cpu').int(storage?.data.length ?? 0);
      if (tensor.view) p.tuple(() => p.str(`${tensor.storage}_view`).int(tensor.view?.offset ?? 0).int(tensor.view?.size ?? 0));
      else p.op(0x4e);
    });
    p.op(0x51); // BINPERSID
    p.int(tensor.offset);
    p.tuple(() => tensor.shape.forEach((n) => p.int(n)));
    p.tuple(() => tensor.stride.forEach((n) => p.int(n)));
    p.op(0x89); // requires_grad False
    p.global('collections', 'OrderedDict').op(0x29, 0x52);
  });
  p.op(0x52);
}

export function writeTorchLegacy(spec: TorchFileSpec): Uint8Array {
  const storages = new Map(spec.storages.map((s) => [s.key, s]));
  const magic = new PickleWriter().long(MAGIC_NUMBER).done();
  const protocol = new PickleWriter().int(PROTOCOL_VERSION).done();
  const sysInfo = new PickleWriter().op(0x7d, 0x28).str('protocol_version').int(PROTOCOL_VERSION).str('little_endian').op(0x88).op(0x75).done();
  const dict = new PickleWriter().global('collections', 'OrderedDict').op(0x29, 0x52, 0x28);
  for (const tensor of spec.tensors) {
    dict.str(tensor.name);
    tensorPickle(dict, tensor, storages);
  }
  const object = dict.op(0x75).done();
  const keys = new PickleWriter().op(0x5d, 0x28);
  for (const s of spec.storages) keys.str(s.key);
  const keyList = keys.op(0x65).done();
  const data: number[] = [];
  for (const s of spec.storages) {
    const count = Buffer.alloc(8);
    count.writeBigInt64LE(BigInt(s.data.length));
    data.push(...count);
    const width = s.type === 'FloatStorage' ? 4 : 8;
    const values = Buffer.alloc(width * s.data.length);
    s.data.forEach((v, i) => (width === 4 ? values.writeFloatLE(v, 4 * i) : values.writeDoubleLE(v, 8 * i)));
    data.push(...values);
  }
  return Uint8Array.from([...magic, ...protocol, ...sysInfo, ...object, ...keyList, ...data]);
}

/** Where the pickles end and the raw storages begin: mutations there change structure, not a float. */
export function pickleLength(bytes: Uint8Array, spec: TorchFileSpec): number {
  const dataBytes = spec.storages.reduce((sum, s) => sum + 8 + s.data.length * (s.type === 'FloatStorage' ? 4 : 8), 0);
  return bytes.length - dataBytes;
}
