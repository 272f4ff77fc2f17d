import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { totalMacs, totalParams } from '../core/model/layers.js';
import { expandModel, validateModel, type ModelDescription, type ModelOp } from '../core/model/model.js';
import type { Layer } from '../core/types.js';
import { importOnnx, onnx } from './onnx.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(`src/import/fixtures/${name}`));
/** Everything of a layer but its name: what the estimator reads. */
const costed = (l: Layer) => ({
  kind: l.kind,
  macs: l.macs,
  weights: l.weights,
  weightBytes: l.weightBytes,
  inBytes: l.inBytes,
  outBytes: l.outBytes,
  staticWeights: l.staticWeights,
  shape: l.shape,
});
/** A description expanded with float32 weights and activations (4 bytes), as the files store them. */
function expand(model: ModelDescription): Layer[] {
  const r = validateModel(model);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return expandModel(r.value, { weight: 4, act: 4 });
}

describe('.onnx import: real files (ONNX\'s "light" models)', () => {
  it('SqueezeNet 1.1: fire modules are branches joined by Concat — the same layers as its description with `concat`', () => {
    const net = importOnnx(fixture('light_squeezenet.onnx'), 'squeezenet');
    const fire = (s: number, e: number): ModelOp[] => [
      { op: 'pw', c: s },
      { op: 'concat', branches: [[{ op: 'pw', c: e }], [{ op: 'conv', k: 3, c: e }]] },
    ];
    const pool: ModelOp = { op: 'pool', k: 3, s: 2, padding: 'valid' };
    const description: ModelDescription = {
      name: 'squeezenet1.1',
      input: [224, 224, 3],
      layers: [
        { op: 'conv', k: 3, s: 2, c: 64, padding: 'valid' },
        pool,
        ...fire(16, 64),
        ...fire(16, 64),
        pool,
        ...fire(32, 128),
        ...fire(32, 128),
        pool,
        ...fire(48, 192),
        ...fire(48, 192),
        ...fire(64, 256),
        ...fire(64, 256),
        { op: 'pw', c: 1000 },
        { op: 'pool' },
        { op: 'softmax' },
      ],
    };
    expect(net.layers.map(costed)).toEqual(expand(description).map(costed));
    // SqueezeNet 1.1 has 1,235,496 parameters, 3,944 of them biases
    expect(totalParams(net.layers)).toBe(1_235_496 - 3_944);
    expect(net.unsupported).toEqual([]);
    expect(net.bytes).toEqual({ weight: 4, act: 4 });
  });

  it('BVLC AlexNet: grouped convolutions and local response normalisation — the same layers as its description', () => {
    const net = importOnnx(fixture('light_bvlc_alexnet.onnx'), 'alexnet');
    const description: ModelDescription = {
      name: 'alexnet',
      input: [224, 224, 3],
      layers: [
        { op: 'conv', k: 11, s: 4, c: 96, padding: 'valid' },
        { op: 'norm' },
        { op: 'pool', k: 3, s: 2, padding: 'valid' },
        { op: 'conv', k: 5, c: 256, groups: 2 },
        { op: 'norm' },
        { op: 'pool', k: 3, s: 2, padding: 'valid' },
        { op: 'conv', k: 3, c: 384 },
        { op: 'conv', k: 3, c: 384, groups: 2 },
        { op: 'conv', k: 3, c: 256, groups: 2 },
        { op: 'pool', k: 3, s: 2 },
        { op: 'fc', c: 4096 },
        { op: 'fc', c: 4096 },
        { op: 'fc', c: 1000 },
        { op: 'softmax' },
      ],
    };
    expect(net.layers.map(costed)).toEqual(expand(description).map(costed));
    // AlexNet (the grouped original): 60,965,224 parameters, 10,568 of them biases
    expect(totalParams(net.layers)).toBe(60_965_224 - 10_568);
  });

  it('ResNet-50: 25,502,912 weights (25,557,032 parameters less 53,120 of BatchNorm and 1,000 biases), 4,089,184,256 MACs', () => {
    const net = importOnnx(fixture('light_resnet50.onnx'), 'resnet50');
    expect(totalParams(net.layers)).toBe(25_557_032 - 53_120 - 1_000);
    expect(totalMacs(net.layers)).toBe(4_089_184_256);
    expect(net.layers.filter((l) => l.kind === 'eltwise')).toHaveLength(16); // the residual sums
    expect(net.passThrough).toMatchObject({ BatchNormalization: 53, Relu: 49 });
    expect(net.unsupported).toEqual([]);
  });

  it('refuses what is not ONNX and damaged files with a message, never a crash (300 corruptions)', () => {
    expect(() => importOnnx(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'x')).toThrow(/^onnx: /);
    const bytes = fixture('light_squeezenet.onnx');
    let seed = 11;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 300; k++) {
      const bad = bytes.slice(0, k % 3 === 0 ? 2000 + (next() % 12000) : bytes.length);
      for (let j = 0; j < 6; j++) bad[next() % bad.length] = next() % 256;
      try {
        const net = importOnnx(bad, 'x');
        for (const l of net.layers) expect(Number.isFinite(l.macs) && l.macs >= 0, `corruption ${k}`).toBe(true);
      } catch (e) {
        expect((e as Error).message, `corruption ${k}`).toMatch(/^onnx: /);
      }
    }
  });
});

/** Writes an ONNX model of the given nodes with protobufjs (onnx-proto's ModelProto.encode). */
function model(spec: {
  inputs: [string, number[]][];
  initializers: [string, number[], number[]?][];
  nodes: { op: string; inputs: string[]; outputs: string[]; name?: string; attrs?: Record<string, number | number[]> }[];
}): Uint8Array {
  const tensor = (name: string, dims: number[], ints?: number[]) =>
    ints
      ? { name, dims, dataType: 7, int64Data: ints }
      : { name, dims, dataType: 1, rawData: new Uint8Array(4 * dims.reduce((a, b) => a * b, 1)) };
  const attribute = (name: string, v: number | number[]) =>
    Array.isArray(v) ? { name, type: 7, ints: v } : name === 'value_float' ? { name, type: 1, f: v } : { name, type: 2, i: v };
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'fixture',
      input: spec.inputs.map(([name, dims]) => ({
        name,
        type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
      })),
      initializer: spec.initializers.map(([name, dims, ints]) => tensor(name, dims, ints)),
      node: spec.nodes.map((n, i) => ({
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        name: n.name ?? `n${i}`,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
    },
  }).finish();
}

describe('.onnx import: fixtures written with protobufjs', () => {
  it('a transformer block as exporters write it: shapes computed by Shape/Gather/Concat, MatMul of activations, LayerNorm, Softmax; an unsupported operator named, and what depends on it', () => {
    const net = importOnnx(
      model({
        inputs: [['x', [1, 16, 32]]],
        initializers: [
          ['wq', [32, 32]],
          ['wk', [32, 32]],
          ['one', [1], [1]],
          ['heads', [2], [2, 16]],
          ['perm_unused', [1], [0]],
        ],
        nodes: [
          { op: 'LayerNormalization', inputs: ['x'], outputs: ['n'] },
          { op: 'MatMul', inputs: ['n', 'wq'], outputs: ['q'] },
          { op: 'MatMul', inputs: ['n', 'wk'], outputs: ['k'] },
          { op: 'Shape', inputs: ['q'], outputs: ['qs'] },
          { op: 'Gather', inputs: ['qs', 'one'], outputs: ['tokens'] },
          { op: 'Concat', inputs: ['tokens', 'heads'], outputs: ['target'], attrs: { axis: 0 } },
          { op: 'Reshape', inputs: ['q', 'target'], outputs: ['qh'] }, // [16, 2, 16]
          { op: 'Reshape', inputs: ['k', 'target'], outputs: ['kh'] },
          { op: 'Transpose', inputs: ['qh'], outputs: ['qt'], attrs: { perm: [1, 0, 2] } }, // [2, 16, 16]
          { op: 'Transpose', inputs: ['kh'], outputs: ['kt'], attrs: { perm: [1, 2, 0] } }, // [2, 16, 16]
          { op: 'MatMul', inputs: ['qt', 'kt'], outputs: ['scores'] }, // [2, 16, 16]
          { op: 'Softmax', inputs: ['scores'], outputs: ['p'], attrs: { axis: -1 } },
          { op: 'NonMaxSuppression', inputs: ['p'], outputs: ['nms'], name: 'odd_one' },
          { op: 'Relu', inputs: ['nms'], outputs: ['after'] },
          { op: 'Conv', inputs: ['x', 'w1d'], outputs: ['c1'], name: 'needs_a_weight' },
        ],
      }),
      'block',
    );
    expect(net.layers.map((l) => [l.name, l.kind, l.macs, l.weights])).toEqual([
      ['0.layernormalization', 'norm', 0, 0],
      ['1.matmul', 'linear', 16 * 32 * 32, 32 * 32],
      ['2.matmul', 'linear', 16 * 32 * 32, 32 * 32],
      ['8.transpose', 'eltwise', 0, 0],
      ['9.transpose', 'eltwise', 0, 0],
      ['10.matmul', 'matmul', 2 * 16 * 16 * 16, 0],
      ['11.softmax', 'softmax', 0, 0],
    ]);
    expect(net.unsupported).toEqual([
      { index: 12, op: 'NonMaxSuppression', node: 'odd_one' },
      { index: 13, op: 'Relu', node: 'n13' },
      { index: 14, op: 'Conv', node: 'needs_a_weight' },
    ]);
    expect(net.passThrough).toEqual({ Reshape: 2 });
  });

  it('computations on constant weights keep their shapes; 1-D and ceil-mode pools; Unsqueeze from the end; Shape with start; ReduceMean over every axis', () => {
    const layers = (spec: Parameters<typeof model>[0]) => importOnnx(model(spec), 'x');
    // a transposed constant weight is still a weight: a linear layer of 640 MACs
    const t = layers({
      inputs: [['x', [1, 64]]],
      initializers: [['w', [10, 64]]],
      nodes: [
        { op: 'Transpose', inputs: ['w'], outputs: ['wt'], attrs: { perm: [1, 0] } },
        { op: 'MatMul', inputs: ['x', 'wt'], outputs: ['y'] },
      ],
    });
    expect(t.layers.map((l) => [l.kind, l.macs, l.weights])).toEqual([['linear', 640, 640]]);
    // a bias unsqueezed to [64, 1, 1] broadcasts over the map without changing it
    const u = layers({
      inputs: [['x', [1, 64, 7, 7]]],
      initializers: [
        ['b', [64]],
        ['w', [8, 64, 1, 1]],
      ],
      nodes: [
        { op: 'Unsqueeze', inputs: ['b'], outputs: ['b3'], attrs: { axes: [1, 2] } },
        { op: 'Add', inputs: ['x', 'b3'], outputs: ['z'] },
        { op: 'Conv', inputs: ['z', 'w'], outputs: ['y'] },
      ],
    });
    expect(u.layers.map((l) => [l.kind, l.shape.hOut, l.shape.wOut, l.shape.cOut])).toEqual([
      ['eltwise', 7, 7, 64],
      ['pwconv', 7, 7, 8],
    ]);
    // 1-D pools; ceil mode drops a last window that would start in the padding (5, k 2, s 2, pads 1: 3)
    const p = layers({
      inputs: [
        ['x', [1, 8, 100]],
        ['v', [1, 8, 5]],
      ],
      initializers: [],
      nodes: [
        { op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs: { kernel_shape: [2], strides: [2] } },
        { op: 'AveragePool', inputs: ['v'], outputs: ['z'], attrs: { kernel_shape: [2], strides: [2], pads: [1, 1], ceil_mode: 1 } },
      ],
    });
    expect(p.layers.map((l) => [l.kind, l.shape.hOut, l.shape.wOut, l.shape.cOut])).toEqual([
      ['pool', 1, 50, 8],
      ['pool', 1, 3, 8],
    ]);
    // negative Unsqueeze axes count from the end of the output: [1, 4, 5] → [1, 4, 5, 1, 1]
    const n = layers({
      inputs: [['x', [1, 4, 5]]],
      initializers: [],
      nodes: [
        { op: 'Unsqueeze', inputs: ['x'], outputs: ['y'], attrs: { axes: [-2, -1] } },
        { op: 'Transpose', inputs: ['y'], outputs: ['z'], attrs: { perm: [0, 1, 2, 3, 4] } },
      ],
    });
    expect(n.layers[0]?.shape.cOut).toBe(5);
    // Shape with start (opset 15) builds a Reshape target; ReduceMean without axes reduces all of them
    const sh = layers({
      inputs: [['x', [1, 16, 32]]],
      initializers: [['w', [32, 8]]],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'], attrs: { start: 1 } },
        { op: 'Reshape', inputs: ['x', 's'], outputs: ['r'] },
        { op: 'MatMul', inputs: ['r', 'w'], outputs: ['y'] },
        { op: 'ReduceMean', inputs: ['y'], outputs: ['m'], attrs: { keepdims: 0 } },
      ],
    });
    expect(sh.layers.map((l) => [l.kind, l.macs, l.outBytes])).toEqual([
      ['linear', 16 * 32 * 8, 4 * 16 * 8],
      ['eltwise', 0, 4],
    ]);
    // a float Constant feeds on (no cascade); a 3-D convolution is named, not misread as 1-D
    const c = layers({
      inputs: [['x', [1, 4, 8, 16, 16]]],
      initializers: [['w', [8, 4, 3, 3, 3]]],
      nodes: [
        { op: 'Constant', inputs: [], outputs: ['one'], attrs: { value_float: 1 } },
        { op: 'Sub', inputs: ['one', 'x'], outputs: ['d'] },
        { op: 'Conv', inputs: ['d', 'w'], outputs: ['y'], name: 'conv3d' },
      ],
    });
    expect(c.layers.map((l) => l.kind)).toEqual(['eltwise']);
    expect(c.unsupported).toEqual([{ index: 2, op: 'Conv', node: 'conv3d' }]);
  });

  it('a 1-D convolution (wav2letter-style: [batch, channels, frames]) with explicit padding and stride', () => {
    const net = importOnnx(
      model({
        inputs: [['x', [1, 39, 296]]],
        initializers: [['w', [250, 39, 48]]],
        nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [2], pads: [23, 23], kernel_shape: [48] } }],
      }),
      'w2l',
    );
    expect(net.layers[0]).toMatchObject({ kind: 'conv', macs: 148 * 48 * 39 * 250, weights: 48 * 39 * 250 });
    expect(net.layers[0]?.shape).toMatchObject({ hOut: 1, wOut: 148, kh: 1, kw: 48, sw: 2 });
    expect(net.input).toEqual({ h: 1, w: 296, c: 39 });
  });
});
