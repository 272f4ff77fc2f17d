/**
 * An `.onnx` file as a layer list: decoded with `protobufjs` through `onnx-proto` (the static code
 * protobufjs generated from onnx.proto), the graph's nodes in their order become layers (graph.ts).
 * ONNX files rarely state every intermediate shape, so the shapes are carried through the graph
 * here, node by node, for the operators this reader knows (NCHW); small integer tensors that compute
 * shapes (Shape → Gather → Concat → Reshape, as exporters write them) are evaluated on the way.
 */
import { MODEL_FILE_LIMITS } from './limits.js';
import * as onnxProto from 'onnx-proto';
import type { ByteWidths, FeatureMap, Window } from '../core/model/layers.js';
import { maxOf } from '../core/numbers.js';
import { checkLayers, LayerSink, mostCommon, sizeOf, type ImportedNetwork, type Unsupported } from './graph.js';

type Onnx = typeof onnxProto.onnx;
// a CommonJS module: Node's ESM loader puts its exports under `default`
export const onnx: Onnx =
  (onnxProto as unknown as { onnx?: Onnx }).onnx ?? (onnxProto as unknown as { default: { onnx: Onnx } }).default.onnx;

/** The largest `.onnx` file read. */
export const MAX_ONNX_BYTES = MODEL_FILE_LIMITS.network;

/** Bytes of an element of each ONNX TensorProto.DataType. */
const ONNX_TYPE_BYTES: Readonly<Record<number, number>> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  16: 2,
  17: 1,
  18: 1,
  19: 1,
  20: 1,
  21: 0.5,
  22: 0.5,
};

/** Activations and normalisations folded into the layer before them; views that add nothing. */
const FOLDED = new Set([
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
const VIEWS = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout', 'QuantizeLinear', 'DequantizeLinear']);
/** Element-wise with broadcasting: one pass over the values. */
const ELEMENTWISE = new Set([
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

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)));

/** Whether bytes look like an ONNX model (a protobuf whose field 1, ir_version, comes first). */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x08;
}

interface Value {
  shape: number[];
  /** element bytes */
  bytes: number;
  /** a constant (an initializer or computed from constants); `ints` where it is small and integral */
  constant: boolean;
  ints?: number[];
}

export function importOnnx(bytes: Uint8Array, fallbackName: string): ImportedNetwork {
  try {
    return readOnnx(bytes, fallbackName);
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    // a file that decodes but holds nonsense fails somewhere inside: say so, not how
    throw new Error(message.startsWith('onnx: ') ? message : `onnx: the file is damaged (${message})`);
  }
}

function readOnnx(bytes: Uint8Array, fallbackName: string): ImportedNetwork {
  if (bytes.length > MAX_ONNX_BYTES)
    throw new Error(`onnx: ${bytes.length.toLocaleString('en-US')} bytes, at most ${MAX_ONNX_BYTES.toLocaleString('en-US')} (64 MiB)`);
  let model: InstanceType<Onnx['ModelProto']>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`onnx: not an ONNX model, or a damaged one (${(e as Error).message})`);
  }
  const graph = model.graph;
  const nodes = graph?.node ?? [];
  if (!graph || nodes.length === 0) throw new Error('onnx: the file holds no graph (no nodes)');
  const values = new Map<string, Value>();
  const weightBytes: number[] = [];
  const actBytes: number[] = [];

  for (const t of graph.initializer ?? []) {
    const dims = (t.dims ?? []).map(num);
    const v: Value = { shape: dims, bytes: ONNX_TYPE_BYTES[t.dataType ?? 1] ?? 4, constant: true };
    const ints = tensorInts(t);
    if (ints) v.ints = ints;
    values.set(t.name ?? '', v);
  }
  let input: FeatureMap | null = null;
  for (const i of graph.input ?? []) {
    if (!i.name || values.has(i.name)) continue; // an initializer listed as an input too (older exporters)
    const tt = i.type?.tensorType;
    const shape = (tt?.shape?.dim ?? []).map((d) => (d.dimValue != null ? Math.max(1, num(d.dimValue)) : 1));
    values.set(i.name, { shape, bytes: ONNX_TYPE_BYTES[tt?.elemType ?? 1] ?? 4, constant: false });
    input ??= nchwMap(shape);
  }
  for (const vi of graph.valueInfo ?? []) {
    const tt = vi.type?.tensorType;
    if (!tt?.shape || !vi.name || values.has(vi.name)) continue;
    values.set(vi.name, {
      shape: (tt.shape.dim ?? []).map((d) => (d.dimValue != null ? Math.max(1, num(d.dimValue)) : 1)),
      bytes: ONNX_TYPE_BYTES[tt.elemType ?? 1] ?? 4,
      constant: false,
    });
  }

  const sink = new LayerSink();
  const unsupported: Unsupported[] = [];
  const passThrough: Record<string, number> = {};
  nodes.forEach((node, index) => {
    const op = node.opType ?? '';
    const ins = (node.input ?? []).map((n) => (n ? values.get(n) : undefined));
    const outputs = node.output ?? [];
    const attributes = node.attribute ?? [];
    const x = ins[0];
    const attr = (name: string): onnxProto.onnx.IAttributeProto | undefined => attributes.find((a) => a.name === name);
    const attrInts = (name: string): number[] | undefined => {
      const a = attr(name);
      return a?.ints && a.ints.length > 0 ? a.ints.map(num) : undefined;
    };
    const autoPadOf = (): string => {
      const bytes = attr('auto_pad')?.s;
      return bytes ? new TextDecoder().decode(bytes) : 'NOTSET';
    };
    const attrInt = (name: string, fallback: number): number => {
      const a = attr(name);
      return a ? num(a.i) : fallback;
    };
    const name = `${index}.${op.toLowerCase()}`;
    const nodeName = node.name || outputs[0] || `node ${index}`;
    const setOut = (v: Value, k = 0): void => {
      const o = outputs[k];
      if (o) values.set(o, v);
    };
    const act: ByteWidths = { weight: 1, act: x?.bytes ?? 1 };
    const known = (v: Value | undefined): v is Value => v !== undefined;
    if (!known(x) && op !== 'Constant') {
      unsupported.push({ index, op, node: nodeName });
      return;
    }
    if (x && !x.constant) actBytes.push(x.bytes);
    const constantNode = ins.every((v) => v?.constant === true);
    switch (op) {
      case 'Constant': {
        const t = attr('value')?.t;
        const vi = attr('value_ints');
        if (t)
          setOut({
            shape: (t.dims ?? []).map(num),
            bytes: ONNX_TYPE_BYTES[t.dataType ?? 1] ?? 4,
            constant: true,
            ...(tensorInts(t) ? { ints: tensorInts(t) as number[] } : {}),
          });
        else if (vi?.ints) setOut({ shape: [vi.ints.length], bytes: 8, constant: true, ints: vi.ints.map(num) });
        else if (attr('value_floats')?.floats) setOut({ shape: [attr('value_floats')?.floats?.length ?? 0], bytes: 4, constant: true });
        else if (attr('value_float')) setOut({ shape: [], bytes: 4, constant: true });
        else if (attr('value_int')) setOut({ shape: [], bytes: 8, constant: true, ints: [num(attr('value_int')?.i)] });
        else unsupported.push({ index, op, node: nodeName });
        return;
      }
      case 'ConstantOfShape': {
        const shape = (x as Value).ints ?? [];
        setOut({ shape, bytes: ONNX_TYPE_BYTES[attr('value')?.t?.dataType ?? 1] ?? 4, constant: true });
        return;
      }
      case 'Shape': {
        // opset 15: an optional start and end pick a slice of the dimensions
        const dims = (x as Value).shape;
        const at = (v: number): number => Math.min(dims.length, Math.max(0, v < 0 ? v + dims.length : v));
        const picked = dims.slice(at(attrInt('start', 0)), at(attrInt('end', dims.length)));
        setOut({ shape: [picked.length], bytes: 8, constant: true, ints: picked });
        return;
      }
      case 'Gather': {
        const data = x as Value;
        const idx = ins[1];
        if (data.ints && idx?.ints && attrInt('axis', 0) === 0) {
          const picked = idx.ints.map((i) => data.ints?.[i < 0 ? i + data.ints.length : i] ?? 1);
          setOut({ shape: idx.shape, bytes: data.bytes, constant: true, ints: picked });
          return;
        }
        break;
      }
      case 'Unsqueeze':
      case 'Squeeze':
        if ((x as Value).ints && (x as Value).constant) {
          setOut({ ...(x as Value), shape: [((x as Value).ints as number[]).length] });
          return;
        }
        break;
      case 'Concat':
        if (ins.every((v) => v?.ints && v.constant)) {
          const ints = ins.flatMap((v) => v?.ints ?? []);
          setOut({ shape: [ints.length], bytes: 8, constant: true, ints });
          return;
        }
        break;
      case 'Cast':
        if ((x as Value).constant) {
          setOut({ ...(x as Value) });
          return;
        }
        break;
      case 'DequantizeLinear':
        if ((x as Value).constant) {
          // a quantised weight: its stored width counts, not the float it becomes
          setOut({ ...(x as Value) });
          return;
        }
        break;
    }
    if (constantNode && op !== 'Conv' && op !== 'Gemm' && op !== 'MatMul') {
      // a computation on constants (folded by any runtime, e.g. a transposed or reshaped weight): a
      // constant of the shape the operator gives; one this does not know is not guessed at
      const cx = x as Value;
      let shape: number[] | null = null;
      if (VIEWS.has(op) || op === 'Cast') shape = viewShape(op, cx, ins, attrInt, attrInts);
      else if (op === 'Transpose') shape = transposed(cx.shape, attrInts('perm'));
      else if (op === 'Concat') shape = concatenated(ins.filter(known), attrInt('axis', 1));
      else if (ELEMENTWISE.has(op) || FOLDED.has(op)) shape = broadcast(ins.filter(known).map((v) => v.shape));
      if (shape) {
        setOut({ shape, bytes: cx.bytes, constant: true });
        return;
      }
    }
    const xv = x as Value;
    const xMap = nchwMap(xv.shape);
    if (FOLDED.has(op) || VIEWS.has(op)) {
      passThrough[op] = (passThrough[op] ?? 0) + 1;
      setOut({
        shape: viewShape(op, xv, ins, attrInt, attrInts),
        bytes: op === 'QuantizeLinear' ? 1 : op === 'DequantizeLinear' ? 4 : xv.bytes,
        constant: false,
      });
      return;
    }
    switch (op) {
      case 'Conv': {
        const w = ins[1];
        if (!w) break;
        const rank = xv.shape.length;
        const spatial = rank - 2; // 1 (a 1-D convolution) or 2; a 3-D one is not costed
        if (spatial < 1 || spatial > 2) break;
        const { kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, same } = spatialAttrs(spatial, w.shape.slice(2), attrInts, autoPadOf());
        const out = (n: number, kk: number, s: number, d: number, p: number): number =>
          same ? Math.ceil(n / s) : Math.floor((n + p - d * (kk - 1) - 1) / s) + 1;
        const ho = out(xMap.h, kh, sh, dh, pt + pb);
        const wo = out(xMap.w, kw, sw, dw, pl + pr);
        const cOut = w.shape[0] ?? 1;
        const groups = attrInt('group', 1);
        const b: ByteWidths = { weight: w.bytes, act: act.act };
        weightBytes.push(w.bytes);
        const win: Window = { kh, kw, sh, sw, padding: same ? 'same' : pt + pb + pl + pr === 0 ? 'valid' : 'same' };
        const y = { h: ho, w: wo, c: cOut };
        if (groups === xMap.c && cOut === xMap.c && groups > 1) sink.dwconv(index, name, xMap, y, win, b);
        else sink.conv(index, name, xMap, y, win, groups, b);
        setOut({
          shape: spatial === 2 ? [xv.shape[0] ?? 1, cOut, ho, wo] : [xv.shape[0] ?? 1, cOut, wo],
          bytes: xv.bytes,
          constant: false,
        });
        return;
      }
      case 'Gemm':
      case 'MatMul': {
        const bv = ins[1];
        if (!bv) break;
        const transA = op === 'Gemm' && attrInt('transA', 0) === 1;
        const transB = op === 'Gemm' && attrInt('transB', 0) === 1;
        const a = xv.shape;
        const ra = a.length;
        const m = (transA ? a[ra - 1] : a[ra - 2]) ?? 1;
        const kk = (transA ? a[ra - 2] : a[ra - 1]) ?? 1;
        const rb = bv.shape.length;
        const n = (rb === 1 ? 1 : transB ? bv.shape[rb - 2] : bv.shape[rb - 1]) ?? 1;
        const batchShape = broadcast([a.slice(0, -2), bv.shape.slice(0, -2)]);
        const batch = sizeOf(batchShape);
        const b: ByteWidths = { weight: bv.bytes, act: act.act };
        if (bv.constant && rb <= 2) {
          weightBytes.push(bv.bytes);
          sink.linear(index, name, batch * m, kk, n, b);
        } else sink.matmul(index, name, batch, m, kk, n, xMap, b);
        setOut({ shape: [...batchShape, m, n], bytes: xv.bytes, constant: false });
        return;
      }
      case 'GlobalAveragePool':
      case 'GlobalMaxPool': {
        const y = { h: 1, w: 1, c: xMap.c };
        sink.pool(index, name, xMap, y, null, act);
        setOut({ shape: [xv.shape[0] ?? 1, xMap.c, 1, 1], bytes: xv.bytes, constant: false });
        return;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const spatial = xv.shape.length - 2; // 1 or 2 spatial axes; more are not costed
        if (spatial < 1 || spatial > 2) break;
        const two = spatial === 2;
        const ceil = attrInt('ceil_mode', 0) === 1;
        const { kh, kw, sh, sw, pt, pl, pb, pr, same } = spatialAttrs(spatial, attrInts('kernel_shape') ?? [], attrInts, autoPadOf());
        // ceil mode: the last window may not start in the end padding (ONNX opset 19, PyTorch)
        const out = (n: number, k: number, s: number, begin: number, end: number): number => {
          if (same) return Math.ceil(n / s);
          let o = (ceil ? Math.ceil : Math.floor)((n + begin + end - k) / s) + 1;
          if (ceil && (o - 1) * s >= n + begin) o--;
          return o;
        };
        const ho = out(xMap.h, kh, sh, pt, pb);
        const wo = out(xMap.w, kw, sw, pl, pr);
        const y = { h: ho, w: wo, c: xMap.c };
        sink.pool(index, name, xMap, y, { kh, kw, sh, sw, padding: same ? 'same' : 'valid' }, act);
        setOut({ shape: two ? [xv.shape[0] ?? 1, xMap.c, ho, wo] : [xv.shape[0] ?? 1, xMap.c, wo], bytes: xv.bytes, constant: false });
        return;
      }
      case 'ReduceMean': {
        const given = (attrInts('axes') ?? ins[1]?.ints ?? []).map((ax) => (ax < 0 ? ax + xv.shape.length : ax)).sort();
        // no axes: every axis, unless noop_with_empty_axes (opset 18)
        const axes = given.length > 0 || attrInt('noop_with_empty_axes', 0) === 1 ? given : xv.shape.map((_, i) => i);
        const keep = attrInt('keepdims', 1) === 1;
        const outShape = xv.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
        if (xv.shape.length === 4 && axes.length === 2 && axes[0] === 2 && axes[1] === 3)
          sink.pool(index, name, xMap, { h: 1, w: 1, c: xMap.c }, null, act);
        else sink.elementwise(index, name, 'eltwise', nchwMap(outShape), sizeOf(xv.shape), sizeOf(outShape), act);
        setOut({ shape: outShape, bytes: xv.bytes, constant: false });
        return;
      }
      case 'Softmax':
        sink.elementwise(index, name, 'softmax', xMap, sizeOf(xv.shape), sizeOf(xv.shape), act);
        setOut({ ...xv, constant: false });
        return;
      case 'LRN':
      case 'LayerNormalization':
        sink.elementwise(index, name, 'norm', xMap, sizeOf(xv.shape), sizeOf(xv.shape), act);
        setOut({ ...xv, constant: false });
        return;
      case 'Transpose': {
        const shape = transposed(xv.shape, attrInts('perm'));
        sink.elementwise(index, name, 'eltwise', nchwMap(shape), sizeOf(xv.shape), sizeOf(shape), act);
        setOut({ shape, bytes: xv.bytes, constant: false });
        return;
      }
      case 'Concat': {
        const parts = ins.filter(known);
        const shape = concatenated(parts, attrInt('axis', 1));
        sink.elementwise(
          index,
          name,
          'eltwise',
          nchwMap(shape),
          parts.reduce((s, v) => s + sizeOf(v.shape), 0),
          sizeOf(shape),
          act,
        );
        setOut({ shape, bytes: xv.bytes, constant: false });
        return;
      }
      default:
        if (ELEMENTWISE.has(op)) {
          const shape = broadcast(ins.filter(known).map((v) => v.shape));
          sink.elementwise(
            index,
            name,
            'eltwise',
            nchwMap(shape),
            ins.filter(known).reduce((s, v) => s + sizeOf(v.shape), 0),
            sizeOf(shape),
            act,
          );
          setOut({ shape, bytes: xv.bytes, constant: false });
          return;
        }
    }
    unsupported.push({ index, op, node: nodeName });
  });
  checkLayers(sink.layers, 'onnx');
  return {
    name: graph.name || fallbackName,
    format: 'onnx',
    input: input ?? { h: 1, w: 1, c: 1 },
    layers: sink.layers,
    unsupported,
    passThrough,
    bytes: { weight: mostCommon(weightBytes, 4), act: mostCommon(actBytes, 4) },
    notes: [],
  };
}

/** An NCHW tensor shape as a feature map: [n, c, h, w]; [n, c, l] as 1 × l × c; [n, t, d] tokens likewise; [n, c] as 1 × 1 × c. */
function nchwMap(shape: readonly number[]): FeatureMap {
  const d = shape.map((v) => Math.max(1, v));
  if (d.length >= 4) return { h: d[d.length - 2] as number, w: d[d.length - 1] as number, c: d[d.length - 3] as number };
  if (d.length === 3) return { h: 1, w: d[2] as number, c: d[1] as number };
  if (d.length === 2) return { h: 1, w: 1, c: d[1] as number };
  return { h: 1, w: 1, c: d[0] ?? 1 };
}

/**
 * A convolution's or a pool's window on 1 or 2 spatial axes, as height and width (a 1-D one is one
 * high): kernel, strides, dilations, pads [top, left, bottom, right] and whether auto_pad is SAME.
 */
function spatialAttrs(spatial: number, kernel: readonly number[], attrInts: (name: string) => number[] | undefined, autoPad: string) {
  const hw = (v: readonly number[] | undefined): [number, number] => (spatial === 2 ? [v?.[0] ?? 1, v?.[1] ?? 1] : [1, v?.[0] ?? 1]);
  const [kh, kw] = hw(kernel);
  const [sh, sw] = hw(attrInts('strides'));
  const [dh, dw] = hw(attrInts('dilations'));
  const p = attrInts('pads') ?? [];
  const [pt, pl, pb, pr] = spatial === 2 ? [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0] : [0, p[0] ?? 0, 0, p[1] ?? 0];
  return { kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, same: autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER' };
}

/** A shape transposed by `perm` (reversed without one). */
function transposed(shape: readonly number[], perm: readonly number[] | undefined): number[] {
  return (perm ?? shape.map((_, i) => shape.length - 1 - i)).map((p) => shape[p] ?? 1);
}

/** The shape of tensors joined along `axisRaw` (negative from the end). */
function concatenated(parts: readonly { shape: number[] }[], axisRaw: number): number[] {
  const first = parts[0]?.shape ?? [];
  const axis = axisRaw < 0 ? axisRaw + first.length : axisRaw;
  return first.map((d, i) => (i === axis ? parts.reduce((sum, v) => sum + (v.shape[i] ?? 1), 0) : d));
}

/** NumPy broadcasting of shapes. */
function broadcast(shapes: readonly (readonly number[])[]): number[] {
  const rank = maxOf(
    shapes.map((s) => s.length),
    0,
  );
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** The output shape of a view or a folded op. */
function viewShape(
  op: string,
  x: Value,
  ins: readonly (Value | undefined)[],
  attrInt: (n: string, f: number) => number,
  attrInts: (n: string) => number[] | undefined,
): number[] {
  const s = x.shape;
  switch (op) {
    case 'Reshape': {
      const target = ins[1]?.ints;
      if (!target) return s;
      const out = target.map((d, i) => (d === 0 ? (s[i] ?? 1) : d));
      const known = out.filter((d) => d > 0).reduce((a, b) => a * b, 1);
      return out.map((d) => (d === -1 ? Math.max(1, Math.round(sizeOf(s) / known)) : d));
    }
    case 'Flatten': {
      const axisRaw = attrInt('axis', 1);
      const axis = axisRaw < 0 ? axisRaw + s.length : axisRaw;
      return [sizeOf(s.slice(0, axis)), sizeOf(s.slice(axis))];
    }
    case 'Squeeze': {
      const axes = (attrInts('axes') ?? ins[1]?.ints ?? []).map((a) => (a < 0 ? a + s.length : a));
      return s.filter((d, i) => (axes.length ? !axes.includes(i) : d !== 1));
    }
    case 'Unsqueeze': {
      // negative axes count from the end of the output, whose rank is the input's plus the new axes
      const given = attrInts('axes') ?? ins[1]?.ints ?? [];
      const rank = s.length + given.length;
      const axes = given.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
      const out = [...s];
      for (const a of axes) out.splice(a, 0, 1);
      return out;
    }
    default:
      return s;
  }
}

/** A tensor's values as integers, where it is a small int32/int64 one (shapes, axes). */
function tensorInts(t: onnxProto.onnx.ITensorProto): number[] | undefined {
  if (t.dataType !== 6 && t.dataType !== 7) return undefined;
  const dims = (t.dims ?? []).map(num);
  const n = sizeOf(dims);
  if (n > 64) return undefined;
  if (t.int64Data && t.int64Data.length > 0) return t.int64Data.map(num);
  if (t.int32Data && t.int32Data.length > 0) return [...t.int32Data];
  const raw = t.rawData;
  if (!raw || raw.length === 0) return dims.length === 0 ? [] : undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const width = t.dataType === 7 ? 8 : 4;
  return Array.from({ length: Math.floor(raw.byteLength / width) }, (_, i) =>
    width === 8 ? Number(view.getBigInt64(8 * i, true)) : view.getInt32(4 * i, true),
  );
}
