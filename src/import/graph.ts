/**
 * The layer list of an imported network (a `.tflite` or `.onnx` file): each operator of the file, in
 * its execution order, becomes the layer of SPEC §3 that costs it, built from the shapes the file
 * states (so a 10×4 kernel with stride (2, 1), a dilated or a grouped convolution come out exactly).
 * The operators run one after another, as a chain: branches of the graph are costed in sequence.
 * Operators that only move or reinterpret data (reshape, squeeze, quantize…) add no layer; an
 * operator this does not know is listed with its node, never skipped silently.
 */
import {
  convWindow,
  dwconvWindow,
  elementwise,
  linear,
  matmul,
  pool,
  poolWindow,
  pwconv,
  type ByteWidths,
  type FeatureMap,
  type LayerSite,
  type Window,
} from '../core/model/layers.js';
import { at } from '../core/at.js';
import { shorten } from '../core/numbers.js';
import type { Layer } from '../core/types.js';

/** A file's operator that no layer costs, named so the user can find it. */
export interface Unsupported {
  /** the operator's position in the file's execution order */
  readonly index: number;
  /** the operator type as the file names it (CONV_3D, LSTM, a custom op's name…) */
  readonly op: string;
  /** the node's name (ONNX) or its first output tensor's name (TFLite) */
  readonly node: string;
}

/** What an import gives the estimator. */
export interface ImportedNetwork {
  readonly name: string;
  readonly format: 'tflite' | 'onnx';
  /** the first input's feature map (h × w × c; a 1-D input is 1 × length × features) */
  readonly input: FeatureMap;
  readonly layers: Layer[];
  readonly unsupported: Unsupported[];
  /** operators that only move data: counted by type, no layer */
  readonly passThrough: Readonly<Record<string, number>>;
  /** the weights' and activations' byte widths the file's tensor types give (the most common) */
  readonly bytes: ByteWidths;
  readonly notes: string[];
}

/** A tensor shape read as a feature map: NHWC [n, h, w, c]; [n, t, c] as 1 × t × c; [n, c] as 1 × 1 × c. */
export function featureMap(shape: readonly number[]): FeatureMap {
  const d = shape.map((v) => Math.max(1, v));
  if (d.length >= 4) return { h: at(d, d.length - 3), w: at(d, d.length - 2), c: at(d, d.length - 1) };
  if (d.length === 3) return { h: 1, w: at(d, 1), c: at(d, 2) };
  if (d.length === 2) return { h: 1, w: 1, c: at(d, 1) };
  return { h: 1, w: 1, c: d[0] ?? 1 };
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * Math.max(1, b), 1);

/** Builds the layers, numbering them in order: `${index}.${what}` named after the file's node. */
export class LayerSink {
  readonly layers: Layer[] = [];
  private site(index: number): LayerSite {
    return { prefix: '', stage: 0, block: index, group: 'model' };
  }

  conv(index: number, name: string, x: FeatureMap, out: FeatureMap, win: Window, groups: number, b: ByteWidths): void {
    // a 1×1 convolution with stride 1 is the description's `pw` (the same costs, the same kind)
    const pointwise = win.kh === 1 && win.kw === 1 && win.sh === 1 && win.sw === 1 && groups === 1 && out.h === x.h && out.w === x.w;
    this.layers.push(
      pointwise ? pwconv(this.site(index), name, x, out.c, b) : convWindow(this.site(index), name, x, win, out.c, groups, b, out),
    );
  }

  dwconv(index: number, name: string, x: FeatureMap, out: FeatureMap, win: Window, b: ByteWidths): void {
    this.layers.push(dwconvWindow(this.site(index), name, x, win, b, out));
  }

  /** A weight matrix applied to n rows of k values: cOut outputs each. */
  linear(index: number, name: string, n: number, k: number, cOut: number, b: ByteWidths): void {
    this.layers.push(linear(this.site(index), name, n, k, cOut, b));
  }

  /** A product of two activations: `batch` products of [m × k] by [k × n]. */
  matmul(index: number, name: string, batch: number, m: number, k: number, n: number, x: FeatureMap, b: ByteWidths): void {
    this.layers.push(matmul(this.site(index), name, m, batch * k, n, batch, x, b));
  }

  /** An element-wise pass; a normalisation or a softmax counts its positions as tokens, as the description's `norm` and `softmax`. */
  elementwise(
    index: number,
    name: string,
    kind: 'norm' | 'eltwise' | 'softmax',
    x: FeatureMap,
    inVals: number,
    outVals: number,
    b: ByteWidths,
  ): void {
    this.layers.push(elementwise(this.site(index), name, kind, x, inVals, outVals, b, kind === 'eltwise' ? 0 : x.h * x.w));
  }

  pool(index: number, name: string, x: FeatureMap, out: FeatureMap, win: Window | null, b: ByteWidths): void {
    this.layers.push(win ? poolWindow(this.site(index), name, x, out, win, b) : pool(this.site(index), name, x, b));
  }
}

/** Bytes of a value of each tensor element type (TFLite's TensorType numbers). */
export const TFLITE_TYPE_BYTES: Readonly<Record<number, number>> = {
  0: 4, // FLOAT32
  1: 2, // FLOAT16
  2: 4, // INT32
  3: 1, // UINT8
  4: 8, // INT64
  6: 1, // BOOL
  7: 2, // INT16
  9: 1, // INT8
  10: 8, // FLOAT64
  12: 8, // UINT64
  15: 4, // UINT32
  16: 2, // UINT16
  17: 0.5, // INT4
  18: 2, // BFLOAT16
};

/** The most frequent value of a list (the first of equals), or `fallback` for an empty one. */
export function mostCommon(values: readonly number[], fallback: number): number {
  const counts = new Map<number, number>();
  let best = fallback;
  let bestCount = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Refuses a layer list with an impossible layer (a negative or non-finite count, an empty output):
 * what a damaged or hand-edited file gives. Names the layer, hence the operator.
 */
export function checkLayers(layers: readonly Layer[], format: 'tflite' | 'onnx'): void {
  for (const l of layers) {
    const s = l.shape;
    const counts = [
      l.macs,
      l.weights,
      l.weightBytes,
      l.inBytes,
      l.outBytes,
      s.hIn,
      s.wIn,
      s.cIn,
      s.hOut,
      s.wOut,
      s.cOut,
      s.kh,
      s.kw,
      s.sh,
      s.sw,
      s.groups,
      s.tokens,
    ];
    if (
      counts.some((v) => !Number.isFinite(v) || v < 0) ||
      s.hOut < 1 ||
      s.wOut < 1 ||
      s.cOut < 1 ||
      !Number.isInteger(s.groups) ||
      s.groups < 1
    ) {
      throw new Error(
        `${format}: the file is damaged or inconsistent: operator ${l.name} gives an impossible layer (${s.hIn}×${s.wIn}×${s.cIn} → ${s.hOut}×${s.wOut}×${s.cOut}, ${l.macs} MACs)`,
      );
    }
  }
}

/** What an estimate of an imported network says of it (the CLI's `--json` document and the page's download share it). */
export function networkSubject(n: ImportedNetwork, file: string): { model: string; file: Record<string, unknown>; notes: string[] } {
  const notes = [
    `imported from ${file} (${n.format}): ${n.layers.length} costed layers, the operators in the file's order, costed one after another as a chain; weights ${n.bytes.weight} byte(s), activations ${n.bytes.act} byte(s) each, from the tensor types`,
    ...n.notes,
    ...(n.unsupported.length > 0
      ? [
          `not costed (unsupported): ${n.unsupported.map((u) => `${u.op} at operator ${u.index} (node "${shorten(u.node, 60)}")`).join('; ')}`,
        ]
      : []),
  ];
  return {
    model: n.name,
    file: { name: file, format: n.format, input: n.input, bytes: n.bytes, unsupported: n.unsupported, passThrough: n.passThrough },
    notes,
  };
}
