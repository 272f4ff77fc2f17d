/**
 * The weight-sharing supernet (SPEC §7): full-size `tf.variable`s, and a forward pass for any genome
 * of the space that uses slices of them — the first c channels, the centre k×k of the largest kernel,
 * the first d blocks, the first e·c expansion channels, heads from the first c channels, the first m·c
 * MLP units. Every hybrid block slot holds an MBConv and a ViT parameter set. The block semantics are
 * those of `src/core/model/layers.ts` (SPEC §2.1), so the estimator and the trained network agree on what
 * a genome is.
 *
 * Pointwise convolutions and linears are written as `matMul` on [pixels, channels]: on TF.js's CPU
 * backend that is ~20× faster to train than `conv2d` with a 1×1 kernel. BatchNorm, in its training,
 * recalibration and evaluation modes, is `subnetNorm.ts`.
 */
import { at } from '../core/at.js';
import { maxOf } from '../core/numbers.js';
import * as tf from '@tensorflow/tfjs';
import type { Genome, SearchSpace } from '../core/types.js';
import { batchNorm, LN_EPS, type BnMode } from './subnetNorm.js';

export type { BnMode, BnStats } from './subnetNorm.js';
export { batchNormForTest } from './subnetNorm.js';

export type Params = Map<string, tf.Variable>;

const max = (xs: readonly number[]): number => maxOf(xs);
let supernets = 0;

/**
 * Creates the supernet's variables for `space`, seeded: He-normal convolutions, small-normal
 * transformer linears, unit/zero norms. Variable names are stable (`s3.b2.mb.expand`, …) so
 * checkpoints and exports can name them.
 */
export function createSupernet(space: SearchSpace, seed: number): Params {
  const params: Params = new Map();
  // TF.js variable names are global: keep each supernet's distinct (ours stay the plain names)
  const instance = ++supernets;
  let n = 0;
  const add = (name: string, shape: number[], init: 'he' | 'lecun' | 'small' | 'ones' | 'zeros', fanIn = 1): void => {
    let value: tf.Tensor;
    if (init === 'ones') value = tf.ones(shape);
    else if (init === 'zeros') value = tf.zeros(shape);
    else {
      const std = init === 'he' ? Math.sqrt(2 / fanIn) : init === 'lecun' ? Math.sqrt(1 / fanIn) : 0.02;
      value = tf.truncatedNormal(shape, 0, std, 'float32', seed * 1009 + n);
    }
    n++;
    params.set(name, tf.variable(value, true, `${name}#${instance}`));
    value.dispose();
  };
  const bn = (name: string, c: number): void => {
    add(`${name}.gamma`, [c], 'ones');
    add(`${name}.beta`, [c], 'zeros');
  };
  const stemMax = max(space.stem);
  add('stem.w', [3, 3, space.inputChannels, stemMax], 'he', 9 * space.inputChannels);
  bn('stem.bn', stemMax);
  let cinMax = stemMax;
  space.stages.forEach((st) => {
    const cMax = max(st.c);
    const eMax = max(st.e);
    const kMax = max(st.k);
    for (let b = 0; b < max(st.d); b++) {
      const site = `${st.name}.b${b + 1}`;
      const cin = b === 0 ? cinMax : cMax;
      const hidden = eMax * cin;
      add(`${site}.mb.expand`, [cin, hidden], 'he', cin);
      bn(`${site}.mb.bn1`, hidden);
      add(`${site}.mb.dw`, [kMax, kMax, hidden, 1], 'he', kMax * kMax);
      bn(`${site}.mb.bn2`, hidden);
      add(`${site}.mb.project`, [hidden, cMax], 'lecun', hidden);
      bn(`${site}.mb.bn3`, cMax);
      if (st.hybrid && b > 0) {
        const mMax = max(st.m);
        add(`${site}.vit.ln1.gamma`, [cMax], 'ones');
        add(`${site}.vit.ln1.beta`, [cMax], 'zeros');
        for (const p of ['q', 'k', 'v', 'proj']) {
          add(`${site}.vit.${p}`, [cMax, cMax], 'small');
          add(`${site}.vit.${p}.bias`, [cMax], 'zeros');
        }
        add(`${site}.vit.ln2.gamma`, [cMax], 'ones');
        add(`${site}.vit.ln2.beta`, [cMax], 'zeros');
        add(`${site}.vit.fc1`, [cMax, mMax * cMax], 'small');
        add(`${site}.vit.fc1.bias`, [mMax * cMax], 'zeros');
        add(`${site}.vit.fc2`, [mMax * cMax, cMax], 'small');
        add(`${site}.vit.fc2.bias`, [cMax], 'zeros');
      }
    }
    cinMax = cMax;
  });
  if (space.headConv > 0) {
    add('head.conv', [cinMax, space.headConv], 'he', cinMax);
    bn('head.bn', space.headConv);
    cinMax = space.headConv;
  }
  add('head.fc', [cinMax, space.classes], 'lecun', cinMax);
  add('head.fc.bias', [space.classes], 'zeros');
  return params;
}

/** Number of scalars in the supernet. */
export function supernetSize(params: Params): number {
  let n = 0;
  for (const v of params.values()) n += v.size;
  return n;
}

export function disposeSupernet(params: Params): void {
  for (const v of params.values()) v.dispose();
}

/** The variables a subnet reads (its gradients are non-zero only on these). */
export function subnetVariables(space: SearchSpace, params: Params, g: Genome): tf.Variable[] {
  const names = new Set<string>(['stem.w', 'stem.bn.gamma', 'stem.bn.beta', 'head.fc', 'head.fc.bias']);
  if (space.headConv > 0) for (const n of ['head.conv', 'head.bn.gamma', 'head.bn.beta']) names.add(n);
  g.stages.forEach((st, si) => {
    const spec = space.stages[si];
    if (!spec) return;
    for (let b = 0; b < st.d; b++) {
      const prefix = `${spec.name}.b${b + 1}.${st.t[b] === 'vit' && b > 0 ? 'vit' : 'mb'}.`;
      for (const n of params.keys()) if (n.startsWith(prefix)) names.add(n);
    }
  });
  return [...names].map((n) => params.get(n) as tf.Variable);
}

/** A forward pass of one subnet over the supernet's variables. */
class SubnetForward {
  constructor(
    private readonly space: SearchSpace,
    private readonly params: Params,
    private readonly bnMode: BnMode,
  ) {}

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`supernet has no variable ${name}`);
    return v;
  }

  /**
   * The block of variable `name` that starts at `begin` and has shape `size`: the variable itself
   * where that is all of it (the largest subnet's case), so that neither a Slice nor, in the gradient,
   * a Pad to full size is computed for it.
   */
  cut(name: string, begin: readonly number[], size: readonly number[]): tf.Tensor {
    const v = this.p(name);
    return v.shape.every((n, i) => n === size[i] && begin[i] === 0) ? v : v.slice([...begin], [...size]);
  }

  /** BatchNorm over all axes but the last, with the first c channels of `name`'s parameters (subnetNorm.ts). */
  bn(name: string, x: tf.Tensor, c: number): tf.Tensor {
    const shape = x.shape;
    const x2 = x.reshape([-1, c]) as tf.Tensor2D;
    const gamma = this.cut(`${name}.gamma`, [0], [c]) as tf.Tensor1D;
    const beta = this.cut(`${name}.beta`, [0], [c]) as tf.Tensor1D;
    return batchNorm(name, x2, gamma, beta, this.bnMode).reshape(shape);
  }

  /** 1×1 convolution (or per-token linear) of the first cin×cout block of a [cinMax, coutMax] weight. */
  pointwise(x: tf.Tensor, name: string, cout: number): tf.Tensor {
    const shape = x.shape;
    const cin = at(shape, shape.length - 1);
    const w = this.cut(name, [0, 0], [cin, cout]);
    const y = tf.matMul(x.reshape([-1, cin]), w);
    return y.reshape([...shape.slice(0, -1), cout]);
  }

  linear(x2d: tf.Tensor2D, name: string, cout: number): tf.Tensor2D {
    const cin = x2d.shape[1];
    return tf.matMul(x2d, this.cut(name, [0, 0], [cin, cout]) as tf.Tensor2D).add(this.cut(`${name}.bias`, [0], [cout]));
  }

  layerNorm(x2d: tf.Tensor2D, name: string): tf.Tensor2D {
    const c = x2d.shape[1];
    const { mean, variance } = tf.moments(x2d, [1], true);
    return x2d
      .sub(mean)
      .mul(tf.rsqrt(variance.add(LN_EPS)))
      .mul(this.cut(`${name}.gamma`, [0], [c]))
      .add(this.cut(`${name}.beta`, [0], [c]));
  }

  mbconv(site: string, x: tf.Tensor4D, c: number, k: number, e: number, stride: number): tf.Tensor4D {
    const cin = x.shape[3];
    const hidden = e * cin;
    let y: tf.Tensor = x;
    if (e !== 1) y = tf.relu6(this.bn(`${site}.mb.bn1`, this.pointwise(x, `${site}.mb.expand`, hidden), hidden));
    const o = (at(this.p(`${site}.mb.dw`).shape, 0) - k) / 2;
    const dw = this.cut(`${site}.mb.dw`, [o, o, 0, 0], [k, k, hidden, 1]) as tf.Tensor4D;
    y = tf.depthwiseConv2d(y as tf.Tensor4D, dw, stride, 'same');
    y = tf.relu6(this.bn(`${site}.mb.bn2`, y, hidden));
    y = this.bn(`${site}.mb.bn3`, this.pointwise(y, `${site}.mb.project`, c), c);
    if (stride === 1 && cin === c) y = y.add(x);
    return y as tf.Tensor4D;
  }

  vit(site: string, x: tf.Tensor4D, m: number): tf.Tensor4D {
    const [b, h, w, c] = x.shape;
    const n = h * w;
    const heads = Math.max(1, Math.floor(c / this.space.headDim));
    const hd = c / heads;
    const tokens = x.reshape([b * n, c]) as tf.Tensor2D;
    const t = this.layerNorm(tokens, `${site}.vit.ln1`);
    const split = (y: tf.Tensor2D): tf.Tensor => y.reshape([b, n, heads, hd]).transpose([0, 2, 1, 3]);
    const q = split(this.linear(t, `${site}.vit.q`, c));
    const kk = split(this.linear(t, `${site}.vit.k`, c));
    const v = split(this.linear(t, `${site}.vit.v`, c));
    const att = tf.softmax(tf.matMul(q, kk, false, true).mul(1 / Math.sqrt(hd)));
    const mixed = tf
      .matMul(att, v)
      .transpose([0, 2, 1, 3])
      .reshape([b * n, c]) as tf.Tensor2D;
    const y1 = tokens.add(this.linear(mixed, `${site}.vit.proj`, c)) as tf.Tensor2D;
    const t2 = this.layerNorm(y1, `${site}.vit.ln2`);
    const hidden = this.linear(t2, `${site}.vit.fc1`, m * c);
    // GELU, sigmoid form x·σ(1.702x): TF.js 4.22 has no GELU op
    const act = hidden.mul(tf.sigmoid(hidden.mul(1.702))) as tf.Tensor2D;
    const y2 = y1.add(this.linear(act, `${site}.vit.fc2`, c));
    return y2.reshape([b, h, w, c]);
  }

  /** Logits [batch, classes] of subnet g for images x [batch, H, W, C] normalised to about [-1, 1]. */
  run(g: Genome, x: tf.Tensor4D): tf.Tensor2D {
    const space = this.space;
    let y: tf.Tensor4D = x.shape[1] === g.r && x.shape[2] === g.r ? x : tf.image.resizeBilinear(x, [g.r, g.r]);
    const stemW = this.cut('stem.w', [0, 0, 0, 0], [3, 3, space.inputChannels, g.stem]) as tf.Tensor4D;
    y = tf.relu6(this.bn('stem.bn', tf.conv2d(y, stemW, 2, 'same'), g.stem)) as tf.Tensor4D;
    g.stages.forEach((st, si) => {
      const spec = space.stages[si];
      if (!spec) throw new Error(`stages[${si}]: the space has only ${space.stages.length} stages`);
      for (let b = 0; b < st.d; b++) {
        const site = `${spec.name}.b${b + 1}`;
        if (st.t[b] === 'vit' && b > 0) y = this.vit(site, y, st.m);
        else y = this.mbconv(site, y, st.c, st.k, st.e, b === 0 ? spec.stride : 1);
      }
    });
    if (space.headConv > 0) y = tf.relu6(this.bn('head.bn', this.pointwise(y, 'head.conv', space.headConv), space.headConv)) as tf.Tensor4D;
    const pooled = y.mean([1, 2]) as tf.Tensor2D;
    return this.linear(pooled, 'head.fc', space.classes);
  }
}

/** Logits of subnet `g` on images `x`. Call inside `tf.tidy` (or a gradient function). */
export function forward(space: SearchSpace, params: Params, g: Genome, x: tf.Tensor4D, bn: BnMode = { kind: 'train' }): tf.Tensor2D {
  return new SubnetForward(space, params, bn).run(g, x);
}
