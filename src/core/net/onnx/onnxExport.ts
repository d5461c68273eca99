import type { tf } from '../../tf/backend';
import { type NetworkLayer, convOutputSize } from '../../space/network';
import type { Activation } from '../../space/searchSpace';
import type { ConvWeights, DenseWeights, LayerWeights } from '../netWeights';
import type { MobileNetV3 } from '../mobileNetV3';
import { layerInputShape, layerOutputShape, nchwShape } from '../layerShapes';
import { type OnnxAttribute, type OnnxGraph, type OnnxInitializer, type OnnxNode, type OnnxValueInfo, encodeOnnxModel } from './onnxModel';

/** An exported network: the ONNX model bytes, its input and output, and its parameters as PyTorch counts them. */
export interface OnnxExport {
  readonly model: Uint8Array;
  readonly graph: OnnxGraph;
  /** NCHW (or `[1, features]` for a layer after pooling). */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** Values in the initializers, a folded BN bias counted twice (BN's weight and bias), as `countParams` counts. */
  readonly unfoldedParams: number;
}

const PRODUCER = { name: 'pnag', version: '1' };

/**
 * Nodes and initializers of one graph, in the order the layers run. Every weight is read from the TF.js
 * tensors and laid out as ONNX wants it (filters `[cout, cin/group, kh, kw]`), so ORT runs the very network
 * TF.js runs.
 */
class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  unfoldedParams = 0;
  private counter = 0;

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  private initializer(prefix: string, dims: readonly number[], data: Float32Array, paramsPerValue = 1): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims, data });
    this.unfoldedParams += paramsPerValue * data.length;
    return name;
  }

  node(opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = []): string {
    const output = this.fresh(opType.toLowerCase());
    this.nodes.push({ opType, name: `${opType}_${this.counter}`, inputs, outputs: [output], attributes });
    return output;
  }

  private bias(w: { bias: tf.Tensor1D | null; biasOrigin: string }): string[] {
    if (w.bias === null) return [];
    return [this.initializer('bias', [w.bias.size], w.bias.dataSync() as Float32Array, w.biasOrigin === 'bn' ? 2 : 1)];
  }

  /** Conv with pad k//2 on every side, `group = channels` for a depthwise conv, then the activation. */
  conv(x: string, w: ConvWeights, act: Activation | null): string {
    const [kh, kw, cin, cout] = w.weight.shape;
    // TF.js depthwise filters are [k, k, channels, 1]: as a grouped conv that is [channels, 1, k, k].
    const filter = w.depthwise
      ? toOnnxFilter(w.weight.dataSync() as Float32Array, kh, kw, cin, 1)
      : toOnnxFilter(w.weight.dataSync() as Float32Array, kh, kw, cin, cout);
    const dims = w.depthwise ? [cin, 1, kh, kw] : [cout, cin, kh, kw];
    const weight = this.initializer('weight', dims, filter);
    const pad = w.kernel >> 1;
    const y = this.node('Conv', [x, weight, ...this.bias(w)], [
      { name: 'kernel_shape', ints: [kh, kw] },
      { name: 'pads', ints: [pad, pad, pad, pad] },
      { name: 'strides', ints: [w.stride, w.stride] },
      { name: 'group', int: w.depthwise ? cin : 1 },
    ]);
    return this.activation(y, act);
  }

  /** A dense layer on a pooled map kept 4-D (`[1, c, 1, 1]`), as OFA's SE runs it: a 1x1 conv. */
  pointwiseDense(x: string, w: DenseWeights): string {
    const [cin, cout] = w.weight.shape;
    const weight = this.initializer('weight', [cout, cin, 1, 1], toOnnxFilter(w.weight.dataSync() as Float32Array, 1, 1, cin, cout));
    return this.node('Conv', [x, weight, ...this.bias(w)], [{ name: 'kernel_shape', ints: [1, 1] }]);
  }

  /** A dense layer on `[1, features]`: Gemm with B as TF.js stores it, `[in, out]`. */
  gemm(x: string, w: DenseWeights, act: Activation | null): string {
    const weight = this.initializer('weight', w.weight.shape, w.weight.dataSync() as Float32Array);
    return this.activation(this.node('Gemm', [x, weight, ...this.bias(w)]), act);
  }

  activation(x: string, act: Activation | null): string {
    if (act === null) return x;
    return this.node(act === 'relu' ? 'Relu' : 'HardSwish', [x]);
  }

  layer(layer: NetworkLayer, w: LayerWeights, x: string): string {
    if ((layer.kind === 'firstConv' && w.kind === 'firstConv') || (layer.kind === 'finalExpand' && w.kind === 'finalExpand')) return this.conv(x, w.conv, 'h_swish');
    if (layer.kind === 'pool') return this.node('Flatten', [this.node('GlobalAveragePool', [x])], [{ name: 'axis', int: 1 }]);
    if (layer.kind === 'featureMix' && w.kind === 'featureMix') return this.gemm(x, w.dense, 'h_swish');
    if (layer.kind === 'classifier' && w.kind === 'classifier') return this.gemm(x, w.dense, null);
    if (layer.kind === 'mbconv' && w.kind === 'mbconv') {
      let y = w.expand === null ? x : this.conv(x, w.expand, layer.activation);
      y = this.conv(y, w.depthwise, layer.activation);
      if (w.seReduce !== null && w.seExpand !== null) {
        const squeezed = this.node('Relu', [this.pointwiseDense(this.node('GlobalAveragePool', [y]), w.seReduce)]);
        // h-sigmoid = relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1).
        const gate = this.node('HardSigmoid', [this.pointwiseDense(squeezed, w.seExpand)], [
          { name: 'alpha', float: 1 / 6 },
          { name: 'beta', float: 0.5 },
        ]);
        y = this.node('Mul', [y, gate]);
      }
      y = this.conv(y, w.project, null);
      return layer.residual ? this.node('Add', [y, x]) : y;
    }
    throw new Error(`ONNX export: weights of kind ${w.kind} do not fit layer ${layer.kind}`);
  }

  finish(name: string, input: OnnxValueInfo, output: string, outputShape: readonly number[]): OnnxExport {
    // The last node's output is renamed to the graph's output name.
    const last = this.nodes[this.nodes.length - 1];
    if (last === undefined || last.outputs[0] !== output) throw new Error('ONNX export: the graph does not end in its output');
    const outputName = 'output';
    this.nodes[this.nodes.length - 1] = { ...last, outputs: [outputName] };
    const graph: OnnxGraph = { name, nodes: this.nodes, initializers: this.initializers, inputs: [input], outputs: [{ name: outputName, dims: outputShape }] };
    return { model: encodeOnnxModel(graph, PRODUCER), graph, inputShape: input.dims, outputShape, unfoldedParams: this.unfoldedParams };
  }
}

/** `[kh, kw, cin, cout]` (TF.js) to `[cout, cin, kh, kw]` (ONNX). */
export function toOnnxFilter(data: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o];
      }
    }
  }
  return out;
}

/** The NCHW input one layer takes (`[1, features]` after pooling). */
export function onnxLayerInputShape(layer: NetworkLayer): number[] {
  return nchwShape(layerInputShape(layer));
}

/** The whole network (every layer of `net.layers`, head included) as an ONNX model with NCHW input `input`. */
export function exportMobileNetV3(net: MobileNetV3): OnnxExport {
  const builder = new GraphBuilder();
  const input: OnnxValueInfo = { name: 'input', dims: [1, 3, net.arch.resolution, net.arch.resolution] };
  let x = input.name;
  net.layers.forEach((layer, i) => {
    const w = net.weights[i];
    if (w === null) throw new Error(`ONNX export: layer ${i} (${layer.kind}) was not built; build with head: true`);
    x = builder.layer(layer, w, x);
  });
  return builder.finish('mobilenetv3', input, x, nchwShape(layerOutputShape(net.layers[net.layers.length - 1])));
}

/** One layer alone (what a latency table times), with the same weights layout as the whole network. */
export function exportLayer(layer: NetworkLayer, weights: LayerWeights): OnnxExport {
  const builder = new GraphBuilder();
  const input: OnnxValueInfo = { name: 'input', dims: onnxLayerInputShape(layer) };
  const x = builder.layer(layer, weights, input.name);
  return builder.finish(layer.kind, input, x, nchwShape(layerOutputShape(layer)));
}

/** One conv with its bias and no activation, on an NCHW `inSize` map: what a per-kernel micro-benchmark times. */
export function exportConv(w: ConvWeights, inSize: number): OnnxExport {
  const builder = new GraphBuilder();
  const input: OnnxValueInfo = { name: 'input', dims: [1, w.weight.shape[2], inSize, inSize] };
  const outSize = convOutputSize(inSize, w.stride);
  return builder.finish('conv', input, builder.conv(input.name, w, null), [1, w.outChannels, outSize, outSize]);
}
