/**
 * Adam and SGD with momentum over the supernet's named variables. TF.js's own optimizers keep their
 * moments by the position of a variable in each `applyGradients` call, which breaks when each step
 * updates a different subset (the sampled subnets); these keep them by name, update only variables
 * that got a gradient this step (as PyTorch does with `grad = None`), and save/restore as plain data.
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
  // slot name → moment variable (`name/m`, `name/v` for Adam; `name/m` for SGD)
  const slots = new Map<string, tf.Variable>();
  const counts = new Map<string, number>();
  let t = 0;
  const slot = (name: string, like: tf.Tensor): tf.Variable => {
    let s = slots.get(name);
    if (!s) {
      s = tf.variable(tf.zerosLike(like), false);
      slots.set(name, s);
    }
    return s;
  };
  return {
    apply(grads, lr) {
      t++;
      tf.tidy(() => {
        for (const [name, g] of grads) {
          const v = params.get(name);
          if (!v) throw new Error(`optimizer: no variable ${name}`);
          const n = (counts.get(name) ?? 0) + 1;
          counts.set(name, n);
          if (kind === 'adam') {
            const m = slot(`${name}/m`, v);
            const s = slot(`${name}/v`, v);
            m.assign(m.mul(BETA1).add(g.mul(1 - BETA1)));
            s.assign(s.mul(BETA2).add(g.square().mul(1 - BETA2)));
            const mHat = m.div(1 - BETA1 ** n);
            const vHat = s.div(1 - BETA2 ** n);
            v.assign(v.sub(mHat.div(vHat.sqrt().add(EPS)).mul(lr)));
          } else {
            const m = slot(`${name}/m`, v);
            m.assign(m.mul(MOMENTUM).add(g));
            v.assign(v.sub(m.mul(lr)));
          }
        }
      });
    },
    async save() {
      const out: NamedArray[] = [];
      for (const [name, s] of slots) out.push({ name, shape: s.shape, data: (await s.data()) as Float32Array });
      return { kind, t, slots: out, counts: Object.fromEntries(counts) };
    },
    load(state) {
      if (state.kind !== kind) throw new Error(`checkpoint: optimiser is ${state.kind}, this run uses ${kind}`);
      for (const s of slots.values()) s.dispose();
      slots.clear();
      for (const s of state.slots) {
        const value = tf.tensor(s.data, [...s.shape]);
        slots.set(s.name, tf.variable(value, false));
        value.dispose(); // the variable keeps its own reference to the data
      }
      counts.clear();
      for (const [name, n] of Object.entries(state.counts)) counts.set(name, n);
      t = state.t;
    },
    dispose() {
      for (const s of slots.values()) s.dispose();
      slots.clear();
    },
  };
}
