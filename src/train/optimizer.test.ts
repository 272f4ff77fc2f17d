import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './optimizer.js';
import type { Params } from './supernet.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Adam and SGD written out per variable and per element, as the textbook (and PyTorch) state them. */
function reference(kind: 'adam' | 'sgd', p: number[], steps: { g: number[] | null; lr: number }[]): number[] {
  const els = p.map((x) => ({ x, m: 0, v: 0 })); // each element: its value and moments
  let k = 0;
  for (const { g, lr } of steps) {
    if (!g) continue; // no gradient: untouched, and its count does not move
    k++;
    els.forEach((e, i) => {
      const gi = at(g, i);
      if (kind === 'adam') {
        e.m = 0.9 * e.m + 0.1 * gi;
        e.v = 0.999 * e.v + 0.001 * gi * gi;
        const mHat = e.m / (1 - 0.9 ** k);
        const vHat = e.v / (1 - 0.999 ** k);
        e.x = e.x - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
      } else {
        e.m = 0.9 * e.m + gi;
        e.x = e.x - lr * e.m;
      }
    });
  }
  return els.map((e) => e.x);
}

describe('optimizer (one flat multi-tensor update)', () => {
  // three variables; b is skipped in step 2 and c first appears in step 3, so their counts differ
  const init = { a: [0.5, -1, 2, 0.25], b: [1, 2, 3, 4, 5, 6], c: [-0.3, 0.7] };
  const shapes = { a: [2, 2], b: [3, 2], c: [2] };
  const grads: Record<'a' | 'b' | 'c', (number[] | null)[]> = {
    a: [
      [0.1, -0.2, 0.3, 0.05],
      [-0.4, 0.1, 0.2, 0.3],
      [0.01, 0.02, -0.03, 0.5],
    ],
    b: [[1, -1, 0.5, 0.25, -0.5, 2], null, [0.3, 0.3, -0.3, 0.1, 0, -2]],
    c: [null, null, [0.9, -0.8]],
  };
  const lrs = [0.01, 0.02, 0.005];

  for (const kind of ['adam', 'sgd'] as const) {
    it(`${kind}: matches the per-variable reference, with per-variable step counts, and round-trips its state`, async () => {
      const params: Params = new Map(
        Object.entries(init).map(([n, v]) => [
          n,
          tf.variable(tf.tensor(v, shapes[n as keyof typeof shapes]), true, `opt-test-${kind}-${n}`),
        ]),
      );
      const opt = createOptimizer(kind, params);
      const run = (o: typeof opt, from: number, to: number): void => {
        for (let s = from; s < to; s++) {
          const step = new Map<string, tf.Tensor>();
          for (const n of ['a', 'b', 'c'] as const) {
            const g = grads[n][s];
            if (g) step.set(n, tf.tensor(g, shapes[n]));
          }
          o.apply(step, at(lrs, s));
          tf.dispose([...step.values()]);
        }
      };
      run(opt, 0, 2);
      const saved = await opt.save();
      expect(saved.counts).toEqual({ a: 2, b: 1 });
      expect(saved.slots.map((s) => s.name).sort()).toEqual(kind === 'adam' ? ['a/m', 'a/v', 'b/m', 'b/v'] : ['a/m', 'b/m']);
      run(opt, 2, 3);
      for (const n of ['a', 'b', 'c'] as const) {
        const want = reference(
          kind,
          init[n],
          grads[n].map((g, s) => ({ g, lr: at(lrs, s) })),
        );
        const got = Array.from(await (params.get(n) as tf.Variable).data());
        got.forEach((x, i) => expect(x).toBeCloseTo(at(want, i), 6));
      }
      // a fresh optimiser loaded from step 2's state takes step 3 to the same values
      const after = await Promise.all(['a', 'b', 'c'].map(async (n) => Array.from(await (params.get(n) as tf.Variable).data())));
      const p2: Params = new Map(
        Object.entries(init).map(([n, v]) => [
          n,
          tf.variable(tf.tensor(v, shapes[n as keyof typeof shapes]), true, `opt-test2-${kind}-${n}`),
        ]),
      );
      const o2 = createOptimizer(kind, p2);
      run(o2, 0, 2);
      o2.dispose();
      const o3 = createOptimizer(kind, p2);
      o3.load(saved);
      run(o3, 2, 3);
      for (const [i, n] of ['a', 'b', 'c'].entries()) expect(Array.from(await (p2.get(n) as tf.Variable).data())).toEqual(after[i]);
      expect(() => o3.apply(new Map([['z', tf.scalar(1)]]), 0.1)).toThrow('optimizer: no variable z');
      expect(() => o3.load({ ...saved, slots: [{ name: 'a/m', shape: [3], data: new Float32Array(3) }] })).toThrow(
        'checkpoint: optimiser slot a/m has 3 values, the variable 4',
      );
      for (const o of [opt, o3]) o.dispose();
      for (const v of [...params.values(), ...p2.values()]) v.dispose();
    });
  }
});
