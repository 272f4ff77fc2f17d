/**
 * The values of an ONNX graph as the reader carries them (shape, element width, whether constant,
 * small integer contents) and the shape arithmetic of its operators: NCHW shapes as feature maps,
 * windows, transposes, concatenation, NumPy broadcasting, views. Used by `onnx.ts` and its operator
 * readers (`onnxOps.ts`, `onnxLayers.ts`).
 */
import type * as onnxProto from 'onnx-proto';
import type { FeatureMap } from '../core/model/layers.js';
import { maxOf } from '../core/numbers.js';
import { sizeOf } from './graph.js';

/** A value of the graph (a tensor) as far as the reader knows it. */
export interface Value {
  shape: number[];
  /** element bytes */
  bytes: number;
  /** a constant (an initializer or computed from constants); `ints` where it is small and integral */
  constant: boolean;
  ints?: number[];
}

/** A node's attributes, read as numbers (`autoPad`: its auto_pad, NOTSET when absent). */
export interface Attrs {
  attrInt(name: string, fallback: number): number;
  attrInts(name: string): number[] | undefined;
  autoPad(): string;
}

/** A protobuf number (an int64 may come as a Long). */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)));

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

/** The element bytes of an ONNX data type (4, a float, when absent or unknown). */
export const typeBytes = (dataType: number | null | undefined): number => ONNX_TYPE_BYTES[dataType ?? 1] ?? 4;

/** A declared shape: its fixed dimensions, a symbolic or zero one as 1. */
export function declaredShape(dims: readonly onnxProto.onnx.TensorShapeProto.IDimension[]): number[] {
  return dims.map((d) => (d.dimValue != null ? Math.max(1, num(d.dimValue)) : 1));
}

/** An NCHW tensor shape as a feature map: [n, c, h, w]; [n, c, l] as 1 × l × c; [n, t, d] tokens likewise; [n, c] as 1 × 1 × c. */
export function nchwMap(shape: readonly number[]): FeatureMap {
  const d = shape.map((v) => Math.max(1, v));
  const at = (i: number): number => d[i] ?? 1;
  if (d.length >= 4) return { h: at(d.length - 2), w: at(d.length - 1), c: at(d.length - 3) };
  if (d.length === 3) return { h: 1, w: at(2), c: at(1) };
  if (d.length === 2) return { h: 1, w: 1, c: at(1) };
  return { h: 1, w: 1, c: at(0) };
}

/**
 * A convolution's or a pool's window on 1 or 2 spatial axes, as height and width (a 1-D one is one
 * high): kernel, strides, dilations, pads [top, left, bottom, right] and whether auto_pad is SAME.
 */
export function spatialAttrs(spatial: number, kernel: readonly number[], attrs: Attrs) {
  const hw = (v: readonly number[] | undefined): [number, number] => (spatial === 2 ? [v?.[0] ?? 1, v?.[1] ?? 1] : [1, v?.[0] ?? 1]);
  const [kh, kw] = hw(kernel);
  const [sh, sw] = hw(attrs.attrInts('strides'));
  const [dh, dw] = hw(attrs.attrInts('dilations'));
  const p = attrs.attrInts('pads') ?? [];
  const autoPad = attrs.autoPad();
  const [pt, pl, pb, pr] = spatial === 2 ? [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0] : [0, p[0] ?? 0, 0, p[1] ?? 0];
  return { kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, same: autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER' };
}

/** A shape transposed by `perm` (reversed without one). */
export function transposed(shape: readonly number[], perm: readonly number[] | undefined): number[] {
  return (perm ?? shape.map((_, i) => shape.length - 1 - i)).map((p) => shape[p] ?? 1);
}

/** The shape of tensors joined along `axisRaw` (negative from the end). */
export function concatenated(parts: readonly { shape: number[] }[], axisRaw: number): number[] {
  const first = parts[0]?.shape ?? [];
  const axis = axisRaw < 0 ? axisRaw + first.length : axisRaw;
  return first.map((d, i) => (i === axis ? parts.reduce((sum, v) => sum + (v.shape[i] ?? 1), 0) : d));
}

/** NumPy broadcasting of shapes. */
export function broadcast(shapes: readonly (readonly number[])[]): number[] {
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
export function viewShape(op: string, x: Value, ins: readonly (Value | undefined)[], attrs: Attrs): number[] {
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
      const axisRaw = attrs.attrInt('axis', 1);
      const axis = axisRaw < 0 ? axisRaw + s.length : axisRaw;
      return [sizeOf(s.slice(0, axis)), sizeOf(s.slice(axis))];
    }
    case 'Squeeze': {
      const axes = (attrs.attrInts('axes') ?? ins[1]?.ints ?? []).map((a) => (a < 0 ? a + s.length : a));
      return s.filter((d, i) => (axes.length ? !axes.includes(i) : d !== 1));
    }
    case 'Unsqueeze': {
      // negative axes count from the end of the output, whose rank is the input's plus the new axes
      const given = attrs.attrInts('axes') ?? ins[1]?.ints ?? [];
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
export function tensorInts(t: onnxProto.onnx.ITensorProto): number[] | undefined {
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
