import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { totalMacs, totalParams } from '../core/model/layers.js';
import { expandModel, validateModel, type ModelDescription, type ModelOp } from '../core/model/model.js';
import type { Layer } from '../core/types.js';
import { importTflite, isTflite } from './tflite.js';
import { buildTflite, type FixtureOp, type FixtureTensor } from './tfliteFixture.js';

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

function expand(model: ModelDescription): Layer[] {
  const r = validateModel(model);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return expandModel(r.value);
}

describe('.tflite import: a real file', () => {
  const bytes = new Uint8Array(readFileSync('src/import/fixtures/kws_micronet_m.tflite'));

  it('MicroNet-M (keyword spotting, int8): the same layer list and totals as the network written as a description', () => {
    expect(isTflite(bytes)).toBe(true);
    const net = importTflite(bytes, 'kws_micronet_m');
    const ds = (c: number, s = 1): ModelOp[] => [
      { op: 'dw', k: 3, s },
      { op: 'pw', c },
    ];
    const description: ModelDescription = {
      name: 'kws_micronet_m',
      input: [49, 10, 1],
      layers: [
        { op: 'conv', kh: 10, kw: 4, c: 140 },
        ...ds(140, 2),
        ...ds(140),
        ...ds(140),
        ...ds(112),
        ...ds(196),
        { op: 'pool' },
        { op: 'pw', c: 12 },
      ],
    };
    const want = expand(description);
    expect(net.input).toEqual({ h: 49, w: 10, c: 1 });
    expect(net.layers.map(costed)).toEqual(want.map(costed));
    expect([totalMacs(net.layers), totalParams(net.layers)]).toEqual([15_556_352, 110_432]);
    expect(net.bytes).toEqual({ weight: 1, act: 1 });
    expect(net.unsupported).toEqual([]);
    expect(net.passThrough).toEqual({ RESHAPE: 1 });
    expect(net.layers[0]?.name).toBe('0.conv_2d');
  });

  it('refuses what is not a TFLite file, a truncated one and one over the size limit, saying which', () => {
    expect(() => importTflite(new TextEncoder().encode('{"name": "x"}'), 'x')).toThrow(
      'tflite: not a TensorFlow Lite file (no "TFL3" identifier at byte 4)',
    );
    for (const cut of [4000, 20_000, 120_000])
      expect(() => importTflite(bytes.subarray(0, cut), 'x'), `cut at ${cut}`).toThrow(/^tflite: the file is damaged/);
    // 300 corruptions of random bytes: each read or refused with a message, none crashes or hangs
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 300; k++) {
      const bad = bytes.slice();
      for (let j = 0; j < 8; j++) bad[8 + (next() % 4000)] = next() % 256;
      try {
        const net = importTflite(bad, 'x');
        for (const l of net.layers) expect(Number.isFinite(l.macs) && l.macs >= 0, `corruption ${k}`).toBe(true);
      } catch (e) {
        expect((e as Error).message, `corruption ${k}`).toMatch(/^tflite: /);
      }
    }
    const big = new Uint8Array(64 * 2 ** 20 + 1);
    expect(() => importTflite(big, 'x')).toThrow('tflite: 67,108,865 bytes, at most 67,108,864 (64 MiB)');
  });
});

describe('.tflite import: fixtures built with the generated builders', () => {
  it('rectangular kernels and strides, a channel multiplier, dilation, pooling, fully connected, matmul of activations; unsupported operators named', () => {
    const t: FixtureTensor[] = [
      { name: 'input', shape: [1, 49, 10, 1] }, // 0
      { name: 'conv/w', shape: [8, 10, 4, 1], bytes: 320 }, // 1
      { name: 'conv/out', shape: [1, 25, 10, 8] }, // 2: 10×4, stride (2, 1), same
      { name: 'dw/w', shape: [1, 3, 3, 16], bytes: 144 }, // 3
      { name: 'dw/out', shape: [1, 25, 10, 16] }, // 4: multiplier 2 → a grouped convolution
      { name: 'dil/w', shape: [16, 3, 3, 16], bytes: 2304 }, // 5
      { name: 'dil/out', shape: [1, 21, 6, 16] }, // 6: dilation 2, valid: 25 − 4 = 21, 10 − 4 = 6
      { name: 'pool/out', shape: [1, 10, 3, 16] }, // 7: max pool 2×2 stride 2 valid
      { name: 'shape', shape: [2], type: 2, ints: [30, 16] }, // 8
      { name: 'tokens', shape: [30, 16] }, // 9: reshape (a view)
      { name: 'fc/w', shape: [24, 16], bytes: 384 }, // 10
      { name: 'fc/out', shape: [30, 24] }, // 11: 30 tokens, 16 → 24
      { name: 'scores', shape: [1, 30, 30] }, // 12: bmm of fc/out by itself transposed
      { name: 'probs', shape: [1, 30, 30] }, // 13
      { name: 'lstm/out', shape: [1, 30, 30] }, // 14
      { name: 'mean/axes', shape: [1], type: 2, ints: [1] }, // 15
      { name: 'mean/out', shape: [1, 30] }, // 16
      { name: 'custom/out', shape: [1, 30] }, // 17
    ];
    const ops: FixtureOp[] = [
      { code: 3, inputs: [0, 1], outputs: [2], options: { kind: 'conv', padding: 0, sh: 2, sw: 1 } },
      { code: 4, inputs: [2, 3], outputs: [4], options: { kind: 'dw', padding: 0, sh: 1, sw: 1, multiplier: 2 } },
      { code: 21, inputs: [4], outputs: [4] }, // RELU6: folded
      { code: 3, inputs: [4, 5], outputs: [6], options: { kind: 'conv', padding: 1, sh: 1, sw: 1, dilation: 2 } },
      { code: 17, inputs: [6], outputs: [7], options: { kind: 'pool', padding: 1, sh: 2, sw: 2, kh: 2, kw: 2 } },
      { code: 22, inputs: [7, 8], outputs: [9] },
      { code: 9, inputs: [9, 10], outputs: [11] },
      { code: 126, inputs: [11, 11], outputs: [12], options: { kind: 'bmm', adjX: false, adjY: true } },
      { code: 25, inputs: [12], outputs: [13] },
      { code: 16, inputs: [13], outputs: [14] }, // LSTM: not supported
      { code: 40, inputs: [14, 15], outputs: [16] }, // MEAN over the tokens: a pass, not a pool
      { code: 32, custom: 'ethos-u', inputs: [16], outputs: [17] },
    ];
    const net = importTflite(buildTflite({ name: 'fixture', tensors: t, ops, inputs: [0], outputs: [17] }), 'fixture');
    expect(
      net.layers.map((l) => [
        l.name,
        l.kind,
        l.macs,
        l.weights,
        l.shape.hOut,
        l.shape.wOut,
        l.shape.cOut,
        l.shape.kh,
        l.shape.kw,
        l.shape.sh,
        l.shape.sw,
        l.shape.groups,
      ]),
    ).toEqual([
      ['0.conv_2d', 'conv', 25 * 10 * 10 * 4 * 8, 320, 25, 10, 8, 10, 4, 2, 1, 1],
      ['1.depthwise_conv_2d', 'conv', 25 * 10 * 9 * 16, 144, 25, 10, 16, 3, 3, 1, 1, 8],
      ['3.conv_2d', 'conv', 21 * 6 * 9 * 16 * 16, 2304, 21, 6, 16, 3, 3, 1, 1, 1],
      ['4.max_pool_2d', 'pool', 0, 0, 10, 3, 16, 2, 2, 2, 2, 1],
      ['6.fully_connected', 'linear', 30 * 16 * 24, 384, 1, 1, 24, 1, 1, 1, 1, 1],
      ['7.batch_matmul', 'matmul', 30 * 24 * 30, 0, 1, 1, 30, 0, 0, 1, 1, 1],
      ['8.softmax', 'softmax', 0, 0, 1, 30, 30, 0, 0, 1, 1, 1],
      ['10.mean', 'eltwise', 0, 0, 1, 1, 30, 0, 0, 1, 1, 1],
    ]);
    expect(net.layers[5]?.staticWeights).toBe(false);
    expect(net.unsupported).toEqual([
      { index: 9, op: 'LSTM', node: 'lstm/out' },
      { index: 11, op: 'CUSTOM ethos-u', node: 'custom/out' },
    ]);
    expect(net.passThrough).toEqual({ RELU6: 1, RESHAPE: 1 });
    expect(net.input).toEqual({ h: 49, w: 10, c: 1 });
  });

  it('bytes per weight and activation from the tensor types (float32 weights: 4 bytes each)', () => {
    const net = importTflite(
      buildTflite({
        name: 'f32',
        inputs: [0],
        outputs: [2],
        tensors: [
          { name: 'x', shape: [1, 8, 8, 3], type: 0 },
          { name: 'w', shape: [4, 3, 3, 3], type: 0, bytes: 432 },
          { name: 'y', shape: [1, 8, 8, 4], type: 0 },
        ],
        ops: [{ code: 3, inputs: [0, 1], outputs: [2], options: { kind: 'conv', padding: 0, sh: 1, sw: 1 } }],
      }),
      'f32',
    );
    expect(net.layers[0]).toMatchObject({ weights: 108, weightBytes: 432, inBytes: 4 * 192, outBytes: 4 * 256 });
    expect(net.bytes).toEqual({ weight: 4, act: 4 });
  });
});
