/**
 * The ONNX operators that are layers, one reader per family in LAYER_OPS (convolutions, matrix
 * products, pools, reductions, softmax and normalisations, transposes, concatenations, element-wise
 * arithmetic): each costs the node into the LayerSink (graph.ts) and records its output's shape.
 * A reader returns false for a node it cannot cost (a missing weight, a 3-D convolution), which
 * `onnx.ts` then lists as unsupported.
 */
import type { ByteWidths, Window } from '../core/model/layers.js';
import { sizeOf, type LayerSink } from './graph.js';
import { ELEMENTWISE, known, type OnnxOp } from './onnxOps.js';
import { broadcast, concatenated, nchwMap, spatialAttrs, transposed } from './onnxValues.js';

/** Where costed layers go: the layers and the element widths of the weights seen. */
export interface Costing {
  readonly sink: LayerSink;
  readonly weightBytes: number[];
}

type LayerReader = (n: OnnxOp, c: Costing) => boolean;

/** Activations' widths: the input's element bytes (no weights). */
const actOf = (n: OnnxOp): ByteWidths => ({ weight: 1, act: n.x.bytes });

function readConv(n: OnnxOp, c: Costing): boolean {
  const { x } = n;
  const w = n.ins[1];
  if (!w) return false;
  const spatial = x.shape.length - 2; // 1 (a 1-D convolution) or 2; a 3-D one is not costed
  if (spatial < 1 || spatial > 2) return false;
  const xMap = nchwMap(x.shape);
  const { kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, same } = spatialAttrs(spatial, w.shape.slice(2), n);
  const out = (len: number, kk: number, s: number, d: number, p: number): number =>
    same ? Math.ceil(len / s) : Math.floor((len + p - d * (kk - 1) - 1) / s) + 1;
  const ho = out(xMap.h, kh, sh, dh, pt + pb);
  const wo = out(xMap.w, kw, sw, dw, pl + pr);
  const cOut = w.shape[0] ?? 1;
  const groups = n.attrInt('group', 1);
  const b: ByteWidths = { weight: w.bytes, act: x.bytes };
  c.weightBytes.push(w.bytes);
  const win: Window = { kh, kw, sh, sw, padding: same ? 'same' : pt + pb + pl + pr === 0 ? 'valid' : 'same' };
  const y = { h: ho, w: wo, c: cOut };
  if (groups === xMap.c && cOut === xMap.c && groups > 1) c.sink.dwconv(n.index, n.name, xMap, y, win, b);
  else c.sink.conv(n.index, n.name, xMap, y, win, groups, b);
  n.setOut({ shape: spatial === 2 ? [x.shape[0] ?? 1, cOut, ho, wo] : [x.shape[0] ?? 1, cOut, wo], bytes: x.bytes, constant: false });
  return true;
}

/** `Gemm` and `MatMul`: a linear layer on a constant 2-D operand (a weight), else a product of activations. */
function readMatMul(n: OnnxOp, c: Costing): boolean {
  const bv = n.ins[1];
  if (!bv) return false;
  const transA = n.op === 'Gemm' && n.attrInt('transA', 0) === 1;
  const transB = n.op === 'Gemm' && n.attrInt('transB', 0) === 1;
  const a = n.x.shape;
  const ra = a.length;
  const m = (transA ? a[ra - 1] : a[ra - 2]) ?? 1;
  const kk = (transA ? a[ra - 2] : a[ra - 1]) ?? 1;
  const rb = bv.shape.length;
  const cols = (rb === 1 ? 1 : transB ? bv.shape[rb - 2] : bv.shape[rb - 1]) ?? 1;
  const batchShape = broadcast([a.slice(0, -2), bv.shape.slice(0, -2)]);
  const batch = sizeOf(batchShape);
  const b: ByteWidths = { weight: bv.bytes, act: n.x.bytes };
  if (bv.constant && rb <= 2) {
    c.weightBytes.push(bv.bytes);
    c.sink.linear(n.index, n.name, batch * m, kk, cols, b);
  } else c.sink.matmul(n.index, n.name, batch, m, kk, cols, nchwMap(a), b);
  n.setOut({ shape: [...batchShape, m, cols], bytes: n.x.bytes, constant: false });
  return true;
}

function readGlobalPool(n: OnnxOp, c: Costing): boolean {
  const xMap = nchwMap(n.x.shape);
  c.sink.pool(n.index, n.name, xMap, { h: 1, w: 1, c: xMap.c }, null, actOf(n));
  n.setOut({ shape: [n.x.shape[0] ?? 1, xMap.c, 1, 1], bytes: n.x.bytes, constant: false });
  return true;
}

/** `MaxPool` and `AveragePool` on 1 or 2 spatial axes (more are not costed). */
function readPool(n: OnnxOp, c: Costing): boolean {
  const { x } = n;
  const spatial = x.shape.length - 2;
  if (spatial < 1 || spatial > 2) return false;
  const xMap = nchwMap(x.shape);
  const ceil = n.attrInt('ceil_mode', 0) === 1;
  const { kh, kw, sh, sw, pt, pl, pb, pr, same } = spatialAttrs(spatial, n.attrInts('kernel_shape') ?? [], n);
  // ceil mode: the last window may not start in the end padding (ONNX opset 19, PyTorch)
  const out = (len: number, k: number, s: number, begin: number, end: number): number => {
    if (same) return Math.ceil(len / s);
    let o = (ceil ? Math.ceil : Math.floor)((len + begin + end - k) / s) + 1;
    if (ceil && (o - 1) * s >= len + begin) o--;
    return o;
  };
  const ho = out(xMap.h, kh, sh, pt, pb);
  const wo = out(xMap.w, kw, sw, pl, pr);
  c.sink.pool(n.index, n.name, xMap, { h: ho, w: wo, c: xMap.c }, { kh, kw, sh, sw, padding: same ? 'same' : 'valid' }, actOf(n));
  n.setOut({ shape: spatial === 2 ? [x.shape[0] ?? 1, xMap.c, ho, wo] : [x.shape[0] ?? 1, xMap.c, wo], bytes: x.bytes, constant: false });
  return true;
}

/** `ReduceMean`: a global pool over H and W, else one pass. */
function readReduceMean(n: OnnxOp, c: Costing): boolean {
  const s = n.x.shape;
  const given = (n.attrInts('axes') ?? n.ins[1]?.ints ?? []).map((ax) => (ax < 0 ? ax + s.length : ax)).sort();
  // no axes: every axis, unless noop_with_empty_axes (opset 18)
  const axes = given.length > 0 || n.attrInt('noop_with_empty_axes', 0) === 1 ? given : s.map((_, i) => i);
  const keep = n.attrInt('keepdims', 1) === 1;
  const outShape = s.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  const xMap = nchwMap(s);
  if (s.length === 4 && axes.length === 2 && axes[0] === 2 && axes[1] === 3)
    c.sink.pool(n.index, n.name, xMap, { h: 1, w: 1, c: xMap.c }, null, actOf(n));
  else c.sink.elementwise(n.index, n.name, 'eltwise', nchwMap(outShape), sizeOf(s), sizeOf(outShape), actOf(n));
  n.setOut({ shape: outShape, bytes: n.x.bytes, constant: false });
  return true;
}

/** Softmax and the normalisations: one pass of that kind, the shape kept. */
const wholePass =
  (kind: 'softmax' | 'norm'): LayerReader =>
  (n, c) => {
    const size = sizeOf(n.x.shape);
    c.sink.elementwise(n.index, n.name, kind, nchwMap(n.x.shape), size, size, actOf(n));
    n.setOut({ ...n.x, constant: false });
    return true;
  };

/** A pass that reads `inputs` values and writes a tensor of `shape`. */
function pass(n: OnnxOp, c: Costing, inputs: number, shape: number[]): boolean {
  c.sink.elementwise(n.index, n.name, 'eltwise', nchwMap(shape), inputs, sizeOf(shape), actOf(n));
  n.setOut({ shape, bytes: n.x.bytes, constant: false });
  return true;
}

const inputValues = (n: OnnxOp): number => n.ins.filter(known).reduce((s, v) => s + sizeOf(v.shape), 0);

/** The operators that are layers, by ONNX op type; the element-wise ones (ELEMENTWISE) besides. */
const LAYER_OPS: ReadonlyMap<string, LayerReader> = new Map<string, LayerReader>([
  ['Conv', readConv],
  ['Gemm', readMatMul],
  ['MatMul', readMatMul],
  ['GlobalAveragePool', readGlobalPool],
  ['GlobalMaxPool', readGlobalPool],
  ['MaxPool', readPool],
  ['AveragePool', readPool],
  ['ReduceMean', readReduceMean],
  ['Softmax', wholePass('softmax')],
  ['LRN', wholePass('norm')],
  ['LayerNormalization', wholePass('norm')],
  ['Transpose', (n, c) => pass(n, c, sizeOf(n.x.shape), transposed(n.x.shape, n.attrInts('perm')))],
  ['Concat', (n, c) => pass(n, c, inputValues(n), concatenated(n.ins.filter(known), n.attrInt('axis', 1)))],
]);

/** Costs a node as a layer; false when its operator is not one this reader costs, or this node cannot be. */
export function readLayer(n: OnnxOp, c: Costing): boolean {
  const reader = LAYER_OPS.get(n.op);
  if (reader) return reader(n, c);
  if (!ELEMENTWISE.has(n.op)) return false;
  return pass(n, c, inputValues(n), broadcast(n.ins.filter(known).map((v) => v.shape)));
}
