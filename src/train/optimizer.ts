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
import { at } from '../core/at.js';
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

/** Where a variable's elements lie in the flat vectors. */
interface Segment {
  readonly name: string;
  readonly size: number;
  readonly offset: number;
}

/** The variables' segments, in variable order, and the flat vectors' length. */
function flatLayout(params: Params): { segments: Segment[]; total: number } {
  const segments: Segment[] = [];
  let total = 0;
  for (const [name, p] of params) {
    segments.push({ name, size: p.size, offset: total });
    total += p.size;
  }
  return { segments, total };
}

/** `into` with each variable's segment filled with its entry of `values`. */
function spread<T extends Float32Array | Int32Array>(segments: readonly Segment[], values: ArrayLike<number>, into: T): T {
  segments.forEach(({ size, offset }, i) => into.fill(at(values, i), offset, offset + size));
  return into;
}

/** The step's flat gradient: each variable's, zeros for a run of variables without one. */
function flatGradient(segments: readonly Segment[], grads: ReadonlyMap<string, tf.Tensor>): tf.Tensor1D {
  const parts: tf.Tensor[] = [];
  let gap = 0;
  for (const { name, size } of segments) {
    const g = grads.get(name);
    if (!g) {
      gap += size;
      continue;
    }
    if (gap > 0) parts.push(tf.zeros([gap]));
    gap = 0;
    parts.push(g.reshape([-1]));
  }
  if (gap > 0) parts.push(tf.zeros([gap]));
  return parts.length === 1 ? (parts[0] as tf.Tensor1D) : (tf.concat(parts) as tf.Tensor1D);
}

/** One update's view of the variables: which got a gradient, and how many updates each has had. */
interface Update {
  readonly segments: readonly Segment[];
  readonly present: readonly boolean[];
  readonly counts: Map<string, number>;
  readonly lr: number;
  /** a per-variable coefficient spread over each variable's elements */
  readonly perElement: (values: Float32Array) => tf.Tensor1D;
}

/**
 * Adam's update of the flat moments m and s with gradient g; returns the flat step to subtract. Each
 * variable that got a gradient counts one more update (its own bias correction).
 */
function adamStep(u: Update, g: tf.Tensor1D, m0: tf.Variable, s0: tf.Variable): tf.Tensor1D {
  const k = u.segments.length;
  const [a1, a2, c, e] = [new Float32Array(k), new Float32Array(k), new Float32Array(k), new Float32Array(k)];
  u.segments.forEach(({ name }, i) => {
    if (!u.present[i]) return;
    const count = (u.counts.get(name) ?? 0) + 1;
    u.counts.set(name, count);
    const bc1 = 1 - BETA1 ** count;
    const bc2 = Math.sqrt(1 - BETA2 ** count);
    a1[i] = 1 - BETA1;
    a2[i] = 1 - BETA2;
    c[i] = (u.lr * bc2) / bc1; // lr·m̂/(√v̂ + ε) = (lr·√(1−β₂ᵏ)/(1−β₁ᵏ))·m/(√v + ε·√(1−β₂ᵏ))
    e[i] = EPS * bc2;
  });
  const m1 = m0.add(g.sub(m0).mul(u.perElement(a1)));
  const s1 = s0.add(g.square().sub(s0).mul(u.perElement(a2)));
  m0.assign(m1);
  s0.assign(s1);
  return m1.div(s1.sqrt().add(u.perElement(e))).mul(u.perElement(c));
}

/** SGD with momentum: the flat momentum m updated where a variable got a gradient; returns the step. */
function sgdStep(u: Update, g: tf.Tensor1D, m0: tf.Variable): tf.Tensor1D {
  const mask = new Float32Array(u.segments.length);
  u.segments.forEach(({ name }, i) => {
    if (!u.present[i]) return;
    u.counts.set(name, (u.counts.get(name) ?? 0) + 1);
    mask[i] = 1;
  });
  const m1 = m0.add(
    m0
      .mul(MOMENTUM - 1)
      .add(g)
      .mul(u.perElement(mask)),
  );
  m0.assign(m1);
  return m1.mul(u.lr);
}

/** The slots of a saved state: each updated variable's part of each moment, named `{variable}/{m|v}`. */
async function saveSlots(
  segments: readonly Segment[],
  params: Params,
  counts: ReadonlyMap<string, number>,
  moments: readonly [string, tf.Variable | null][],
): Promise<NamedArray[]> {
  const out: NamedArray[] = [];
  for (const [suffix, flat] of moments) {
    if (!flat) continue;
    const data = (await flat.data()) as Float32Array;
    for (const { name, size, offset } of segments) {
      const p = params.get(name);
      // as before the flat layout: a slot exists once its variable was updated
      if (p && counts.has(name)) out.push({ name: `${name}/${suffix}`, shape: p.shape, data: data.slice(offset, offset + size) });
    }
  }
  return out;
}

/** The flat moments a saved state's slots hold (zeros where a variable has none). */
function loadSlots(segments: readonly Segment[], total: number, slots: readonly NamedArray[]): { m: Float32Array; v: Float32Array } {
  const flat = { m: new Float32Array(total), v: new Float32Array(total) };
  const byName = new Map(segments.map((seg) => [seg.name, seg]));
  for (const s of slots) {
    const cut = s.name.lastIndexOf('/');
    const seg = byName.get(s.name.slice(0, cut));
    const suffix = s.name.slice(cut + 1);
    if (seg === undefined || (suffix !== 'm' && suffix !== 'v'))
      throw new Error(`checkpoint: optimiser slot ${s.name} matches no variable`);
    if (s.data.length !== seg.size)
      throw new Error(`checkpoint: optimiser slot ${s.name} has ${s.data.length} values, the variable ${seg.size}`);
    flat[suffix].set(s.data, seg.offset);
  }
  return flat;
}

export function createOptimizer(kind: 'adam' | 'sgd', params: Params): Optimizer {
  const { segments, total } = flatLayout(params);
  const counts = new Map<string, number>();
  let t = 0;
  // created on the first update (or load): the flat moments, and each element's variable index
  let m: tf.Variable | null = null;
  let v: tf.Variable | null = null;
  let segment: tf.Tensor1D | null = null;
  const zeros = (): tf.Variable => {
    const z = tf.zeros([total]);
    const x = tf.variable(z, false);
    z.dispose(); // the variable holds its own reference to the data
    return x;
  };
  const ensure = (): void => {
    if (segment) return;
    segment = tf.tensor1d(spread(segments, Array.from(segments.keys()), new Int32Array(total)), 'int32');
    m = zeros();
    if (kind === 'adam') v = zeros();
  };
  const perElement = (values: Float32Array): tf.Tensor1D => {
    // on the CPU backend, written out here (a gather over every element was 15 % of a step there)
    if (tf.getBackend() !== 'cpu') return tf.gather(tf.tensor1d(values), segment as tf.Tensor1D);
    return tf.tensor1d(spread(segments, values, new Float32Array(total)));
  };

  return {
    apply(grads, lr) {
      for (const name of grads.keys()) if (!params.has(name)) throw new Error(`optimizer: no variable ${name}`);
      if (grads.size === 0) return;
      t++;
      ensure();
      const u: Update = { segments, present: segments.map(({ name }) => grads.has(name)), counts, lr, perElement };
      tf.tidy(() => {
        const g = flatGradient(segments, grads);
        const step = kind === 'adam' ? adamStep(u, g, m as tf.Variable, v as tf.Variable) : sgdStep(u, g, m as tf.Variable);
        for (const { name, size, offset } of segments) {
          const p = params.get(name);
          if (p && grads.has(name)) p.assign(p.sub(step.slice([offset], [size]).reshape(p.shape)));
        }
      });
    },
    async save() {
      const moments: [string, tf.Variable | null][] =
        kind === 'adam'
          ? [
              ['m', m],
              ['v', v],
            ]
          : [['m', m]];
      return { kind, t, slots: await saveSlots(segments, params, counts, moments), counts: Object.fromEntries(counts) };
    },
    load(state) {
      if (state.kind !== kind) throw new Error(`checkpoint: optimiser is ${state.kind}, this run uses ${kind}`);
      ensure();
      const flat = loadSlots(segments, total, state.slots);
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
