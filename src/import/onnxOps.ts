/**
 * One ONNX node as the reader sees it (`OnnxNode`: its inputs' values, its attributes, where its
 * outputs go) and the operator families that cost nothing: constants and the small integer
 * arithmetic exporters write to compute shapes (Shape → Gather → Concat → Reshape), computations
 * on constants (folded by any runtime), and the activations, normalisations and views folded into
 * the layer before them. The operators that are layers are `onnxLayers.ts`.
 */
import type * as onnxProto from 'onnx-proto';
import { broadcast, concatenated, num, tensorInts, transposed, typeBytes, viewShape, type Attrs, type Value } from './onnxValues.js';

/** A node of the graph: its place, its operator, its inputs' values (undefined: unknown), its attributes. */
export interface OnnxNode extends Attrs {
  readonly index: number;
  readonly op: string;
  /** the layer's name: `<index>.<op in lower case>` */
  readonly name: string;
  readonly ins: readonly (Value | undefined)[];
  attr(name: string): onnxProto.onnx.IAttributeProto | undefined;
  /** records the value of output `k` */
  setOut(v: Value, k?: number): void;
}

/** A node whose first input is known (every operator but Constant has one). */
export interface OnnxOp extends OnnxNode {
  readonly x: Value;
}

/** Activations and normalisations folded into the layer before them; views that add nothing. */
export const FOLDED = new Set([
  'Relu',
  'Clip',
  'Sigmoid',
  'Tanh',
  'LeakyRelu',
  'HardSwish',
  'HardSigmoid',
  'Gelu',
  'Elu',
  'Selu',
  'PRelu',
  'Softplus',
  'Mish',
  'BatchNormalization',
]);
export const VIEWS = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout', 'QuantizeLinear', 'DequantizeLinear']);
/** Element-wise with broadcasting: one pass over the values. */
export const ELEMENTWISE = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Sqrt',
  'Reciprocal',
  'Erf',
  'Exp',
  'Log',
  'Max',
  'Min',
  'Neg',
  'Abs',
  'Where',
  'Equal',
  'Cast',
  'Sum',
  'Mean',
]);

export const known = (v: Value | undefined): v is Value => v !== undefined;

/** `Constant`: its value from whichever attribute holds it; false when none does. */
export function readConstant(n: OnnxNode): boolean {
  const t = n.attr('value')?.t;
  const vi = n.attr('value_ints');
  if (t) {
    const ints = tensorInts(t);
    n.setOut({ shape: (t.dims ?? []).map(num), bytes: typeBytes(t.dataType), constant: true, ...(ints ? { ints } : {}) });
  } else if (vi?.ints) n.setOut({ shape: [vi.ints.length], bytes: 8, constant: true, ints: vi.ints.map(num) });
  else if (n.attr('value_floats')?.floats) n.setOut({ shape: [n.attr('value_floats')?.floats?.length ?? 0], bytes: 4, constant: true });
  else if (n.attr('value_float')) n.setOut({ shape: [], bytes: 4, constant: true });
  else if (n.attr('value_int')) n.setOut({ shape: [], bytes: 8, constant: true, ints: [num(n.attr('value_int')?.i)] });
  else return false;
  return true;
}

/** A copy of a constant input (a cast one; a quantised weight, whose stored width counts, not the float it becomes). */
function copyConstant(n: OnnxOp): boolean {
  if (!n.x.constant) return false;
  n.setOut({ ...n.x });
  return true;
}

/** Shape arithmetic on small integer constants, by operator; false: not this case (the node is read further). */
const SHAPE_OPS: ReadonlyMap<string, (n: OnnxOp) => boolean> = new Map([
  [
    'ConstantOfShape',
    (n: OnnxOp) => {
      n.setOut({ shape: n.x.ints ?? [], bytes: typeBytes(n.attr('value')?.t?.dataType), constant: true });
      return true;
    },
  ],
  [
    'Shape',
    (n: OnnxOp) => {
      // opset 15: an optional start and end pick a slice of the dimensions
      const dims = n.x.shape;
      const at = (v: number): number => Math.min(dims.length, Math.max(0, v < 0 ? v + dims.length : v));
      const picked = dims.slice(at(n.attrInt('start', 0)), at(n.attrInt('end', dims.length)));
      n.setOut({ shape: [picked.length], bytes: 8, constant: true, ints: picked });
      return true;
    },
  ],
  [
    'Gather',
    (n: OnnxOp) => {
      const data = n.x.ints;
      const idx = n.ins[1];
      if (!data || !idx?.ints || n.attrInt('axis', 0) !== 0) return false;
      const picked = idx.ints.map((i) => data[i < 0 ? i + data.length : i] ?? 1);
      n.setOut({ shape: idx.shape, bytes: n.x.bytes, constant: true, ints: picked });
      return true;
    },
  ],
  ['Unsqueeze', reshapeInts],
  ['Squeeze', reshapeInts],
  [
    'Concat',
    (n: OnnxOp) => {
      if (!n.ins.every((v) => v?.ints && v.constant)) return false;
      const ints = n.ins.flatMap((v) => v?.ints ?? []);
      n.setOut({ shape: [ints.length], bytes: 8, constant: true, ints });
      return true;
    },
  ],
  ['Cast', copyConstant],
  ['DequantizeLinear', copyConstant],
]);

/** `Unsqueeze`/`Squeeze` of a constant list of integers: the same list. */
function reshapeInts(n: OnnxOp): boolean {
  if (!n.x.ints || !n.x.constant) return false;
  n.setOut({ ...n.x, shape: [n.x.ints.length] });
  return true;
}

/** The shape arithmetic of SHAPE_OPS, where it applies. */
export function readShapeOp(n: OnnxOp): boolean {
  return SHAPE_OPS.get(n.op)?.(n) ?? false;
}

/**
 * A computation on constants (folded by any runtime, e.g. a transposed or reshaped weight): a
 * constant of the shape the operator gives; one this does not know is not guessed at. Weights'
 * own operators (Conv, Gemm, MatMul) are layers even on constants.
 */
export function foldConstant(n: OnnxOp): boolean {
  const { op, ins } = n;
  if (!ins.every((v) => v?.constant === true) || op === 'Conv' || op === 'Gemm' || op === 'MatMul') return false;
  let shape: number[] | null = null;
  if (VIEWS.has(op) || op === 'Cast') shape = viewShape(op, n.x, ins, n);
  else if (op === 'Transpose') shape = transposed(n.x.shape, n.attrInts('perm'));
  else if (op === 'Concat') shape = concatenated(ins.filter(known), n.attrInt('axis', 1));
  else if (ELEMENTWISE.has(op) || FOLDED.has(op)) shape = broadcast(ins.filter(known).map((v) => v.shape));
  if (!shape) return false;
  n.setOut({ shape, bytes: n.x.bytes, constant: true });
  return true;
}

/** An activation, a normalisation or a view: no layer, its output's shape and width carried on; counted in `passThrough`. */
export function passThroughOp(n: OnnxOp, passThrough: Record<string, number>): boolean {
  const { op, x } = n;
  if (!FOLDED.has(op) && !VIEWS.has(op)) return false;
  passThrough[op] = (passThrough[op] ?? 0) + 1;
  n.setOut({
    shape: viewShape(op, x, n.ins, n),
    bytes: op === 'QuantizeLinear' ? 1 : op === 'DequantizeLinear' ? 4 : x.bytes,
    constant: false,
  });
  return true;
}
