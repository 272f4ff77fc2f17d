/**
 * TFLite's operators as the reader knows them: the builtin codes it names (OPS), the activations
 * and views folded away, and the operators that are layers, one reader per family in LAYER_OPS
 * (convolutions, fully connected, batched products, pools, means, softmax) or one pass over the
 * values (PASSES). Each reader costs the operator into the LayerSink (graph.ts); `tflite.ts` walks
 * the graph.
 */
import type { ByteWidths, FeatureMap, Window } from '../core/model/layers.js';
import { sizeOf, type LayerSink } from './graph.js';
import { BatchMatMulOptions } from './tflite/generated/tflite/batch-mat-mul-options.js';
import { Conv2DOptions } from './tflite/generated/tflite/conv2doptions.js';
import { DepthwiseConv2DOptions } from './tflite/generated/tflite/depthwise-conv2doptions.js';
import type { Operator } from './tflite/generated/tflite/operator.js';
import { Pool2DOptions } from './tflite/generated/tflite/pool2doptions.js';

/** TFLite's builtin operator codes (BuiltinOperator in its schema) that this reader names. */
export const OPS: Readonly<Record<number, string>> = {
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
export const ACTIVATIONS = new Set([
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
export const VIEWS = new Set(['RESHAPE', 'SQUEEZE', 'EXPAND_DIMS']);
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

/** What the readers need of the graph's tensors, by index (-1: none). */
export interface TfliteTensors {
  shapeOf(t: number): number[];
  typeBytes(t: number): number;
  /** a tensor with data in the file: a weight or a constant */
  constant(t: number): boolean;
  /** a small int32 constant (axes, shapes) */
  ints(t: number): number[];
}

/** One operator of the graph with what its reader needs: its tensors, its feature maps, where layers go. */
export interface TfliteOp {
  readonly index: number;
  /** the layer's name: `<index>.<op in lower case>` */
  readonly name: string;
  readonly op: Operator;
  /** input tensors (optional ones left out) and output tensors */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly in0: number;
  readonly out0: number;
  /** the first input's and output's feature maps */
  readonly x: FeatureMap;
  readonly y: FeatureMap;
  /** activations' widths: the first input's element bytes */
  readonly act: ByteWidths;
  readonly tensors: TfliteTensors;
  readonly sink: LayerSink;
  /** the element widths of the weights seen */
  readonly weightBytes: number[];
}

/** The second input's tensor: the weight. */
const weightOf = (o: TfliteOp): number => o.inputs[1] ?? -1;

/** Widths of a layer with weight tensor `w`. */
const widths = (o: TfliteOp, w: number): ByteWidths => ({ weight: o.tensors.typeBytes(w), act: o.act.act });

function readConv(o: TfliteOp): void {
  const w = weightOf(o);
  const shape = o.tensors.shapeOf(w); // [cOut, kh, kw, cIn / groups]
  const opts = o.op.builtinOptions(new Conv2DOptions()) as Conv2DOptions | null;
  const perGroup = shape[3] ?? o.x.c;
  const b = widths(o, w);
  o.weightBytes.push(b.weight);
  o.sink.conv(o.index, o.name, o.x, o.y, window(shape[1] ?? 1, shape[2] ?? 1, opts), o.x.c / perGroup, b);
}

function readDepthwise(o: TfliteOp): void {
  const w = weightOf(o);
  const shape = o.tensors.shapeOf(w); // [1, kh, kw, cOut]
  const opts = o.op.builtinOptions(new DepthwiseConv2DOptions()) as DepthwiseConv2DOptions | null;
  const b = widths(o, w);
  o.weightBytes.push(b.weight);
  const win = window(shape[1] ?? 1, shape[2] ?? 1, opts);
  // a channel multiplier above 1 is a grouped convolution with one input channel a group
  if (o.y.c === o.x.c) o.sink.dwconv(o.index, o.name, o.x, o.y, win, b);
  else o.sink.conv(o.index, o.name, o.x, o.y, win, o.x.c, b);
}

/** A linear layer on a constant weight, else a product of activations. */
function readFullyConnected(o: TfliteOp): void {
  const w = weightOf(o);
  const shape = o.tensors.shapeOf(w); // [cOut, k]
  const k = shape[1] ?? o.x.c;
  const n = Math.max(1, Math.round(sizeOf(o.tensors.shapeOf(o.in0)) / k));
  const b = widths(o, w);
  if (o.tensors.constant(w)) {
    o.weightBytes.push(b.weight);
    o.sink.linear(o.index, o.name, n, k, shape[0] ?? o.y.c, b);
  } else o.sink.matmul(o.index, o.name, 1, n, k, shape[0] ?? o.y.c, o.x, b);
}

/** A linear layer on a constant unbatched operand, else a batched product of activations. */
function readBatchMatMul(o: TfliteOp): void {
  const opts = o.op.builtinOptions(new BatchMatMulOptions()) as BatchMatMulOptions | null;
  const w = weightOf(o);
  const a = o.tensors.shapeOf(o.in0);
  const bShape = o.tensors.shapeOf(w);
  const ra = a.length;
  const rb = bShape.length;
  const m = (opts?.adjX() ? a[ra - 1] : a[ra - 2]) ?? 1;
  const k = (opts?.adjX() ? a[ra - 2] : a[ra - 1]) ?? 1;
  const n = (opts?.adjY() ? bShape[rb - 2] : bShape[rb - 1]) ?? 1;
  const batch = Math.max(1, Math.round(sizeOf(o.tensors.shapeOf(o.out0)) / (m * n)));
  const bBatch = sizeOf(bShape.slice(0, -2));
  const b = widths(o, w);
  if (o.tensors.constant(w) && bBatch === 1) {
    o.weightBytes.push(b.weight);
    o.sink.linear(o.index, o.name, batch * m, k, n, b);
  } else o.sink.matmul(o.index, o.name, batch, m, k, n, o.x, b);
}

/** A pool; one whose window covers the whole map is a global pool. */
function readPool(o: TfliteOp): void {
  const opts = o.op.builtinOptions(new Pool2DOptions()) as Pool2DOptions | null;
  const kh = opts?.filterHeight() ?? o.x.h;
  const kw = opts?.filterWidth() ?? o.x.w;
  const global = o.y.h === 1 && o.y.w === 1 && kh >= o.x.h && kw >= o.x.w;
  o.sink.pool(o.index, o.name, o.x, o.y, global ? null : window(kh, kw, opts), o.act);
}

/** `MEAN` over H and W of an NHWC tensor is a global pool; another one pass. */
function readMean(o: TfliteOp): void {
  const rank = o.tensors.shapeOf(o.in0).length;
  const axes = o.tensors
    .ints(o.inputs[1] ?? -1)
    .map((a) => (a < 0 ? a + rank : a))
    .sort();
  if (rank === 4 && axes.length === 2 && axes[0] === 1 && axes[1] === 2) o.sink.pool(o.index, o.name, o.x, o.y, null, o.act);
  else pass(o);
}

/** One pass over the values: all inputs read, all outputs written. */
function pass(o: TfliteOp): void {
  const inVals = o.inputs.reduce((s, t) => s + sizeOf(o.tensors.shapeOf(t)), 0);
  const outVals = o.outputs.reduce((s, t) => s + sizeOf(o.tensors.shapeOf(t)), 0);
  o.sink.elementwise(o.index, o.name, 'eltwise', o.y, inVals, outVals, o.act);
}

/** The operators that are layers, by name; those of PASSES besides. */
const LAYER_OPS: ReadonlyMap<string, (o: TfliteOp) => void> = new Map([
  ['CONV_2D', readConv],
  ['DEPTHWISE_CONV_2D', readDepthwise],
  ['FULLY_CONNECTED', readFullyConnected],
  ['BATCH_MATMUL', readBatchMatMul],
  ['AVERAGE_POOL_2D', readPool],
  ['MAX_POOL_2D', readPool],
  ['MEAN', readMean],
  [
    'SOFTMAX',
    (o: TfliteOp) =>
      o.sink.elementwise(o.index, o.name, 'softmax', o.y, sizeOf(o.tensors.shapeOf(o.in0)), sizeOf(o.tensors.shapeOf(o.out0)), o.act),
  ],
]);

/** Costs an operator named `opName` as a layer; false when it is not one this reader costs. */
export function readLayer(opName: string, o: TfliteOp): boolean {
  const reader = LAYER_OPS.get(opName) ?? (PASSES.has(opName) ? pass : undefined);
  reader?.(o);
  return reader !== undefined;
}

/** A convolution's or a pool's window from its options (TFLite's Padding: 0 SAME, 1 VALID). */
function window(kh: number, kw: number, o: { padding(): number; strideH(): number; strideW(): number } | null): Window {
  return { kh, kw, sh: Math.max(1, o?.strideH() ?? 1), sw: Math.max(1, o?.strideW() ?? 1), padding: o?.padding() === 1 ? 'valid' : 'same' };
}
