import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BN_APPLY, BN_STATS, BN_TRAIN, BN_TRAIN_GRAD, installFastCpuKernels, withoutWasm, withStockCpuKernels } from './cpuKernels.js';
import { wasmKernels } from './wasmKernels.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

let seed = 1;
const rnd = (shape: number[]): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed++);

/** f with the fast kernels and with TF.js's stock ones: same shape, values within float32 rounding. */
function same(f: () => tf.Tensor, what: string): void {
  const fast = f();
  const stock = withStockCpuKernels(f);
  expect(fast.shape, what).toEqual(stock.shape);
  const a = fast.dataSync();
  const b = stock.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(at(a, i) - at(b, i)) / (1 + Math.abs(at(b, i))));
  expect(worst, what).toBeLessThan(1e-5);
  tf.dispose([fast, stock]);
}

/** f with the WebAssembly kernels and with the JavaScript loops: the same bits. */
function identical(f: () => tf.Tensor | tf.Tensor[], what: string): void {
  const a = [f()].flat();
  const b = [withoutWasm(f)].flat();
  a.forEach((t, i) => expect(Array.from(t.dataSync()), `${what} output ${i}`).toEqual(Array.from((b[i] as tf.Tensor).dataSync())));
  tf.dispose([...a, ...b]);
}

describe('fast CPU kernels against the stock ones', () => {
  it('element-wise add, sub, mul over every broadcast the supernet uses, either operand first', () => {
    const cases: [number[], number[]][] = [
      [
        [5, 7],
        [5, 7],
      ],
      [[5, 7], [7]],
      [
        [5, 7],
        [1, 7],
      ],
      [
        [5, 7],
        [5, 1],
      ],
      [
        [2, 3, 4],
        [3, 4],
      ],
      [
        [2, 3, 4],
        [2, 1, 1],
      ],
      [[5, 7], []],
      [[4], [1, 1, 4]],
      [
        [3, 4],
        [3, 1, 4],
      ],
      [
        [2, 3, 4],
        [2, 3, 1],
      ],
      [[6], [6]],
      [
        [1, 5],
        [5, 1],
      ],
    ];
    for (const [sa, sb] of cases) {
      for (const [op, f] of [
        ['add', tf.add],
        ['sub', tf.sub],
        ['mul', tf.mul],
      ] as const) {
        const a = rnd(sa);
        const b = rnd(sb);
        same(() => f(a, b), `${op} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
        same(() => f(b, a), `${op} ${JSON.stringify(sb)} ${JSON.stringify(sa)}`);
        tf.dispose([a, b]);
      }
    }
  });

  it('int32 arithmetic still goes to the stock kernels', () => {
    const r = tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.scalar(2, 'int32'));
    expect(r.dtype).toBe('int32');
    expect(Array.from(r.dataSync())).toEqual([3, 4, 5]);
  });

  it('matMul with every transpose, batched and broadcast batches, odd sizes, a weight gradient over many rows', () => {
    const shapes: [number[], number[], boolean, boolean][] = [
      [[7, 5], [5, 3], false, false],
      [[5, 7], [5, 3], true, false],
      [[7, 5], [3, 5], false, true],
      [[5, 7], [3, 5], true, true],
      [[4, 9, 6], [4, 6, 5], false, false],
      [[4, 9, 6], [4, 5, 6], false, true],
      [[4, 6, 9], [4, 6, 5], true, false],
      [[1, 9, 6], [3, 6, 5], false, false],
      [[3, 9, 6], [6, 5], false, false],
      [[1, 13], [13, 4], false, false],
      [[300, 6], [300, 5], true, false],
      [[2, 1, 7, 8], [2, 1, 8, 3], false, false],
    ];
    for (const [sa, sb, ta, tb] of shapes) {
      const a = rnd(sa);
      const b = rnd(sb);
      same(() => tf.matMul(a, b, ta, tb), `matMul ${JSON.stringify(sa)} ${JSON.stringify(sb)} ${ta} ${tb}`);
      tf.dispose([a, b]);
    }
    // batch axes that broadcast on both sides ([2,1] by [1,2]: 4 batches from 2 and 2) go to the stock
    // kernel, whatever it makes of them; the fast one used to read past both operands there
    const a = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 2]);
    const b = tf.tensor4d([1, 0, 0, 1, 2, 0, 0, 2], [1, 2, 2, 2]);
    const fast = tf.matMul(a, b);
    const stock = withStockCpuKernels(() => tf.matMul(a, b));
    expect(Array.from(fast.dataSync())).toEqual(Array.from(stock.dataSync()));
    tf.dispose([a, b, fast, stock]);
  });

  it('depthwise convolution, its input and filter gradients, k 3 and 5, stride 1 and 2, odd and even sizes', () => {
    for (const [k, s, h] of [
      [3, 1, 7],
      [5, 1, 8],
      [3, 2, 9],
      [5, 2, 14],
      [5, 2, 7],
    ] as const) {
      const x = rnd([2, h, h, 6]) as tf.Tensor4D;
      const w = rnd([k, k, 6, 1]) as tf.Tensor4D;
      const dyShape = [2, Math.ceil(h / s), Math.ceil(h / s), 6];
      const dy = rnd(dyShape);
      const what = `k ${k} stride ${s} size ${h}`;
      same(() => tf.depthwiseConv2d(x, w, s, 'same'), `forward ${what}`);
      same(
        () =>
          tf.grad((xx: tf.Tensor) =>
            tf
              .depthwiseConv2d(xx as tf.Tensor4D, w, s, 'same')
              .mul(dy)
              .sum(),
          )(x),
        `input gradient ${what}`,
      );
      same(
        () =>
          tf.grad((ww: tf.Tensor) =>
            tf
              .depthwiseConv2d(x, ww as tf.Tensor4D, s, 'same')
              .mul(dy)
              .sum(),
          )(w),
        `filter gradient ${what}`,
      );
      same(() => tf.depthwiseConv2d(x, w, s, 'valid'), `valid padding ${what}`);
      tf.dispose([x, w, dy]);
    }
  });

  it('the stem convolution’s filter gradient (3×3, stride 2, 1 and 3 input channels)', () => {
    for (const [cin, h] of [
      [1, 28],
      [3, 9],
    ] as const) {
      const x = rnd([2, h, h, cin]) as tf.Tensor4D;
      const w = rnd([3, 3, cin, 5]) as tf.Tensor4D;
      same(
        () =>
          tf.grad((ww: tf.Tensor) =>
            tf
              .conv2d(x, ww as tf.Tensor4D, 2, 'same')
              .square()
              .sum(),
          )(w),
        `stem cin ${cin}`,
      );
      tf.dispose([x, w]);
    }
  });

  it('ReLU6 and its fused gradient (0 < x ≤ 6 passes, else 0), the edges included', () => {
    const x = tf.tensor1d([-1, 0, 0.5, 5.99, 6, 6.01, 9, -0, 1e-30, -1e-30]);
    expect(Array.from(tf.relu6(x).dataSync())).toEqual([0, 0, 0.5, Math.fround(5.99), 6, 6, 6, 0, Math.fround(1e-30), 0]);
    const dy = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const g = tf.grad((xx: tf.Tensor) => tf.relu6(xx).mul(dy).sum())(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 3, 4, 5, 0, 0, 0, 9, 0]);
    const r = rnd([40, 9]).mul(4);
    same(() => tf.grad((xx: tf.Tensor) => tf.relu6(xx).square().sum())(r), 'relu6 gradient');
  });
});

describe('the WebAssembly kernels and their JavaScript twins', () => {
  it('has WebAssembly SIMD here (Node 20)', () => {
    expect(wasmKernels()).not.toBeNull();
  });

  it('matMul, every transpose, batches, sizes off the 4×8 blocks', () => {
    for (const [sa, sb, ta, tb] of [
      [[13, 7], [7, 11], false, false],
      [[7, 13], [7, 11], true, false],
      [[13, 7], [11, 7], false, true],
      [[3, 5, 9], [3, 9, 6], false, false],
      [[300, 9], [300, 10], true, false],
      [[1, 3], [3, 1], false, false],
      [[17, 12], [12, 16], false, false],
      [[12, 17], [12, 8], true, false],
    ] as [number[], number[], boolean, boolean][]) {
      const a = rnd(sa);
      const b = rnd(sb);
      identical(() => tf.matMul(a, b, ta, tb), `matMul ${JSON.stringify(sa)} ${JSON.stringify(sb)} ${ta} ${tb}`);
      tf.dispose([a, b]);
    }
  });

  it('depthwise convolution and its gradients, channel counts off the 4-lane vectors', () => {
    for (const [k, s, h, c] of [
      [3, 1, 7, 6],
      [5, 2, 9, 5],
      [5, 1, 6, 8],
      [3, 2, 8, 3],
    ] as const) {
      const x = rnd([2, h, h, c]) as tf.Tensor4D;
      const w = rnd([k, k, c, 1]) as tf.Tensor4D;
      const dy = rnd([2, Math.ceil(h / s), Math.ceil(h / s), c]);
      identical(() => tf.depthwiseConv2d(x, w, s, 'same'), `forward k${k} s${s}`);
      identical(
        () =>
          tf.grad((xx: tf.Tensor) =>
            tf
              .depthwiseConv2d(xx as tf.Tensor4D, w, s, 'same')
              .mul(dy)
              .sum(),
          )(x),
        `dx k${k} s${s}`,
      );
      identical(
        () =>
          tf.grad((ww: tf.Tensor) =>
            tf
              .depthwiseConv2d(x, ww as tf.Tensor4D, s, 'same')
              .mul(dy)
              .sum(),
          )(w),
        `df k${k} s${s}`,
      );
      tf.dispose([x, w, dy]);
    }
  });

  it('the stem convolution’s filter gradient: 1 and 3 input channels, even and odd output channels, stride 1 and 2', () => {
    for (const [cin, cout, h, st, pad] of [
      [1, 16, 28, 2, 'same'],
      [3, 5, 9, 1, 'same'],
      [3, 7, 8, 2, 'valid'],
      [1, 1, 5, 1, 'same'],
    ] as const) {
      const x = rnd([3, h, h, cin]).relu() as tf.Tensor4D; // zeros among the inputs: the loops skip them
      const w = rnd([3, 3, cin, cout]) as tf.Tensor4D;
      const dy = tf.conv2d(x, w, st, pad);
      const g = rnd(dy.shape);
      identical(
        () =>
          tf.grad((ww: tf.Tensor) =>
            tf
              .conv2d(x, ww as tf.Tensor4D, st, pad)
              .mul(g)
              .sum(),
          )(w),
        `conv2d filter gradient cin ${cin} cout ${cout}`,
      );
      tf.dispose([x, w, dy, g]);
    }
  });

  it('training BatchNorm and its gradient, even and odd channel counts', () => {
    for (const [rows, c] of [
      [37, 6],
      [50, 5],
      [4, 1],
    ] as const) {
      const x = rnd([rows, c]).mul(3).add(1);
      const gamma = rnd([c]);
      const beta = rnd([c]);
      const dy = rnd([rows, c]);
      identical(() => tf.engine().runKernel(BN_TRAIN, { x, gamma, beta }) as unknown as tf.Tensor[], `bn ${rows}×${c}`);
      const [, xhat, inv] = tf.engine().runKernel(BN_TRAIN, { x, gamma, beta }) as unknown as tf.Tensor[];
      identical(
        () => tf.engine().runKernel(BN_TRAIN_GRAD, { dy, xhat: xhat as tf.Tensor, inv: inv as tf.Tensor, gamma }) as unknown as tf.Tensor[],
        `bn gradient ${rows}×${c}`,
      );
    }
  });
});

describe('ReLU6 in WebAssembly', () => {
  it('equals its JavaScript twin bit for bit, signed zeros, tiny and huge values and a tail off the vectors included', () => {
    const special = [-0, 0, 1e-45, -1e-45, 6, 6.000001, 5.999999, -6, 1e30, -1e30, 3, -3, 0.5];
    const x = tf.concat([tf.tensor1d(special), rnd([1001]).mul(5)]);
    const dy = rnd([x.size]);
    const bits = (t: tf.Tensor): number[] => Array.from(new Int32Array((t.dataSync() as Float32Array).slice().buffer));
    const fwd = [tf.relu6(x), withoutWasm(() => tf.relu6(x))];
    expect(bits(fwd[0] as tf.Tensor)).toEqual(bits(fwd[1] as tf.Tensor));
    const grad = (): tf.Tensor => tf.grad((xx: tf.Tensor) => tf.relu6(xx).mul(dy).sum())(x);
    expect(bits(grad())).toEqual(bits(withoutWasm(grad)));
  });
});

describe('BatchNorm for evaluation and recalibration', () => {
  it('statistics and normalisation: WebAssembly and JavaScript give the same bits, and the values of the composite', () => {
    for (const [rows, c] of [
      [37, 6],
      [50, 5],
      [128, 16],
    ] as const) {
      const x = rnd([rows, c]).mul(2).add(0.5);
      identical(() => tf.engine().runKernel(BN_STATS, { x }) as unknown as tf.Tensor[], `stats ${rows}×${c}`);
      const [mean, variance] = tf.engine().runKernel(BN_STATS, { x }) as unknown as [tf.Tensor, tf.Tensor];
      const m = tf.moments(x, 0);
      expect(Math.max(...Array.from(mean.dataSync()).map((v, i) => Math.abs(v - at(m.mean.dataSync(), i))))).toBeLessThan(1e-5);
      expect(Math.max(...Array.from(variance.dataSync()).map((v, i) => Math.abs(v - at(m.variance.dataSync(), i))))).toBeLessThan(1e-4);
      const scale = rnd([c]);
      const beta = rnd([c]);
      identical(() => tf.engine().runKernel(BN_APPLY, { x, mean, scale, beta }) as tf.Tensor, `apply ${rows}×${c}`);
      const y = tf.engine().runKernel(BN_APPLY, { x, mean, scale, beta }) as tf.Tensor;
      const ref = withStockCpuKernels(() => x.sub(mean).mul(scale).add(beta));
      expect(Array.from(y.dataSync())).toEqual(Array.from(ref.dataSync()));
    }
  });
});

describe('Transpose, Sum, Mean, Softmax, division and broadcasts: the stock results, bit for bit', () => {
  const bits = (t: tf.Tensor): number[] => Array.from(new Int32Array((t.dataSync() as Float32Array).slice().buffer));
  function sameBits(f: () => tf.Tensor, what: string): void {
    const a = f();
    const b = withStockCpuKernels(f);
    expect(a.shape, what).toEqual(b.shape);
    expect(bits(a), what).toEqual(bits(b));
    tf.dispose([a, b]);
  }

  it('transposes every permutation of rank 2–4, the attention head split among them', () => {
    const x4 = rnd([3, 5, 4, 2]);
    for (const perm of [
      [0, 2, 1, 3],
      [0, 1, 3, 2],
      [3, 2, 1, 0],
      [1, 0, 2, 3],
      [2, 3, 0, 1],
    ])
      sameBits(() => tf.transpose(x4, perm), `perm ${perm.join('')}`);
    const x2 = rnd([7, 9]);
    const x3 = rnd([2, 3, 4]);
    sameBits(() => tf.transpose(x2), 'rank 2');
    sameBits(() => tf.transpose(x3, [2, 0, 1]), 'rank 3');
  });

  it('sums over any axes, kept or not, with values whose order of addition matters', () => {
    // large and small magnitudes mixed: a different order of addition would change the bits
    const x = tf.mul(rnd([6, 5, 7]), tf.pow(10, tf.randomUniform([6, 5, 7], -4, 4, 'float32', 3).round()));
    for (const axis of [0, 1, 2, [0, 1], [0, 2], [1, 2], [0, 1, 2], -1]) {
      sameBits(() => tf.sum(x, axis), `axis ${JSON.stringify(axis)}`);
      sameBits(() => tf.sum(x, axis, true), `axis ${JSON.stringify(axis)} kept`);
    }
    const rows = rnd([300, 8]);
    sameBits(() => tf.sum(rows, 0), 'a bias gradient over many rows');
  });

  it('means over any axes, the global average pool and its gradient among them', () => {
    const x = tf.mul(rnd([6, 5, 7]), tf.pow(10, tf.randomUniform([6, 5, 7], -4, 4, 'float32', 5).round()));
    for (const axis of [0, 1, 2, [0, 1], [1, 2], [0, 1, 2], -1]) {
      sameBits(() => tf.mean(x, axis), `axis ${JSON.stringify(axis)}`);
      sameBits(() => tf.mean(x, axis, true), `axis ${JSON.stringify(axis)} kept`);
    }
    const maps = rnd([8, 4, 4, 12]);
    sameBits(() => tf.mean(maps, [1, 2]), 'global average pool');
    const dy = rnd([8, 12]);
    sameBits(() => tf.grad((z: tf.Tensor) => tf.mean(z, [1, 2]).mul(dy).sum())(maps), 'its gradient');
  });

  it('add, sub, mul and div over any broadcast (middle axes of one, missing axes), either operand first; sqrt', () => {
    const cases: [number[], number[]][] = [
      [
        [5, 7],
        [5, 7],
      ],
      [[5, 7], [7]],
      [
        [5, 7],
        [5, 1],
      ],
      [[5, 7], []],
      [
        [2, 4, 3, 6],
        [2, 1, 1, 6],
      ],
      [
        [2, 4, 3, 6],
        [4, 1, 6],
      ],
      [
        [2, 4, 3, 6],
        [1, 4, 3, 1],
      ],
      [
        [3, 4, 5],
        [1, 1, 1, 4, 1],
      ],
      [[6], [6]],
    ];
    for (const [sa, sb] of cases) {
      for (const [op, f] of [
        ['add', tf.add],
        ['sub', tf.sub],
        ['mul', tf.mul],
        ['div', tf.div],
      ] as const) {
        const a = rnd(sa);
        const b = rnd(sb);
        sameBits(() => f(a, b), `${op} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
        sameBits(() => f(b, a), `${op} ${JSON.stringify(sb)} ${JSON.stringify(sa)}`);
        tf.dispose([a, b]);
      }
    }
    sameBits(() => tf.div(tf.tensor1d([1, -1, 0, 0]), tf.tensor1d([0, 0, 0, -0])), 'division by zero: ±Infinity and NaN');
    sameBits(() => tf.sqrt(tf.randomUniform([1000], 0, 100, 'float32', 9)), 'sqrt');
    sameBits(() => tf.sqrt(tf.tensor1d([0, -0, -1, Infinity])), 'sqrt of the edges');
  });

  it('the stem convolution: 1 and 3 input channels, even and odd output channels, stride 1 and 2, same and valid', () => {
    for (const [cin, cout, h, st, pad] of [
      [1, 16, 28, 2, 'same'],
      [3, 5, 9, 1, 'same'],
      [3, 7, 8, 2, 'valid'],
      [1, 1, 5, 1, 'same'],
    ] as const) {
      // magnitudes spread over eight decades: another order or rounding of the sums would change the bits
      const x = tf.mul(rnd([3, h, h, cin]), tf.pow(10, tf.randomUniform([3, h, h, cin], -4, 4, 'float32', 11).round())) as tf.Tensor4D;
      const w = rnd([3, 3, cin, cout]) as tf.Tensor4D;
      sameBits(() => tf.conv2d(x, w, st, pad), `conv2d cin ${cin} cout ${cout} stride ${st} ${pad}`);
      tf.dispose([x, w]);
    }
  });

  it('softmax over the last axis, and its gradient, as in an attention block', () => {
    const logits = rnd([4, 3, 49, 49]).mul(4);
    sameBits(() => tf.softmax(logits), 'softmax');
    const dy = rnd([4, 3, 49, 49]);
    sameBits(() => tf.grad((z: tf.Tensor) => tf.softmax(z).mul(dy).sum())(logits), 'softmax gradient');
    const batch = rnd([5, 10]);
    sameBits(() => tf.softmax(batch), 'logits of a batch');
  });
});
