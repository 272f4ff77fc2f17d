/**
 * A subnet's eval-mode forward pass (supernet.ts `SubnetForward`) written node by node as a TensorFlow
 * GraphDef, for `export.ts`: weights sliced from the supernet, BatchNorm folded into the preceding
 * convolution with the subnet's recalibrated statistics, the input normalised (and resized) in the
 * graph. The same arithmetic as `forward` in eval mode.
 */
import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import type { Genome, SearchSpace } from '../core/types.js';
import { FLOAT, INT, str, ints, shapeAttr, type GraphBuilder } from './graphBuilder.js';
import { BN_EPS, LN_EPS } from './subnetNorm.js';
import type { BnStats, Params } from './supernet.js';

/** Name of the input and the output in the graph and its signature. */
export const INPUT_NAME = 'images';
export const OUTPUT_NAME = 'logits';

/** Writes the subnet's eval-mode forward pass (supernet.ts `SubnetForward`) as graph nodes. */
export class SubnetGraph {
  constructor(
    private readonly b: GraphBuilder,
    private readonly space: SearchSpace,
    private readonly params: Params,
    private readonly stats: BnStats,
  ) {}

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`supernet has no variable ${name}`);
    return v;
  }

  /** BatchNorm `name` over c channels as scale and shift (scale folds into the preceding weights). */
  private bnFold(name: string, c: number): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
    const s = this.stats.get(name);
    if (!s) throw new Error(`no BatchNorm statistics for ${name}: recalibrate first`);
    const scale = this.p(`${name}.gamma`)
      .slice(0, c)
      .mul(tf.rsqrt(s.variance.add(BN_EPS))) as tf.Tensor1D;
    return { scale, shift: this.p(`${name}.beta`).slice(0, c).sub(s.mean.mul(scale)) as tf.Tensor1D };
  }

  /**
   * Convolution (`Conv2D`, or `DepthwiseConv2dNative` for a [k, k, ch, 1] filter) followed by
   * BatchNorm `bn`, folded: filter × scale, then `BiasAdd` of the shift.
   */
  private convBn(node: string, x: string, filter: () => tf.Tensor4D, bn: string, stride: number, depthwise = false): string {
    const b = this.b;
    const [w, shift] = tf.tidy(() => {
      const f = filter();
      const cout = depthwise ? at(f.shape, 2) : at(f.shape, 3);
      const { scale, shift } = this.bnFold(bn, cout);
      return [f.mul(depthwise ? scale.reshape([1, 1, cout, 1]) : scale), shift];
    });
    const attr = { strides: ints([1, stride, stride, 1]), padding: str('SAME'), data_format: str('NHWC'), dilations: ints([1, 1, 1, 1]) };
    const conv = b.op(node, depthwise ? 'DepthwiseConv2dNative' : 'Conv2D', [x, b.weight(`${node}/filter`, w)], attr);
    return b.op(bn, 'BiasAdd', [conv, b.weight(`${bn}/shift`, shift)], { data_format: str('NHWC') });
  }

  /** 1×1 convolution with the first cin×cout block of a [cinMax, coutMax] weight, then BatchNorm. */
  private pointwiseBn(node: string, x: string, weight: string, cin: number, cout: number, bn: string): string {
    return this.convBn(node, x, () => this.p(weight).slice([0, 0], [cin, cout]).reshape([1, 1, cin, cout]) as tf.Tensor4D, bn, 1);
  }

  private relu6(name: string, x: string): string {
    return this.b.op(name, 'Relu6', [x]);
  }

  /** Linear on a [tokens, cin] matrix: `MatMul` by the first cin×cout block, `BiasAdd` of the bias. */
  private linear(x: string, name: string, cin: number, cout: number): string {
    const b = this.b;
    const w = b.weight(
      `${name}/w`,
      tf.tidy(() => this.p(name).slice([0, 0], [cin, cout])),
    );
    const mm = b.op(`${name}/matmul`, 'MatMul', [x, w], { transpose_a: { b: false }, transpose_b: { b: false } });
    return b.op(
      name,
      'BiasAdd',
      [
        mm,
        b.weight(
          `${name}/bias`,
          tf.tidy(() => this.p(`${name}.bias`).slice(0, cout)),
        ),
      ],
      { data_format: str('NHWC') },
    );
  }

  /** LayerNorm over the last axis, as `tf.moments` computes it. */
  private layerNorm(x: string, name: string, c: number): string {
    const b = this.b;
    const axis = b.int32([1]);
    const keep = { Tidx: INT, keep_dims: { b: true } };
    const mean = b.op(`${name}/mean`, 'Mean', [x, axis], keep);
    const centred = b.op(`${name}/centred`, 'Sub', [x, mean]);
    const variance = b.op(`${name}/variance`, 'Mean', [b.op(`${name}/square`, 'Square', [centred]), axis], keep);
    const rstd = b.op(`${name}/rstd`, 'Rsqrt', [b.op(`${name}/var_eps`, 'AddV2', [variance, b.scalar(LN_EPS)])]);
    const normed = b.op(`${name}/normed`, 'Mul', [centred, rstd]);
    const gamma = b.weight(
      `${name}/gamma`,
      tf.tidy(() => this.p(`${name}.gamma`).slice(0, c)),
    );
    const beta = b.weight(
      `${name}/beta`,
      tf.tidy(() => this.p(`${name}.beta`).slice(0, c)),
    );
    return b.op(name, 'AddV2', [b.op(`${name}/scaled`, 'Mul', [normed, gamma]), beta]);
  }

  private reshape(name: string, x: string, shape: readonly number[]): string {
    return this.b.op(name, 'Reshape', [x, this.b.int32(shape)], { Tshape: INT });
  }

  private transpose(name: string, x: string, perm: readonly number[]): string {
    return this.b.op(name, 'Transpose', [x, this.b.int32(perm)], { Tperm: INT });
  }

  mbconv(site: string, x: string, cin: number, c: number, k: number, e: number, stride: number): string {
    const hidden = e * cin;
    let y = x;
    if (e !== 1)
      y = this.relu6(`${site}.mb.act1`, this.pointwiseBn(`${site}.mb.expand`, x, `${site}.mb.expand`, cin, hidden, `${site}.mb.bn1`));
    const dw = (): tf.Tensor4D => {
      const full = this.p(`${site}.mb.dw`);
      const o = (at(full.shape, 0) - k) / 2;
      return full.slice([o, o, 0, 0], [k, k, hidden, 1]) as tf.Tensor4D;
    };
    y = this.relu6(`${site}.mb.act2`, this.convBn(`${site}.mb.dw`, y, dw, `${site}.mb.bn2`, stride, true));
    y = this.pointwiseBn(`${site}.mb.project`, y, `${site}.mb.project`, hidden, c, `${site}.mb.bn3`);
    return stride === 1 && cin === c ? this.b.op(`${site}.mb.residual`, 'AddV2', [y, x]) : y;
  }

  vit(site: string, x: string, h: number, w: number, c: number, m: number): string {
    const b = this.b;
    const v = `${site}.vit`;
    const n = h * w;
    const heads = Math.max(1, Math.floor(c / this.space.headDim));
    const hd = c / heads;
    const tokens = this.reshape(`${v}/tokens`, x, [-1, c]);
    const t = this.layerNorm(tokens, `${v}.ln1`, c);
    const split = (p: string): string =>
      this.transpose(
        `${v}.${p}/heads`,
        this.reshape(`${v}.${p}/split`, this.linear(t, `${v}.${p}`, c, c), [-1, n, heads, hd]),
        [0, 2, 1, 3],
      );
    const [q, kk, vv] = [split('q'), split('k'), split('v')];
    const logits = b.op(`${v}/scores`, 'BatchMatMulV2', [q, kk], { adj_x: { b: false }, adj_y: { b: true } });
    const att = b.op(`${v}/softmax`, 'Softmax', [b.op(`${v}/scaled_scores`, 'Mul', [logits, b.scalar(1 / Math.sqrt(hd))])]);
    const mixed = b.op(`${v}/mixed`, 'BatchMatMulV2', [att, vv], { adj_x: { b: false }, adj_y: { b: false } });
    const merged = this.reshape(`${v}/merged`, this.transpose(`${v}/merge_heads`, mixed, [0, 2, 1, 3]), [-1, c]);
    const y1 = b.op(`${v}/residual1`, 'AddV2', [tokens, this.linear(merged, `${v}.proj`, c, c)]);
    const t2 = this.layerNorm(y1, `${v}.ln2`, c);
    const hidden = this.linear(t2, `${v}.fc1`, c, m * c);
    // GELU, sigmoid form x·σ(1.702x), as in training
    const gate = b.op(`${v}/gelu_gate`, 'Sigmoid', [b.op(`${v}/gelu_in`, 'Mul', [hidden, b.scalar(1.702)])]);
    const act = b.op(`${v}/gelu`, 'Mul', [hidden, gate]);
    const y2 = b.op(`${v}/residual2`, 'AddV2', [y1, this.linear(act, `${v}.fc2`, m * c, c)]);
    return this.reshape(v, y2, [-1, h, w, c]);
  }

  /** The whole subnet from the placeholder to the logits node; the same order as `SubnetForward.run`. */
  run(g: Genome, inH: number, inW: number): void {
    const b = this.b;
    const space = this.space;
    const input = b.node(INPUT_NAME, 'Placeholder', [], { dtype: FLOAT, shape: { shape: shapeAttr([-1, inH, inW, space.inputChannels]) } });
    let y = b.op('input/normalised', 'Sub', [b.op('input/scaled', 'RealDiv', [input, b.scalar(127.5)]), b.scalar(1)]);
    if (inH !== g.r || inW !== g.r) {
      y = b.op('input/resized', 'ResizeBilinear', [y, b.int32([g.r, g.r])], {
        align_corners: { b: false },
        half_pixel_centers: { b: false },
      });
    }
    const stemW = (): tf.Tensor4D => this.p('stem.w').slice([0, 0, 0, 0], [3, 3, space.inputChannels, g.stem]) as tf.Tensor4D;
    y = this.relu6('stem.act', this.convBn('stem.conv', y, stemW, 'stem.bn', 2));
    let [h, w, c] = [Math.ceil(g.r / 2), Math.ceil(g.r / 2), g.stem];
    g.stages.forEach((st, si) => {
      const spec = space.stages[si];
      if (!spec) throw new Error(`stages[${si}]: the space has only ${space.stages.length} stages`);
      for (let i = 0; i < st.d; i++) {
        const site = `${spec.name}.b${i + 1}`;
        if (st.t[i] === 'vit' && i > 0) y = this.vit(site, y, h, w, c, st.m);
        else {
          const stride = i === 0 ? spec.stride : 1;
          y = this.mbconv(site, y, c, st.c, st.k, st.e, stride);
          [h, w, c] = [Math.ceil(h / stride), Math.ceil(w / stride), st.c];
        }
      }
    });
    if (space.headConv > 0) {
      y = this.relu6('head.act', this.pointwiseBn('head.conv', y, 'head.conv', c, space.headConv, 'head.bn'));
      c = space.headConv;
    }
    const pooled = b.op('head.pool', 'Mean', [y, b.int32([1, 2])], { Tidx: INT, keep_dims: { b: false } });
    const fc = b.op(
      'head.fc/matmul',
      'MatMul',
      [
        pooled,
        b.weight(
          'head.fc/w',
          tf.tidy(() => this.p('head.fc').slice([0, 0], [c, space.classes])),
        ),
      ],
      { transpose_a: { b: false }, transpose_b: { b: false } },
    );
    b.op(
      OUTPUT_NAME,
      'BiasAdd',
      [
        fc,
        b.weight(
          'head.fc/bias',
          tf.tidy(() => this.p('head.fc.bias').slice(0, space.classes)),
        ),
      ],
      { data_format: str('NHWC') },
    );
  }
}
