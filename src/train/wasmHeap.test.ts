import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { largestGenome } from '../core/model/macrange.js';
import { createRng } from '../core/rng.js';
import { MINI } from '../core/model/spaces.js';
import { installFastCpuKernels, withoutWasm } from './cpuKernels.js';
import { createOptimizer } from './optimizer.js';
import { createSupernet, disposeSupernet, forward, subnetVariables } from './supernet.js';
import { Heap, wasmKernels, type WasmKernels, type WasmMemory } from './wasmKernels.js';

/** A memory like WebAssembly's: growing replaces the buffer (the old one's views are detached). */
function fakeMemory(pages: number): WasmMemory & { grows: number } {
  let buffer = new ArrayBuffer(pages * 65536);
  return {
    grows: 0,
    get buffer() {
      return buffer;
    },
    grow(n: number) {
      const before = buffer.byteLength / 65536;
      const next = new ArrayBuffer(buffer.byteLength + n * 65536);
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
      this.grows++;
      return before;
    },
  };
}

describe('the heap over the WebAssembly memory', () => {
  it('reuses a freed block of the same size, merges neighbours and lowers its top', () => {
    const heap = new Heap(fakeMemory(2));
    const a = heap.alloc(100);
    const b = heap.alloc(100);
    const c = heap.alloc(100);
    expect(b - a).toBe(448); // 400 bytes rounded up to 64
    expect(c - b).toBe(448);
    heap.free(b);
    expect(heap.alloc(100)).toBe(b);
    heap.free(a);
    heap.free(b);
    // a and b merged: a block of 2 × 448 bytes fits where they were
    expect(heap.alloc(200)).toBe(a);
    heap.free(a);
    heap.free(c);
    expect(heap.stats()).toEqual({ used: 0, blocks: 0, heap: 0, memory: 2 * 65536 });
    expect(() => heap.free(c)).toThrow('no block');
  });

  it('grows the memory when it must, tells its listeners, and keeps offsets valid', () => {
    const memory = fakeMemory(2);
    const heap = new Heap(memory);
    let told = 0;
    heap.onGrow(() => told++);
    const a = heap.alloc(1000);
    new Float32Array(memory.buffer, a, 1000).fill(7);
    const big = heap.alloc(200_000);
    expect(memory.grows).toBe(1);
    expect(told).toBe(1);
    expect(new Float32Array(memory.buffer, a, 1000).every((v) => v === 7)).toBe(true);
    expect(big + 800_000).toBeLessThanOrEqual(memory.buffer.byteLength);
  });

  it('says so plainly when the memory cannot grow, and keeps what it holds', () => {
    const memory = fakeMemory(2);
    memory.grow = () => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    };
    const heap = new Heap(memory);
    const a = heap.alloc(1000);
    expect(() => heap.alloc(100_000)).toThrow(
      'training needs more memory than WebAssembly gives it here (1 MiB asked, 1 MiB held): lower the batch size',
    );
    expect(heap.stats()).toEqual({ used: 4032, blocks: 1, heap: 4032, memory: 2 * 65536 });
    expect(heap.alloc(1000)).toBe(a + 4032);
  });

  it('never hands out overlapping blocks, and is empty again once all are freed (2,000 random steps)', () => {
    const heap = new Heap(fakeMemory(1));
    const rng = createRng(7);
    const live = new Map<number, number>();
    for (let step = 0; step < 2000; step++) {
      if (live.size > 0 && rng.next() < 0.45) {
        const keys = [...live.keys()];
        const block = at(keys, rng.int(keys.length));
        heap.free(block);
        live.delete(block);
      } else {
        const floats = 1 + rng.int(rng.next() < 0.2 ? 50_000 : 500);
        const at = heap.alloc(floats);
        expect(at % 16).toBe(0);
        for (const [o, n] of live) expect(at + floats * 4 <= o || o + n * 4 <= at, `block at ${at} overlaps ${o}`).toBe(true);
        live.set(at, floats);
      }
    }
    for (const at of live.keys()) heap.free(at);
    expect(heap.stats().used).toBe(0);
    expect(heap.stats().heap).toBe(0);
  });
});

describe('CPU tensors whose values live in the heap', () => {
  let w: WasmKernels;
  const backendData = (t: tf.Tensor): Float32Array =>
    (tf.backend() as unknown as { data: { get(id: unknown): { values: Float32Array } } }).data.get(t.dataId).values;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    installFastCpuKernels();
    w = wasmKernels() as WasmKernels;
  });

  it('a kernel output is a heap block, freed when the tensor is disposed', () => {
    const x = tf.tensor1d([-1, 0.5, 3, 9]);
    const before = w.stats();
    const y = tf.relu6(x);
    expect(w.owns(backendData(y))).toBe(true);
    expect(w.stats().blocks).toBe(before.blocks + 1);
    expect(Array.from(y.dataSync())).toEqual([0, 0.5, 3, 6]);
    y.dispose();
    expect(w.stats().used).toBe(before.used);
    x.dispose();
  });

  it('values read out are copies: they do not change when the block is reused', () => {
    const y = tf.relu6(tf.tensor1d([1, 2, 3, 4]));
    const read = y.dataSync();
    expect(w.owns(read)).toBe(false);
    y.dispose();
    const z = tf.relu6(tf.tensor1d([5, 5, 5, 5])); // same size: the same block
    expect(Array.from(read)).toEqual([1, 2, 3, 4]);
    expect(Array.from(z.dataSync())).toEqual([5, 5, 5, 5]);
    z.dispose();
  });

  it('a stock kernel that returns a view of its input (a contiguous Slice) gets a copy', () => {
    const y = tf.relu6(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]));
    const s = tf.slice(y, [1, 0], [2, 2]);
    expect(w.owns(backendData(s))).toBe(false);
    y.dispose();
    const z = tf.relu6(tf.fill([3, 2], 0.25));
    expect(Array.from(s.dataSync())).toEqual([3, 4, 5, 6]);
    tf.dispose([s, z]);
  });

  it('held tensors keep their values when the memory grows (which detaches every view)', () => {
    const y = tf.relu6(tf.tensor1d([1.5, 2.5, 3.5]));
    const bytes = w.stats().memory;
    const big = tf.relu6(tf.fill([Math.ceil(bytes / 4) + 1], 1)); // larger than the whole memory
    expect(w.stats().memory).toBeGreaterThan(bytes);
    expect(w.owns(backendData(y))).toBe(true);
    expect(Array.from(y.dataSync())).toEqual([1.5, 2.5, 3.5]);
    expect(Array.from(tf.relu6(tf.neg(y)).dataSync())).toEqual([0, 0, 0]);
    tf.dispose([y, big]);
  });

  it('an operand already in the heap is read right when the call’s own allocations grow the memory', () => {
    // B in the heap, A (outside it, larger than the whole memory) copied in: that growth detaches B's view
    const b = tf.relu6(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]));
    const bt = tf.relu6(tf.tensor2d([1, 4, 2, 5, 3, 6], [3, 2]));
    for (const transposeB of [true, false]) {
      const before = w.stats().memory;
      const a = tf.fill([Math.ceil(before / 12) + 1, 3], 1);
      const c = transposeB ? tf.matMul(a, b, false, true) : tf.matMul(a, bt);
      expect(w.stats().memory).toBeGreaterThan(before);
      const v = c.dataSync();
      expect([v[0], v[1], v[v.length - 2], v[v.length - 1]]).toEqual([6, 15, 6, 15]);
      tf.dispose([a, c]);
    }
    tf.dispose([b, bt]);
  });

  it('training steps of the largest mini subnet: the same bits as the JavaScript loops; nothing held between steps, the memory bounded', () => {
    const g = largestGenome(MINI);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 3, 5, 9], 'int32'), 10).toFloat();
    const STEPS = 8;
    const used: number[] = [];
    const memory: number[] = [];
    const run = (): number[] => {
      const params = createSupernet(MINI, 1);
      const optimizer = createOptimizer('adam', params);
      const vars = subnetVariables(MINI, params, g);
      const losses: number[] = [];
      for (let i = 0; i < STEPS; i++) {
        const { value, grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(labels, forward(MINI, params, g, x)) as tf.Scalar,
          vars,
        );
        const byName = new Map<string, tf.Tensor>();
        for (const [key, v] of params) if (grads[v.name]) byName.set(key, grads[v.name] as tf.Tensor);
        optimizer.apply(byName, 1e-3);
        losses.push(at(value.dataSync(), 0));
        tf.dispose([value, ...Object.values(grads)]);
        used.push(w.stats().used);
        memory.push(w.stats().memory);
      }
      optimizer.dispose();
      disposeSupernet(params);
      return losses;
    };
    const tensors = tf.memory().numTensors;
    const before = w.stats().used;
    const inHeap = run();
    // between steps the heap holds the same (the variables and optimiser state the steps write), no more
    expect(new Set(used.slice(1)).size).toBe(1);
    // best fit places blocks a little differently from step to step; the high-water mark stays put
    expect(memory[STEPS - 1]).toBeLessThanOrEqual(1.25 * at(memory, 1));
    expect(w.stats().used).toBe(before);
    expect(tf.memory().numTensors).toBe(tensors);
    const loops = withoutWasm(run);
    expect(inHeap).toEqual(loops);
    expect(inHeap[STEPS - 1]).toBeLessThan(at(inHeap, 0));
    tf.dispose([x, labels]);
  });
});
