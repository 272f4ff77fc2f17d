/**
 * NASViT's blocks (facebookresearch/NASViT), for a space with `blocks: 'nasvit'`: MBConv with
 * squeeze-and-excitation and a shortcut on every block, its transformer block (talking-heads
 * attention, a depthwise conv on V, two FFNs) and its v3 head. Each builder cites the code it follows.
 * Spaces without `blocks` keep SPEC §2.1's blocks (`mbconvBlock`, `vitBlock`, `headLayers`).
 * (layers.ts imports this file and this file layers.ts: nothing here runs at load time.)
 */
import {
  dwconv,
  elementwise,
  headLayers,
  linear,
  matmul,
  mbconvBlock,
  outSize,
  pool,
  poolWindow,
  pwconv,
  square,
  vitBlock,
  type ByteWidths,
  type FeatureMap,
  type LayerSite,
} from './layers.js';
import type { Layer, SearchSpace, StageSpec } from '../types.js';

/** `models/modules/nn_utils.py: make_divisible` (slim's rounding to a multiple of `divisor`). */
export function makeDivisible(v: number, divisor = 8, minValue = 1): number {
  let n = Math.max(minValue, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (n < 0.9 * v) n += divisor;
  return n;
}

/** `static_layers.py: SELayer.REDUCTION`. */
export const SE_REDUCTION = 4;

/**
 * Squeeze-and-excitation on map y (`dynamic_ops.py: DynamicSE.forward`): global pool, 1×1 reduce to
 * make_divisible(c / 4, 8), ReLU, 1×1 expand back to c, h-sigmoid, multiply. The two 1×1 convs run on
 * a 1×1 map (c·mid MACs each, as `compute_active_subnet_flops` counts them); biases are not counted.
 *
 * One fused layer, not four, and not CIM-placeable (`staticWeights: false`, so `cimEligible` is false):
 * the pool and the multiply are NPU-only ops over the whole map, and the two 1×1 convs between them
 * are one matrix-vector product each on the pooled c-vector; sending that vector to a CIM macro and
 * the gate back would cost two hand-offs for a few thousand MACs, so the SE runs where the block's
 * activations are. As four layers, with the two 1×1s CIM-eligible, every SE multiplied the
 * placements the exact DPs keep (105k vs 19.6k `hetero` labels a subnet, ~3× slower estimates) for
 * placements no schedule gains from. Counts stay NASViT's: MACs and weights are the two 1×1s' sums.
 * Kind 'pwconv' (its MACs are 1×1 convs: the NPU costs them on its MAC array, the map's write on
 * its output stage); it reads the map twice (the pool, then the multiply) and writes it once.
 */
export function seLayer(site: LayerSite, y: FeatureMap, b: ByteWidths): Layer {
  const mid = makeDivisible(Math.floor(y.c / SE_REDUCTION), 8);
  const v = y.h * y.w * y.c;
  const macs = y.c * mid + mid * y.c;
  return {
    ...pwconv(site, 'se', y, y.c, b),
    macs,
    weights: macs,
    weightBytes: macs * b.weight,
    inBytes: 2 * v * b.act,
    outBytes: v * b.act,
    staticWeights: false,
  };
}

/**
 * NASViT's MBConv block (`dynamic_layers.py: DynamicMBConvLayer.forward` inside
 * `static_layers.py: MobileInvertedResidualBlock.forward`): 1×1 expand to make_divisible(cIn·e, 8)
 * (none when e = 1), k×k depthwise, SE when the stage has it (one layer: `seLayer`), 1×1 project; and always a shortcut
 * (`dynamic_layers.py: DynamicShortcutLayer.forward`): identity, or a 2×2 average pool on a stride and
 * a 1×1 conv when the width changes, then the residual add. The shortcut's layers are listed before
 * the add (the layer list is a chain; they read the block's input).
 */
export function nasvitMbBlock(
  site: LayerSite,
  x: FeatureMap,
  c: number,
  k: number,
  e: number,
  stride: number,
  se: boolean,
  b: ByteWidths,
): { layers: Layer[]; out: FeatureMap } {
  const layers: Layer[] = [];
  const mid = e === 1 ? x.c : makeDivisible(Math.round(x.c * e), 8);
  if (e !== 1) layers.push(pwconv(site, 'expand', x, mid, b));
  layers.push(dwconv(site, 'dw', { ...x, c: mid }, k, stride, b));
  const y = { h: outSize(x.h, stride), w: outSize(x.w, stride), c: mid };
  if (se) layers.push(seLayer(site, y, b));
  layers.push(pwconv(site, 'project', y, c, b));
  const out = { h: y.h, w: y.w, c };
  let short: FeatureMap = x;
  if (stride > 1) {
    short = { h: out.h, w: out.w, c: x.c };
    layers.push(poolWindow(site, 'short.pool', x, short, square(stride, stride), b));
  }
  if (x.c !== c) layers.push(pwconv(site, 'short.conv', short, c, b));
  layers.push(elementwise(site, 'add', 'eltwise', out, 2 * out.h * out.w * c, out.h * out.w * c, b));
  return { layers, out };
}

/** NASViT's attention head width (`transformer.py: DynamicWindowAttention.__init__`, head_dim = 8). */
export const NASVIT_HEAD_DIM = 8;
/** V's width over the model width (`DynamicWindowAttention.__init__`, expan_ratio = 4). */
export const NASVIT_V_RATIO = 4;

/**
 * The attention of NASViT's transformer block (`transformer.py: DynamicWindowAttention.forward`) on n
 * tokens of width c with h = c / 8 heads: q, k (c → c) and v (c → 4c) linears, a 3×3 depthwise conv on
 * v, QKᵀ, the relative position bias, the talking-heads projection proj_l (h → h over every entry of
 * the n × n map: n²·h² MACs), softmax, proj_w (again h → h), the scores times V (4c/h values a head),
 * and proj (4c → c) after the activation.
 */
export function nasvitAttention(site: LayerSite, x: FeatureMap, b: ByteWidths): Layer[] {
  const n = x.h * x.w;
  const c = x.c;
  const heads = Math.max(1, Math.floor(c / NASVIT_HEAD_DIM));
  const cv = NASVIT_V_RATIO * c;
  const hnn = heads * n * n;
  return [
    linear(site, 'q', n, c, c, b),
    linear(site, 'k', n, c, c, b),
    linear(site, 'v', n, c, cv, b),
    dwconv(site, 'vconv', { h: x.h, w: x.w, c: cv }, 3, 1, b),
    matmul(site, 'qk', n, c, n, heads, x, b),
    elementwise(site, 'bias', 'eltwise', x, 2 * hnn, hnn, b, n, heads),
    linear(site, 'proj_l', n * n, heads, heads, b),
    elementwise(site, 'softmax', 'softmax', x, hnn, hnn, b, n, heads),
    linear(site, 'proj_w', n * n, heads, heads, b),
    matmul(site, 'av', n, heads * n, cv / heads, heads, x, b),
    linear(site, 'proj', n, cv, c, b),
  ];
}

/**
 * NASViT's transformer block (`transformer.py: DynamicSwinTransformerBlock.forward`, no windows: its
 * `shift` is off): LayerNorm, attention, residual; then two FFNs, each LayerNorm → linear → act →
 * linear → residual — `mlp2` (with `norm3`) first, then `mlp1` (with `norm2`). NASViT's FFNs keep the
 * width (DynamicMlp: hidden = C·1); the genome's MLP ratio m scales their hidden width, m = 1 being
 * NASViT's. The per-channel rescale before each residual is counted in its add.
 */
export function nasvitVitBlock(site: LayerSite, x: FeatureMap, m: number, b: ByteWidths): Layer[] {
  const n = x.h * x.w;
  const c = x.c;
  const nc = n * c;
  const layers: Layer[] = [elementwise(site, 'ln1', 'norm', x, nc, nc, b, n), ...nasvitAttention(site, x, b)];
  layers.push(elementwise(site, 'add1', 'eltwise', x, 2 * nc, nc, b, n));
  for (const f of [1, 2]) {
    layers.push(
      elementwise(site, `ln${f + 1}`, 'norm', x, nc, nc, b, n),
      linear(site, `ffn${f}.fc1`, n, c, m * c, b),
      linear(site, `ffn${f}.fc2`, n, m * c, c, b),
      elementwise(site, `add${f + 1}`, 'eltwise', x, 2 * nc, nc, b, n),
    );
  }
  return layers;
}

/** The v3 head's expansion over the last stage's width (`AttentiveNasDynamicModel.set_active_subnet`: width[-2] * 6). */
export const NASVIT_HEAD_EXPAND = 6;

/**
 * NASViT's v3 head (`attentive_nas_dynamic_model.py: AttentiveNasDynamicModel.__init__`, use_v3_head):
 * final_expand_layer (1×1 to 6·c), pool, feature_mix_layer (1×1 to `width` — 1792 or 1984 in
 * `misc/config.py: last_conv.c`, the genome's `head` gene — on the pooled 1×1 map), then the classifier.
 */
export function nasvitHead(stage: number, x: FeatureMap, width: number, classes: number, b: ByteWidths): Layer[] {
  const site: LayerSite = { prefix: 'head', stage, block: 0, group: 'head' };
  const wide = NASVIT_HEAD_EXPAND * x.c;
  return [
    pwconv(site, 'expand', x, wide, b),
    pool(site, 'pool', { ...x, c: wide }, b),
    pwconv(site, 'mix', { h: 1, w: 1, c: wide }, width, b),
    linear(site, 'fc', 1, width, classes, b),
  ];
}

/** The block builders a space uses: NASViT's for `blocks: 'nasvit'`, SPEC §2.1's otherwise. */
export interface BlockBuilders {
  readonly mb: (
    site: LayerSite,
    x: FeatureMap,
    c: number,
    k: number,
    e: number,
    stride: number,
    spec: StageSpec,
    b: ByteWidths,
  ) => { layers: Layer[]; out: FeatureMap };
  readonly vit: (site: LayerSite, x: FeatureMap, m: number, b: ByteWidths) => Layer[];
  /** `width`: the genome's head width (`headWidth`: its `head` gene, else the space's `headConv`) */
  readonly head: (stage: number, x: FeatureMap, width: number, b: ByteWidths) => Layer[];
}

/** The builders of `space`'s blocks (see `BlockBuilders`). */
export function blockBuilders(space: SearchSpace): BlockBuilders {
  if (space.blocks === 'nasvit') {
    return {
      mb: (site, x, c, k, e, stride, spec, b) => nasvitMbBlock(site, x, c, k, e, stride, spec.se === true, b),
      vit: (site, x, m, b) => nasvitVitBlock(site, x, m, b),
      head: (stage, x, width, b) => nasvitHead(stage, x, width, space.classes, b),
    };
  }
  return {
    mb: (site, x, c, k, e, stride, _spec, b) => mbconvBlock(site, x, c, k, e, stride, b),
    vit: (site, x, m, b) => vitBlock(site, x, m, space.headDim, b),
    head: (stage, x, width, b) => headLayers(stage, x, width, space.classes, b),
  };
}
