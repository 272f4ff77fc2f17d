/**
 * Adam and SGD with momentum over the supernet's named variables. TF.js's own optimizers keep their
 * moments by the position of a variable in each `applyGradients` call, which breaks when each step
 * updates a different subset (the sampled subnets); these keep them by name, update only variables
 * that got a gradient this step (as PyTorch does with `grad = None`), and save/restore as plain data.
 *
 * The update is one "multi-tensor" pass, as PyTorch's foreach/fused optimisers do: every variable has
 * a fixed segment of one flat moment vector, the step's gradients are concatenated into one flat
 * gradient, and the moments and steps of all variables are a dozen element-wise ops on that vector,
 * with each variable's own coefficients (its bias correction, or 0 where it got no gradient) gathered
 * per element. Per variable what is left is one slice and one subtraction. Written per variable, Adam
 * was 14 kernels a variable, 1,450 of the 3,770 of a `mini` largest-subnet step; a GPU backend pays a
 * dispatch for each, and on a real GPU the step is bound by dispatches, not arithmetic.
 */
import * as tf from '@tensorflow/tfjs';
import type { Params } from './supernet.js';

export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface OptimizerState {
  readonly kind: 'adam' | 'sgd';
  /** updates applied so far */
  readonly t: number;
  readonly slots: readonly NamedArray[];
  /** updates each variable got (Adam's bias correction: a variable first sampled late starts at 1) */
  readonly counts: Readonly<Record<string, number>>;
}

export interface Optimizer {
  /** applies one update with learning rate `lr`; gradients are keyed by variable name */
  apply(grads: ReadonlyMap<string, tf.Tensor>, lr: number): void;
  save(): Promise<OptimizerState>;
  load(state: OptimizerState): void;
  dispose(): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
const MOMENTUM = 0.9;

export function createOptimizer(kind: 'adam' | 'sgd', params: Params): Optimizer {
  const names = [...params.keys()];
  const sizes = names.map((n) => (params.get(n) as tf.Variable).size);
  const offsets: number[] = [];
  let total = 0;
  for (const n of sizes) {
    offsets.push(total);
    total += n;
  }
  const counts = new Map<string, number>();
  let t = 0;
  // created on the first update (or load): the flat moments, and each element's variable index
  let m: tf.Variable | null = null;
  let v: tf.Variable | null = null;
  let segment: tf.Tensor1D | null = null;
  const ensure = (): void => {
    if (segment) return;
    const seg = new Int32Array(total);
    names.forEach((_, i) => seg.fill(i, offsets[i], (offsets[i] as number) + (sizes[i] as number)));
    segment = tf.tensor1d(seg, 'int32');
    const zeros = (): tf.Variable => {
      const z = tf.zeros([total]);
      const x = tf.variable(z, false);
      z.dispose(); // the variable holds its own reference to the data
      return x;
    };
    m = zeros();
    if (kind === 'adam') v = zeros();
  };
  /** a per-variable coefficient, spread over each variable's elements */
  const perElement = (values: Float32Array): tf.Tensor1D => {
    // on the CPU backend, written out here (a gather over every element was 15 % of a step there)
    if (tf.getBackend() !== 'cpu') return tf.gather(tf.tensor1d(values), segment as tf.Tensor1D);
    const spread = new Float32Array(total);
    names.forEach((_, i) => spread.fill(values[i] as number, offsets[i], (offsets[i] as number) + (sizes[i] as number)));
    return tf.tensor1d(spread);
  };

  return {
    apply(grads, lr) {
      for (const name of grads.keys()) if (!params.has(name)) throw new Error(`optimizer: no variable ${name}`);
      if (grads.size === 0) return;
      t++;
      ensure();
      const present = names.map((n) => grads.has(n));
      tf.tidy(() => {
        // the flat gradient: each variable's, zeros for a run of variables without one
        const parts: tf.Tensor[] = [];
        let gap = 0;
        names.forEach((n, i) => {
          const g = grads.get(n);
          if (!g) {
            gap += sizes[i] as number;
            return;
          }
          if (gap > 0) parts.push(tf.zeros([gap]));
          gap = 0;
          parts.push(g.reshape([-1]));
        });
        if (gap > 0) parts.push(tf.zeros([gap]));
        const g = parts.length === 1 ? (parts[0] as tf.Tensor1D) : (tf.concat(parts) as tf.Tensor1D);
        const m0 = m as tf.Variable;
        let step: tf.Tensor1D;
        if (kind === 'adam') {
          const s0 = v as tf.Variable;
          const a1 = new Float32Array(names.length);
          const a2 = new Float32Array(names.length);
          const c = new Float32Array(names.length);
          const e = new Float32Array(names.length);
          names.forEach((n, i) => {
            if (!present[i]) return;
            const k = (counts.get(n) ?? 0) + 1;
            counts.set(n, k);
            const bc1 = 1 - BETA1 ** k;
            const bc2 = Math.sqrt(1 - BETA2 ** k);
            a1[i] = 1 - BETA1;
            a2[i] = 1 - BETA2;
            c[i] = (lr * bc2) / bc1; // lr·m̂/(√v̂ + ε) = (lr·√(1−β₂ᵏ)/(1−β₁ᵏ))·m/(√v + ε·√(1−β₂ᵏ))
            e[i] = EPS * bc2;
          });
          const m1 = m0.add(g.sub(m0).mul(perElement(a1)));
          const s1 = s0.add(g.square().sub(s0).mul(perElement(a2)));
          m0.assign(m1);
          s0.assign(s1);
          step = m1.div(s1.sqrt().add(perElement(e))).mul(perElement(c));
        } else {
          const mask = new Float32Array(names.length);
          names.forEach((n, i) => {
            if (!present[i]) return;
            counts.set(n, (counts.get(n) ?? 0) + 1);
            mask[i] = 1;
          });
          const m1 = m0.add(
            m0
              .mul(MOMENTUM - 1)
              .add(g)
              .mul(perElement(mask)),
          );
          m0.assign(m1);
          step = m1.mul(lr);
        }
        names.forEach((n, i) => {
          if (!present[i]) return;
          const p = params.get(n) as tf.Variable;
          p.assign(p.sub(step.slice([offsets[i] as number], [sizes[i] as number]).reshape(p.shape)));
        });
      });
    },
    async save() {
      const out: NamedArray[] = [];
      const moments: [string, tf.Variable | null][] =
        kind === 'adam'
          ? [
              ['m', m],
              ['v', v],
            ]
          : [['m', m]];
      for (const [suffix, flat] of moments) {
        if (!flat) continue;
        const data = (await flat.data()) as Float32Array;
        names.forEach((n, i) => {
          if (!counts.has(n)) return; // as before the flat layout: a slot exists once its variable was updated
          const at = offsets[i] as number;
          out.push({
            name: `${n}/${suffix}`,
            shape: (params.get(n) as tf.Variable).shape,
            data: data.slice(at, at + (sizes[i] as number)),
          });
        });
      }
      return { kind, t, slots: out, counts: Object.fromEntries(counts) };
    },
    load(state) {
      if (state.kind !== kind) throw new Error(`checkpoint: optimiser is ${state.kind}, this run uses ${kind}`);
      ensure();
      const flat = { m: new Float32Array(total), v: new Float32Array(total) };
      const index = new Map(names.map((n, i) => [n, i]));
      for (const s of state.slots) {
        const cut = s.name.lastIndexOf('/');
        const i = index.get(s.name.slice(0, cut));
        const suffix = s.name.slice(cut + 1);
        if (i === undefined || (suffix !== 'm' && suffix !== 'v'))
          throw new Error(`checkpoint: optimiser slot ${s.name} matches no variable`);
        if (s.data.length !== sizes[i])
          throw new Error(`checkpoint: optimiser slot ${s.name} has ${s.data.length} values, the variable ${sizes[i]}`);
        flat[suffix].set(s.data, offsets[i]);
      }
      tf.tidy(() => {
        (m as tf.Variable).assign(tf.tensor1d(flat.m));
        v?.assign(tf.tensor1d(flat.v));
      });
      counts.clear();
      for (const [name, n] of Object.entries(state.counts)) counts.set(name, n);
      t = state.t;
    },
    dispose() {
      for (const x of [m, v, segment]) x?.dispose();
      m = v = segment = null;
    },
  };
}
