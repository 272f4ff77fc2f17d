import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN, trainConfigHash } from '../core/training/trainConfig.js';
import {
  CHECKPOINT_FORMAT,
  decodeCheckpoint,
  decodeSafetensors,
  decodeSupernet,
  encodeCheckpoint,
  encodeSafetensors,
  encodeSupernet,
  sha256Hex,
} from './checkpointFile.js';
import type { Checkpoint } from './trainer.js';

const checkpoint: Checkpoint = {
  version: 1,
  space: 'mini',
  dataset: 'fashion-mnist',
  configHash: trainConfigHash(DEFAULT_TRAIN),
  config: DEFAULT_TRAIN,
  step: 2,
  variables: [
    { name: 'stem.w', shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 0, -0, 1e-30) },
    { name: 'head.fc.bias', shape: [3], data: Float32Array.of(0.25, 0.5, 0.75) },
  ],
  optimizer: {
    kind: 'adam',
    t: 2,
    slots: [{ name: 'stem.w/m', shape: [2, 3], data: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6) }],
    counts: { 'stem.w': 2 },
  },
  history: {
    steps: [
      { step: 0, phase: 1, lr: 0.001, roles: ['largest', 'smallest'], losses: [2.3, 2.31] },
      { step: 1, phase: 1, lr: 0.002, roles: ['largest', 'smallest'], losses: [2.2, 2.3] },
    ],
    evals: [{ step: 2, largest: 0.5, smallest: 0.25 }],
  },
};

/** Rewrites the JSON header of a safetensors file (data unchanged). */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  edit(header);
  const tensors: { name: string; shape: number[]; data: Float32Array }[] = [];
  const data = bytes.subarray(8 + n);
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      shape,
      data_offsets: [a, b],
    } = e as { shape: number[]; data_offsets: [number, number] };
    tensors.push({ name, shape, data: new Float32Array(data.slice(a, b).buffer) });
  }
  return encodeSafetensors(tensors, header.__metadata__ as Record<string, string>);
}

describe('checkpoint files (safetensors layout)', () => {
  it('a training checkpoint comes back whole: values bit for bit, optimiser, history, config', () => {
    const bytes = encodeCheckpoint(checkpoint);
    // the data starts 8-byte aligned, as the format recommends
    expect((8 + new DataView(bytes.buffer).getUint32(0, true)) % 8).toBe(0);
    const back = decodeCheckpoint(bytes);
    expect(back).toEqual(checkpoint);
    expect(Object.is(back.variables[0]?.data[4], -0)).toBe(true);
  });

  it('is plain safetensors: the tensors by name, F32 little-endian, the metadata as strings', () => {
    const { tensors, metadata } = decodeSafetensors(encodeCheckpoint(checkpoint));
    expect([...tensors.keys()]).toEqual(['param/stem.w', 'param/head.fc.bias', 'opt/stem.w/m']);
    expect(metadata.format).toBe(CHECKPOINT_FORMAT);
    expect(JSON.parse(metadata.config as string)).toEqual(DEFAULT_TRAIN);
  });

  it('weights only for shipping: a third of the size, readable as weights from either kind', () => {
    const full = encodeCheckpoint(checkpoint);
    const weights = encodeSupernet(checkpoint, 'npm run -s h4h -- train');
    expect(weights.length).toBeLessThan(full.length);
    const w = decodeSupernet(weights);
    expect(w.variables).toEqual(checkpoint.variables);
    expect(w.command).toBe('npm run -s h4h -- train');
    expect(decodeSupernet(full).variables).toEqual(checkpoint.variables);
    expect(() => decodeCheckpoint(weights)).toThrow('holds weights only (h4h-supernet/1), no optimiser state to resume');
  });

  it('SHA-256 is the standard digest', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  const good = encodeCheckpoint(checkpoint);
  const cases: [string, () => Uint8Array, string][] = [
    ['too short', () => good.subarray(0, 5), 'too short for a safetensors file'],
    [
      'header longer than the file',
      () => {
        const b = good.slice();
        new DataView(b.buffer).setUint32(0, 10 ** 6, true);
        return b;
      },
      'does not fit the file',
    ],
    [
      'header not JSON',
      () => {
        const b = good.slice();
        b[9] = 0x7b;
        b[10] = 0x7b;
        return b;
      },
      'the header is not JSON',
    ],
    [
      'a dtype other than F32',
      () => {
        // same length, so the byte ranges still hold
        const b = good.slice();
        const at = new TextDecoder().decode(b).indexOf('"F32"');
        b.set(new TextEncoder().encode('"F16"'), at);
        return b;
      },
      'tensor param/stem.w: dtype "F16", only F32 is read',
    ],
    [
      'a byte range that does not match its shape',
      () =>
        withHeader(good, (h) => {
          (h['param/stem.w'] as { shape: number[] }).shape = [2, 4];
        }),
      'tensor param/stem.w: bytes',
    ],
    [
      'a NaN weight',
      () => {
        const b = good.slice();
        const n = new DataView(b.buffer).getUint32(0, true);
        new DataView(b.buffer).setFloat32(8 + n, NaN, true);
        return b;
      },
      'value 0 is NaN',
    ],
    [
      'no format',
      () =>
        withHeader(good, (h) => {
          delete (h.__metadata__ as Record<string, string>).format;
        }),
      'metadata "format" is missing',
    ],
    [
      'a step beyond the run',
      () =>
        withHeader(good, (h) => {
          (h.__metadata__ as Record<string, string>).step = '1000000';
        }),
      'metadata "step" must be a whole number 0–600',
    ],
    [
      'a negative step',
      () =>
        withHeader(good, (h) => {
          (h.__metadata__ as Record<string, string>).step = '-5';
        }),
      'metadata "step" must be a whole number',
    ],
    [
      'a config out of range',
      () =>
        withHeader(good, (h) => {
          (h.__metadata__ as Record<string, string>).config = JSON.stringify({ ...DEFAULT_TRAIN, batch: 0 });
        }),
      'train.batch',
    ],
    [
      'a malformed history',
      () =>
        withHeader(good, (h) => {
          (h.__metadata__ as Record<string, string>).history = '{"steps":[{"step":0}],"evals":[]}';
        }),
      'history step 0: must be',
    ],
    [
      'an unknown tensor',
      () =>
        withHeader(good, (h) => {
          h['other/x'] = h['param/head.fc.bias'];
        }),
      'tensor other/x: expected param/… or opt/…',
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`refuses ${what}, saying what is wrong`, () => {
      expect(() => decodeCheckpoint(bytes(), 'run.ckpt')).toThrow(message);
      expect(() => decodeCheckpoint(bytes(), 'run.ckpt')).toThrow(/^run\.ckpt: /);
    });
  }
});
