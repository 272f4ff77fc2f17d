/**
 * A model description's layers: `expandModel` walks the ops, carrying the feature map, and hands each
 * op to its kind's expander (`EXPANDERS`), which adds the op's layers and returns the map after it.
 * Shape errors name the op's path (`layers[3].groups`).
 */
import { pushAll } from '../numbers.js';
import {
  attention,
  convWindow,
  dwconvWindow,
  elementwise,
  INT8,
  linear,
  matmul,
  pool,
  poolWindow,
  pwconv,
  windowOut,
  type ByteWidths,
  type FeatureMap,
  type LayerSite,
  type Window,
} from './layers.js';
import type { ModelDescription, ModelOp, WindowFields } from './modelSchema.js';
import type { Layer } from '../types.js';

/** The window of a conv, dw or pool op: k or kh/kw, s or sh/sw (stride 1 when none is given), padding. */
function windowOf(op: WindowFields, path: string): Window {
  const kh = op.kh ?? op.k;
  const kw = op.kw ?? op.k;
  if (kh === undefined || kw === undefined) throw new Error(`${path}.k: required (a whole number 1–64), or both kh and kw`);
  return { kh, kw, sh: op.sh ?? op.s ?? 1, sw: op.sw ?? op.s ?? 1, padding: op.padding ?? 'same' };
}

/** The feature map after a window: refused when the window does not fit the input ("valid"). */
function outMap(x: FeatureMap, win: Window, c: number, at: string): FeatureMap {
  const h = windowOut(x.h, win.kh, win.sh, win.padding);
  const w = windowOut(x.w, win.kw, win.sw, win.padding);
  if (h < 1 || w < 1) throw new Error(`${at}: a ${win.kh}×${win.kw} window with "valid" padding does not fit the ${x.h}×${x.w} input`);
  return { h, w, c };
}

/**
 * Expands a model description into the layer list. Activations (`act`) are folded into the layer
 * before them, like BatchNorm, so they add no layer; `reshape` and `pad` only change the feature map.
 * A `concat`'s branches are expanded one after another (a chain: the estimate runs them in sequence),
 * then a concat layer joins their outputs along the channels.
 */
export function expandModel(model: ModelDescription, bytes: ByteWidths = INT8): Layer[] {
  const [h0, w0, c0] = model.input;
  const layers: Layer[] = [];
  expandOps(model.layers, { h: h0, w: w0, c: c0 }, '', 'layers', bytes, layers);
  return layers;
}

/** Where one op is expanded: the map it reads, its names and path, and the list its layers join. */
interface OpContext {
  /** the feature map into the op */
  readonly x: FeatureMap;
  readonly site: LayerSite;
  /** the op's layer name stem: `{prefix}{index}`, e.g. `3` or `5.b1.0` */
  readonly id: string;
  /** its single layer's name: `{id}.{op}` */
  readonly name: string;
  /** its path in the description, for messages: `layers[5].branches[1][0]` */
  readonly at: string;
  readonly bytes: ByteWidths;
  readonly layers: Layer[];
}

function expandOps(ops: readonly ModelOp[], x0: FeatureMap, prefix: string, path: string, bytes: ByteWidths, layers: Layer[]): FeatureMap {
  let x = x0;
  ops.forEach((op, i) => {
    const site: LayerSite = { prefix: '', stage: 0, block: i, group: 'model' };
    const cx: OpContext = { x, site, id: `${prefix}${i}`, name: `${prefix}${i}.${op.op}`, at: `${path}[${i}]`, bytes, layers };
    // the table ties each kind to its op type; an index by `op.op` loses that tie, hence the widening
    x = (EXPANDERS[op.op] as Expander<ModelOp['op']>)(op, cx);
  });
  return x;
}

/** Adds an op's layers to `cx.layers` and returns the feature map after it. */
type Expander<K extends ModelOp['op']> = (op: Extract<ModelOp, { op: K }>, cx: OpContext) => FeatureMap;

/** Softmax or norm over the whole map, per token. */
const perToken =
  <K extends 'softmax' | 'norm'>(kind: K): Expander<K> =>
  (_op, { x, site, name, bytes, layers }) => {
    const tokens = x.h * x.w;
    layers.push(elementwise(site, name, kind, x, tokens * x.c, tokens * x.c, bytes, tokens));
    return x;
  };

const EXPANDERS: { readonly [K in ModelOp['op']]: Expander<K> } = {
  conv: (op, { x, site, name, at, bytes, layers }) => {
    const win = windowOf(op, at);
    const groups = op.groups ?? 1;
    if (x.c % groups !== 0 || op.c % groups !== 0)
      throw new Error(`${at}.groups: ${groups} must divide the input channels (${x.c}) and the output channels (${op.c})`);
    layers.push(convWindow(site, name, x, win, op.c, groups, bytes));
    return outMap(x, win, op.c, at);
  },
  dw: (op, { x, site, name, at, bytes, layers }) => {
    const win = windowOf(op, at);
    layers.push(dwconvWindow(site, name, x, win, bytes));
    return outMap(x, win, x.c, at);
  },
  pw: (op, { x, site, name, bytes, layers }) => {
    layers.push(pwconv(site, name, x, op.c, bytes));
    return { ...x, c: op.c };
  },
  linear: (op, { x, site, name, bytes, layers }) => {
    layers.push(linear(site, name, x.h * x.w, x.c, op.c, bytes));
    return { ...x, c: op.c };
  },
  matmul: (op, { x, site, name, at, bytes, layers }) => {
    const heads = op.heads ?? 1;
    if (x.c % heads !== 0) throw new Error(`${at}.heads: ${heads} does not divide the input width ${x.c}`);
    layers.push(matmul(site, name, x.h * x.w, x.c, op.c, heads, x, bytes));
    return { ...x, c: heads * op.c };
  },
  attention: (op, { x, site, id, at, bytes, layers }) => {
    if (x.c % 3 !== 0) throw new Error(`${at}.op: attention needs Q, K, V concatenated (channels divisible by 3), got ${x.c}`);
    const d = x.c / 3;
    if (d % op.heads !== 0) throw new Error(`${at}.heads: ${op.heads} does not divide the width ${d}`);
    pushAll(layers, attention({ ...site, prefix: `${id}.attention` }, x, x.h * x.w, d, op.heads, bytes));
    return { ...x, c: d };
  },
  softmax: perToken('softmax'),
  norm: perToken('norm'),
  add: (_op, { x, site, name, bytes, layers }) => {
    const tokens = x.h * x.w;
    layers.push(elementwise(site, name, 'eltwise', x, 2 * tokens * x.c, tokens * x.c, bytes));
    return x;
  },
  pool: (op, { x, site, name, at, bytes, layers }) => {
    if (op.k === undefined && op.kh === undefined && op.kw === undefined) {
      layers.push(pool(site, name, x, bytes));
      return { h: 1, w: 1, c: x.c };
    }
    const win = windowOf(op, at);
    const out = outMap(x, win, x.c, at);
    layers.push(poolWindow(site, name, x, out, win, bytes));
    return out;
  },
  fc: (op, { x, site, name, bytes, layers }) => {
    layers.push(linear(site, name, 1, x.h * x.w * x.c, op.c, bytes));
    return { h: 1, w: 1, c: op.c };
  },
  tokens: (op, { x }) => (op.extra ? { h: x.h * x.w + op.extra, w: 1, c: x.c } : x),
  reshape: (op, { x, at }) => {
    const [h, w, c] = op.to;
    if (h * w * c !== x.h * x.w * x.c)
      throw new Error(
        `${at}.to: [${h}, ${w}, ${c}] holds ${(h * w * c).toLocaleString('en-US')} values, the input ${x.h}×${x.w}×${x.c} holds ${(x.h * x.w * x.c).toLocaleString('en-US')}`,
      );
    return { h, w, c };
  },
  pad: (op, { x }) => ({ h: x.h + (op.top ?? 0) + (op.bottom ?? 0), w: x.w + (op.left ?? 0) + (op.right ?? 0), c: x.c }),
  concat: (op, { x, site, id, name, at, bytes, layers }) => {
    const outs = op.branches.map((b, j) => expandOps(b, x, `${id}.b${j}.`, `${at}.branches[${j}]`, bytes, layers));
    const [first] = outs;
    if (first === undefined) throw new Error(`${at}.branches: needs at least two branches`);
    const bad = outs.findIndex((o) => o.h !== first.h || o.w !== first.w);
    const badOut = outs[bad];
    if (bad > 0 && badOut)
      throw new Error(
        `${at}.branches[${bad}]: ends at ${badOut.h}×${badOut.w}, branch 0 at ${first.h}×${first.w}; a concat joins maps of one size`,
      );
    const c = outs.reduce((sum, o) => sum + o.c, 0);
    const out = { h: first.h, w: first.w, c };
    layers.push(elementwise(site, name, 'eltwise', out, first.h * first.w * c, first.h * first.w * c, bytes));
    return out;
  },
  act: (_op, { x }) => x,
};
