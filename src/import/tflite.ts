/**
 * A `.tflite` file (TensorFlow Lite flatbuffer, schema version 3) as a layer list: read with the
 * `flatbuffers` runtime through code flatc generated from `tflite/tflite.fbs` (no hand-written
 * decoding). The first subgraph's operators, in order, become layers (graph.ts).
 */
import { MODEL_FILE_LIMITS } from './limits.js';
import * as flatbuffers from 'flatbuffers';
import type { ByteWidths, FeatureMap, Window } from '../core/model/layers.js';
import {
  checkLayers,
  featureMap,
  LayerSink,
  mostCommon,
  sizeOf,
  TFLITE_TYPE_BYTES,
  type ImportedNetwork,
  type Unsupported,
} from './graph.js';
import { BatchMatMulOptions } from './tflite/generated/tflite/batch-mat-mul-options.js';
import { Conv2DOptions } from './tflite/generated/tflite/conv2doptions.js';
import { DepthwiseConv2DOptions } from './tflite/generated/tflite/depthwise-conv2doptions.js';
import { Model } from './tflite/generated/tflite/model.js';
import type { Operator } from './tflite/generated/tflite/operator.js';
import { Pool2DOptions } from './tflite/generated/tflite/pool2doptions.js';
import type { SubGraph } from './tflite/generated/tflite/sub-graph.js';
import type { Tensor } from './tflite/generated/tflite/tensor.js';

/** TFLite's builtin operator codes (BuiltinOperator in its schema) that this reader names. */
const OPS: Readonly<Record<number, string>> = {
  0: 'ADD',
  1: 'AVERAGE_POOL_2D',
  2: 'CONCATENATION',
  3: 'CONV_2D',
  4: 'DEPTHWISE_CONV_2D',
  5: 'DEPTH_TO_SPACE',
  6: 'DEQUANTIZE',
  9: 'FULLY_CONNECTED',
  14: 'LOGISTIC',
  16: 'LSTM',
  17: 'MAX_POOL_2D',
  18: 'MUL',
  19: 'RELU',
  20: 'RELU_N1_TO_1',
  21: 'RELU6',
  22: 'RESHAPE',
  23: 'RESIZE_BILINEAR',
  25: 'SOFTMAX',
  26: 'SPACE_TO_DEPTH',
  28: 'TANH',
  32: 'CUSTOM',
  34: 'PAD',
  36: 'GATHER',
  39: 'TRANSPOSE',
  40: 'MEAN',
  41: 'SUB',
  42: 'DIV',
  43: 'SQUEEZE',
  44: 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  45: 'STRIDED_SLICE',
  47: 'EXP',
  49: 'SPLIT',
  50: 'LOG_SOFTMAX',
  53: 'CAST',
  54: 'PRELU',
  55: 'MAXIMUM',
  57: 'MINIMUM',
  60: 'PADV2',
  65: 'SLICE',
  67: 'TRANSPOSE_CONV',
  70: 'EXPAND_DIMS',
  74: 'SUM',
  75: 'SQRT',
  76: 'RSQRT',
  78: 'POW',
  83: 'PACK',
  92: 'SQUARE',
  97: 'RESIZE_NEAREST_NEIGHBOR',
  98: 'LEAKY_RELU',
  99: 'SQUARED_DIFFERENCE',
  102: 'SPLIT_V',
  106: 'ADD_N',
  114: 'QUANTIZE',
  117: 'HARD_SWISH',
  126: 'BATCH_MATMUL',
  132: 'CONV_3D',
  150: 'GELU',
  152: 'RELU_0_TO_1',
};

/** Activations: folded into the layer before them, like BatchNorm (the description's `act`). */
const ACTIVATIONS = new Set([
  'LOGISTIC',
  'RELU',
  'RELU_N1_TO_1',
  'RELU6',
  'TANH',
  'PRELU',
  'LEAKY_RELU',
  'HARD_SWISH',
  'GELU',
  'RELU_0_TO_1',
]);
/** Views: the same values under another shape, no pass over them. */
const VIEWS = new Set(['RESHAPE', 'SQUEEZE', 'EXPAND_DIMS']);
/** One pass over the values: element-wise arithmetic, conversions and data movement. */
const PASSES = new Set([
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'MAXIMUM',
  'MINIMUM',
  'SQUARED_DIFFERENCE',
  'EXP',
  'SQRT',
  'RSQRT',
  'POW',
  'SQUARE',
  'ADD_N',
  'LOG_SOFTMAX',
  'QUANTIZE',
  'DEQUANTIZE',
  'CAST',
  'PAD',
  'PADV2',
  'TRANSPOSE',
  'CONCATENATION',
  'STRIDED_SLICE',
  'SLICE',
  'SPLIT',
  'SPLIT_V',
  'PACK',
  'GATHER',
  'SUM',
  'RESIZE_NEAREST_NEIGHBOR',
  'RESIZE_BILINEAR',
  'DEPTH_TO_SPACE',
  'SPACE_TO_DEPTH',
]);

/** The largest `.tflite` file read (a model of ~64 M int8 weights). */
export const MAX_TFLITE_BYTES = MODEL_FILE_LIMITS.network;

/** Whether bytes look like a TFLite flatbuffer (the "TFL3" identifier at byte 4). */
export function isTflite(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[4] === 0x54 && bytes[5] === 0x46 && bytes[6] === 0x4c && bytes[7] === 0x33;
}

/** Reads a `.tflite` file's first subgraph as a layer list; `name` names it where the file does not. */
export function importTflite(bytes: Uint8Array, name: string): ImportedNetwork {
  if (bytes.length > MAX_TFLITE_BYTES)
    throw new Error(`tflite: ${bytes.length.toLocaleString('en-US')} bytes, at most ${MAX_TFLITE_BYTES.toLocaleString('en-US')} (64 MiB)`);
  if (!isTflite(bytes)) throw new Error('tflite: not a TensorFlow Lite file (no "TFL3" identifier at byte 4)');
  let model: Model;
  let graph: SubGraph | null;
  try {
    model = Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes));
    graph = model.subgraphsLength() > 0 ? model.subgraphs(0) : null;
  } catch (e) {
    throw new Error(`tflite: the file is damaged (${(e as Error).message})`);
  }
  // the runtime reads past the end of a truncated file as zeros: check that each table lies inside it
  const inside = (obj: { bb_pos: number } | null, what: string): void => {
    if (obj && (obj.bb_pos <= 0 || obj.bb_pos >= bytes.length))
      throw new Error(`tflite: the file is damaged (its ${what} lies past its end)`);
  };
  inside(graph, 'subgraph');
  if (!graph || model.subgraphsLength() === 0) throw new Error('tflite: the file is damaged or empty (no subgraph)');
  try {
    // a vector of offsets takes 4 bytes an entry: a longer one than the file can hold is damage
    for (const [what, n] of [
      ['tensors', graph.tensorsLength()],
      ['operators', graph.operatorsLength()],
      ['operator codes', model.operatorCodesLength()],
      ['buffers', model.buffersLength()],
    ] as const) {
      if (n * 4 > bytes.length)
        throw new Error(
          `tflite: the file is damaged (${n.toLocaleString('en-US')} ${what} in ${bytes.length.toLocaleString('en-US')} bytes)`,
        );
    }
    for (let i = 0; i < graph.tensorsLength(); i++) inside(graph.tensors(i), `tensor ${i}`);
    for (let i = 0; i < graph.operatorsLength(); i++) inside(graph.operators(i), `operator ${i}`);
    for (let i = 0; i < model.operatorCodesLength(); i++) inside(model.operatorCodes(i), `operator code ${i}`);
    return readGraph(model, graph, name);
  } catch (e) {
    // a truncated or corrupted flatbuffer reads past its end somewhere in the accessors
    if (e instanceof RangeError || e instanceof TypeError) throw new Error(`tflite: the file is damaged (${e.message})`);
    throw e;
  }
}

function readGraph(model: Model, graph: SubGraph, fallbackName: string): ImportedNetwork {
  const tensors: Tensor[] = [];
  for (let i = 0; i < graph.tensorsLength(); i++) tensors.push(graph.tensors(i) as Tensor);
  const shapeOf = (t: number): number[] => Array.from(tensors[t]?.shapeArray() ?? []);
  const typeBytes = (t: number): number => TFLITE_TYPE_BYTES[tensors[t]?.type() ?? 0] ?? 1;
  const tensorName = (t: number): string => tensors[t]?.name() ?? `tensor ${t}`;
  /** a tensor with data in the file: a weight or a constant */
  const constant = (t: number): boolean => {
    const b = tensors[t]?.buffer() ?? 0;
    if (b <= 0 || b >= model.buffersLength()) return false;
    const buf = model.buffers(b);
    return !!buf && (buf.dataLength() > 0 || buf.size() > 0n);
  };
  /** a small int32 constant (axes, shapes) */
  const ints = (t: number): number[] => {
    const buf = model.buffers(tensors[t]?.buffer() ?? 0);
    const data = buf?.dataArray();
    if (!data || data.length % 4 !== 0) return [];
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return Array.from({ length: data.length / 4 }, (_, i) => view.getInt32(4 * i, true));
  };

  const sink = new LayerSink();
  const unsupported: Unsupported[] = [];
  const passThrough: Record<string, number> = {};
  const weightBytes: number[] = [];
  const actBytes: number[] = [];
  const notes: string[] = [];

  for (let i = 0; i < graph.operatorsLength(); i++) {
    const op = graph.operators(i) as Operator;
    const code = model.operatorCodes(op.opcodeIndex());
    // codes past 127 live only in builtin_code; older files have only the deprecated byte
    const builtin = code ? Math.max(code.builtinCode(), code.deprecatedBuiltinCode()) : -1;
    const opName = builtin === 32 ? `CUSTOM ${code?.customCode() ?? ''}`.trim() : (OPS[builtin] ?? `BUILTIN ${builtin}`);
    const inputs = Array.from(op.inputsArray() ?? []).filter((t) => t >= 0);
    const outputs = Array.from(op.outputsArray() ?? []);
    const out0 = outputs[0] ?? -1;
    const in0 = inputs[0] ?? -1;
    const node = out0 >= 0 ? tensorName(out0) : `operator ${i}`;
    const layerName = `${i}.${opName.toLowerCase()}`;
    const act: ByteWidths = { weight: 1, act: in0 >= 0 ? typeBytes(in0) : 1 };
    if (in0 >= 0) actBytes.push(act.act);
    const x: FeatureMap = featureMap(in0 >= 0 ? shapeOf(in0) : []);
    const y: FeatureMap = featureMap(out0 >= 0 ? shapeOf(out0) : []);
    const pass = (): void => {
      const inVals = inputs.reduce((s, t) => s + sizeOf(shapeOf(t)), 0);
      const outVals = outputs.reduce((s, t) => s + sizeOf(shapeOf(t)), 0);
      sink.elementwise(i, layerName, 'eltwise', y, inVals, outVals, act);
    };

    if (ACTIVATIONS.has(opName) || VIEWS.has(opName)) {
      passThrough[opName] = (passThrough[opName] ?? 0) + 1;
      continue;
    }
    switch (opName) {
      case 'CONV_2D': {
        const w = shapeOf(inputs[1] ?? -1); // [cOut, kh, kw, cIn / groups]
        const o = op.builtinOptions(new Conv2DOptions()) as Conv2DOptions | null;
        const perGroup = w[3] ?? x.c;
        const b: ByteWidths = { weight: typeBytes(inputs[1] ?? -1), act: act.act };
        weightBytes.push(b.weight);
        sink.conv(i, layerName, x, y, window(w[1] ?? 1, w[2] ?? 1, o), x.c / perGroup, b);
        break;
      }
      case 'DEPTHWISE_CONV_2D': {
        const w = shapeOf(inputs[1] ?? -1); // [1, kh, kw, cOut]
        const o = op.builtinOptions(new DepthwiseConv2DOptions()) as DepthwiseConv2DOptions | null;
        const b: ByteWidths = { weight: typeBytes(inputs[1] ?? -1), act: act.act };
        weightBytes.push(b.weight);
        const win = window(w[1] ?? 1, w[2] ?? 1, o);
        // a channel multiplier above 1 is a grouped convolution with one input channel a group
        if (y.c === x.c) sink.dwconv(i, layerName, x, y, win, b);
        else sink.conv(i, layerName, x, y, win, x.c, b);
        break;
      }
      case 'FULLY_CONNECTED': {
        const w = shapeOf(inputs[1] ?? -1); // [cOut, k]
        const k = w[1] ?? x.c;
        const n = Math.max(1, Math.round(sizeOf(shapeOf(in0)) / k));
        const b: ByteWidths = { weight: typeBytes(inputs[1] ?? -1), act: act.act };
        if (constant(inputs[1] ?? -1)) {
          weightBytes.push(b.weight);
          sink.linear(i, layerName, n, k, w[0] ?? y.c, b);
        } else sink.matmul(i, layerName, 1, n, k, w[0] ?? y.c, x, b);
        break;
      }
      case 'BATCH_MATMUL': {
        const o = op.builtinOptions(new BatchMatMulOptions()) as BatchMatMulOptions | null;
        const a = shapeOf(in0);
        const bShape = shapeOf(inputs[1] ?? -1);
        const ra = a.length;
        const rb = bShape.length;
        const m = (o?.adjX() ? a[ra - 1] : a[ra - 2]) ?? 1;
        const k = (o?.adjX() ? a[ra - 2] : a[ra - 1]) ?? 1;
        const n = (o?.adjY() ? bShape[rb - 2] : bShape[rb - 1]) ?? 1;
        const batch = Math.max(1, Math.round(sizeOf(shapeOf(out0)) / (m * n)));
        const bBatch = sizeOf(bShape.slice(0, -2));
        const b: ByteWidths = { weight: typeBytes(inputs[1] ?? -1), act: act.act };
        if (constant(inputs[1] ?? -1) && bBatch === 1) {
          weightBytes.push(b.weight);
          sink.linear(i, layerName, batch * m, k, n, b);
        } else sink.matmul(i, layerName, batch, m, k, n, x, b);
        break;
      }
      case 'AVERAGE_POOL_2D':
      case 'MAX_POOL_2D': {
        const o = op.builtinOptions(new Pool2DOptions()) as Pool2DOptions | null;
        const kh = o?.filterHeight() ?? x.h;
        const kw = o?.filterWidth() ?? x.w;
        const global = y.h === 1 && y.w === 1 && kh >= x.h && kw >= x.w;
        sink.pool(i, layerName, x, y, global ? null : window(kh, kw, o), act);
        break;
      }
      case 'MEAN': {
        const rank = shapeOf(in0).length;
        const axes = ints(inputs[1] ?? -1)
          .map((a) => (a < 0 ? a + rank : a))
          .sort();
        if (rank === 4 && axes.length === 2 && axes[0] === 1 && axes[1] === 2) sink.pool(i, layerName, x, y, null, act);
        else pass();
        break;
      }
      case 'SOFTMAX':
        sink.elementwise(i, layerName, 'softmax', y, sizeOf(shapeOf(in0)), sizeOf(shapeOf(out0)), act);
        break;
      default:
        if (PASSES.has(opName)) pass();
        else unsupported.push({ index: i, op: opName, node });
    }
  }
  checkLayers(sink.layers, 'tflite');
  const inputTensor = graph.inputsLength() > 0 ? (graph.inputs(0) as number) : -1;
  if (model.subgraphsLength() > 1) notes.push(`the file has ${model.subgraphsLength()} subgraphs; the first (the main model) is costed`);
  return {
    name: graph.name() || model.description() || fallbackName,
    format: 'tflite',
    input: featureMap(inputTensor >= 0 ? shapeOf(inputTensor) : []),
    layers: sink.layers,
    unsupported,
    passThrough,
    bytes: { weight: mostCommon(weightBytes, 1), act: mostCommon(actBytes, 1) },
    notes,
  };
}

/** A convolution's or a pool's window from its options (TFLite's Padding: 0 SAME, 1 VALID). */
function window(kh: number, kw: number, o: { padding(): number; strideH(): number; strideW(): number } | null): Window {
  return { kh, kw, sh: Math.max(1, o?.strideH() ?? 1), sw: Math.max(1, o?.strideW() ?? 1), padding: o?.padding() === 1 ? 'valid' : 'same' };
}
