import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOfaPredictorWeights, readOfaPredictorPth } from '../../src/core/predict/ofaPredictorWeights';
import { readTorchLegacy } from '../../src/core/predict/torch/torchLegacyReader';
import { OFA_FEATURE_LENGTH } from '../../src/core/space/features';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { ScratchFolder, assertFolderUnchanged, snapshotFolder } from './harness/fileSnapshot';
import { mutatedBytes, mutatedText } from './harness/mutate';
import { armProcessTripwire } from './harness/processTripwire';
import { type StorageSpec, type TensorSpec, type TorchFileSpec, pickleLength, writeTorchLegacy } from './harness/torchLegacyWriter';

const finite = fc.double({ min: -10, max: 10, noNaN: true });

/** A valid OFA accuracy predictor (128 -> h -> h -> h -> 1) with a small hidden width. */
const ofaPredictorSpec: fc.Arbitrary<TorchFileSpec> = fc
  .record({ hidden: fc.integer({ min: 1, max: 3 }), values: fc.array(finite, { minLength: 1, maxLength: 16 }), double: fc.boolean() })
  .map(({ hidden, values, double }) => {
    const shapes: [string, number[]][] = [];
    let inputs = OFA_FEATURE_LENGTH;
    ['0', '2', '4', '6'].forEach((name, i) => {
      const outputs = i === 3 ? 1 : hidden;
      shapes.push([`${name}.weight`, [outputs, inputs]], [`${name}.bias`, [outputs]]);
      inputs = outputs;
    });
    const storages: StorageSpec[] = shapes.map(([, shape], i) => ({
      key: String(i),
      type: double && i % 2 === 1 ? 'DoubleStorage' : 'FloatStorage',
      data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, j) => values[j % values.length]),
    }));
    const tensors: TensorSpec[] = shapes.map(([name, shape], i) => ({
      name, storage: String(i), offset: 0,
      shape, stride: shape.length === 2 ? [shape[1], 1] : [1],
    }));
    return { tensors, storages };
  });

/** Any state dict, its tensors views into storages that may be too small: the reader must check every index. */
const anyStateDictSpec: fc.Arbitrary<TorchFileSpec> = fc
  .record({
    storages: fc.array(fc.record({ type: fc.constantFrom('FloatStorage' as const, 'DoubleStorage' as const), data: fc.array(finite, { maxLength: 12 }) }), { minLength: 1, maxLength: 3 }),
    tensors: fc.array(
      fc.record({
        storage: fc.nat({ max: 3 }),
        offset: fc.nat({ max: 6 }),
        shape: fc.array(fc.nat({ max: 4 }), { maxLength: 3 }),
        stride: fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
        view: fc.option(fc.record({ offset: fc.nat({ max: 12 }), size: fc.nat({ max: 12 }) }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ storages, tensors }) => ({
    storages: storages.map((s, i) => ({ key: String(i), ...s })),
    tensors: tensors.map((t, i) => ({ name: `t${i}`, ...t, storage: String(t.storage), stride: t.stride.length === t.shape.length ? t.stride : t.shape.map(() => 1) })),
  }));

/** Pickle opcodes a hostile or damaged object pickle may hold, as byte groups. */
const opcode: fc.Arbitrary<readonly number[]> = fc.oneof(
  fc.constantFrom(
    ...[0x28, 0x74, 0x5d, 0x61, 0x65, 0x7d, 0x73, 0x75, 0x32, 0x30, 0x31, 0x94]
      .concat([0x4e, 0x88, 0x29, 0x85, 0x86, 0x87, 0x52, 0x62, 0x51, 0x2e, 0x6c, 0x64])
      .map((op) => [op]),
  ),
  fc.constantFrom([0x69], [0x6f], [0x81], [0x92], [0x82, 1], [0x93]),
  fc.nat({ max: 4 }).map((n) => [0x71, n]),
  fc.nat({ max: 4 }).map((n) => [0x68, n]),
  fc.nat({ max: 300 }).map((n) => (n < 256 ? [0x4b, n] : [0x4d, n & 0xff, n >> 8])),
  fc.constantFrom('storage', 'cpu', '0', 'x', '').map((s) => [0x8c, s.length, ...Buffer.from(s)]),
  fc.constantFrom('collections\nOrderedDict\n', 'torch._utils\n_rebuild_tensor_v2\n', 'torch\nFloatStorage\n', 'os\nsystem\n', 'builtins\neval\n', 'subprocess\nPopen\n', 'posix\nsystem\n').map((g) => [0x63, ...Buffer.from(g)]),
  fc.constantFrom('os', 'system', 'builtins', 'exec').map((s) => [0x8c, s.length, ...Buffer.from(s)]),
);

const randomObjectPickle: fc.Arbitrary<Uint8Array> = fc.array(opcode, { maxLength: 40 }).map((ops) => {
  const valid = writeTorchLegacy({ tensors: [], storages: [] });
  // Replace the (empty) state-dict pickle by the random one: header pickles, then ours, then an empty key list.
  const header = valid.slice(0, headerLength(valid));
  return Uint8Array.from([...header, 0x80, 0x02, ...ops.flat(), 0x2e, 0x80, 0x02, 0x5d, 0x2e]);
});

/** Bytes of the three header pickles (magic, protocol, sys info): up to the third STOP. */
function headerLength(bytes: Uint8Array): number {
  let stops = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x2e && ++stops === 3) return i + 1;
  return bytes.length;
}

interface PthInput {
  readonly bytes: Uint8Array;
  /** Built from finite floats and not mutated: every tensor read back must be finite. */
  readonly pristine: boolean;
  readonly name: string;
}

const asFile = (spec: TorchFileSpec): { bytes: Uint8Array; focus: number } => {
  const bytes = writeTorchLegacy(spec);
  return { bytes, focus: pickleLength(bytes, spec) };
};

/** The JSON form of the predictor weights, `{"layers": {name: {shape, b64}}}`. */
const ofaPredictorJson: fc.Arbitrary<string> = ofaPredictorSpec.map((spec) => {
  const storages = new Map(spec.storages.map((s) => [s.key, s]));
  const layers = Object.fromEntries(
    spec.tensors.map((t) => {
      const data = storages.get(t.storage)?.data ?? [];
      return [t.name, { shape: t.shape, b64: Buffer.from(Float32Array.from(data).buffer).toString('base64') }];
    }),
  );
  return JSON.stringify({ layers });
});

const scratch = new ScratchFolder();
let disarm: (() => void) | undefined;

/**
 * OFA's `acc_predictor.pth` and its JSON form (`ofa:<path>`, PNAG_OFA_PREDICTOR): the restricted unpickler fed
 * valid files, byte mutations (mostly inside the pickles), arbitrary state dicts and random hostile pickles.
 */
export default defineFuzzClass<PthInput>({
  name: '.pth (restricted pickle)',
  ciRuns: 1200,
  inputs: fc.oneof(
    ofaPredictorSpec.map((s) => ({ bytes: asFile(s).bytes, pristine: true, name: 'acc_predictor.pth' })),
    anyStateDictSpec.map((s) => ({ bytes: asFile(s).bytes, pristine: true, name: 'state.pth' })),
    { weight: 3, arbitrary: fc.oneof(ofaPredictorSpec, anyStateDictSpec).map(asFile).chain(({ bytes, focus }) => mutatedBytes(fc.constant(bytes), focus)).map((bytes) => ({ bytes, pristine: false, name: 'mutated.pth' })) },
    { weight: 2, arbitrary: randomObjectPickle.map((bytes) => ({ bytes, pristine: false, name: 'hostile.pth' })) },
    mutatedText(ofaPredictorJson).map((text) => ({ bytes: new Uint8Array(Buffer.from(text)), pristine: false, name: 'acc_predictor.json' })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes: Uint8Array.from([0x80, ...bytes]), pristine: false, name: 'noise.pth' })),
  ),
  setUp() {
    disarm = armProcessTripwire('a .pth reader');
  },
  check(input) {
    if (!input.name.endsWith('.json')) {
      let tensors;
      try {
        tensors = readTorchLegacy(input.bytes, input.name);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'InputError')) throw error;
      }
      for (const [name, tensor] of tensors ?? []) {
        violation(tensor.data.length === tensor.shape.reduce((a, b) => a * b, 1), 'tensor data does not match its shape', name);
        if (input.pristine) violation(tensor.data.every(Number.isFinite), 'a tensor of finite storages reads back with NaN (an index outside its storage)', name);
      }
    }
    const dir = scratch.fresh();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, input.name);
    writeFileSync(file, input.bytes);
    const before = snapshotFolder(dir);
    try {
      const weights = input.name.endsWith('.json') ? loadOfaPredictorWeights(file) : readOfaPredictorPth(input.bytes, file);
      for (const layer of weights.layers) violation(layer.weight.every(Number.isFinite) && layer.bias.every(Number.isFinite), 'predictor weights are not finite');
    } finally {
      assertFolderUnchanged(dir, before, 'the predictor reader');
    }
  },
  tearDown() {
    disarm?.();
    scratch.remove();
  },
  whereOf: (input) => [input.name],
  show: (input) => `${input.name} ${Buffer.from(input.bytes.subarray(0, 300)).toString('hex')}${input.bytes.length > 300 ? '…' : ''}`,
});
