import { ProtoWriter } from './protobufWriter';

/**
 * A small ONNX graph (float32 tensors only) and its encoding as a ModelProto, field numbers from onnx.proto.
 * Opset 14 is the first with HardSwish; IR version 7 is the one that opset belongs to.
 */
export const ONNX_OPSET = 14;
export const ONNX_IR_VERSION = 7;

export type OnnxAttribute =
  | { readonly name: string; readonly int: number }
  | { readonly name: string; readonly float: number }
  | { readonly name: string; readonly ints: readonly number[] };

export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly OnnxAttribute[];
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface OnnxValueInfo {
  readonly name: string;
  readonly dims: readonly number[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

const TENSOR_FLOAT = 1;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

function attribute(a: OnnxAttribute): ProtoWriter {
  // AttributeProto: name 1, f 2, i 3, ints 8, type 20.
  const w = new ProtoWriter().string(1, a.name);
  if ('float' in a) return w.float(2, a.float).varint(20, ATTRIBUTE_FLOAT);
  if ('int' in a) return w.varint(3, a.int).varint(20, ATTRIBUTE_INT);
  for (const v of a.ints) w.varint(8, v);
  return w.varint(20, ATTRIBUTE_INTS);
}

function node(n: OnnxNode): ProtoWriter {
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
  const w = new ProtoWriter();
  for (const input of n.inputs) w.string(1, input);
  for (const output of n.outputs) w.string(2, output);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, attribute(a));
  return w;
}

function littleEndianBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
  return bytes;
}

function tensor(t: OnnxInitializer): ProtoWriter {
  const size = t.dims.reduce((a, b) => a * b, 1);
  if (size !== t.data.length) throw new Error(`ONNX initializer ${t.name}: dims [${t.dims.join(', ')}] hold ${size} values, data has ${t.data.length}`);
  // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian).
  const w = new ProtoWriter();
  for (const d of t.dims) w.varint(1, d);
  return w.varint(2, TENSOR_FLOAT).string(8, t.name).bytes(9, littleEndianBytes(t.data));
}

function valueInfo(v: OnnxValueInfo): ProtoWriter {
  // TensorShapeProto.dim 1 -> Dimension.dim_value 1; TypeProto.Tensor: elem_type 1, shape 2; TypeProto.tensor_type 1.
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.message(1, new ProtoWriter().varint(1, d));
  const tensorType = new ProtoWriter().varint(1, TENSOR_FLOAT).message(2, shape);
  // ValueInfoProto: name 1, type 2.
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

/** The graph as a serialized ModelProto, ready for `InferenceSession.create(bytes)` or a `.onnx` file. */
export function encodeOnnxModel(graph: OnnxGraph, producer: { name: string; version: string }): Uint8Array {
  // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
  const g = new ProtoWriter();
  for (const n of graph.nodes) g.message(1, node(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensor(t));
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  // ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8 (domain 1, version 2).
  return new ProtoWriter()
    .varint(1, ONNX_IR_VERSION)
    .string(2, producer.name)
    .string(3, producer.version)
    .message(7, g)
    .message(8, new ProtoWriter().string(1, '').varint(2, ONNX_OPSET))
    .finish();
}
