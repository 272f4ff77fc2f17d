import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN, trainConfigHash } from '../core/training/trainConfig.js';
import { checkpointDefect, checkpointFitDefect, shown } from './checkpointCheck.js';
import { decodeCheckpoint, encodeCheckpoint, encodeSafetensors } from './checkpointFile.js';
import type { Checkpoint } from './trainer.js';

const config = { ...DEFAULT_TRAIN, steps: 7000 };
const good: Checkpoint = {
  version: 1,
  space: 'mini',
  dataset: 'fashion-mnist',
  configHash: trainConfigHash(config),
  config,
  step: 2,
  variables: [
    { name: 'stem.w', shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 0, -0, 1e-30) },
    { name: 'head.fc.bias', shape: [3], data: Float32Array.of(0.25, 0.5, 0.75) },
  ],
  optimizer: {
    kind: 'adam',
    t: 2,
    slots: [
      { name: 'stem.w/m', shape: [2, 3], data: new Float32Array(6) },
      { name: 'stem.w/v', shape: [2, 3], data: new Float32Array(6) },
    ],
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
const shapes = new Map<string, readonly number[]>([
  ['stem.w', [2, 3]],
  ['head.fc.bias', [3]],
]);
const PROTO = Object.getOwnPropertyNames(Object.prototype);

describe('checkpoint validation', () => {
  it('passes a well-formed checkpoint that fits its supernet', () => {
    expect(checkpointDefect(good)).toBeNull();
    expect(checkpointFitDefect(good, shapes, 'mini')).toBeNull();
  });

  it.each([
    ['step −5', { step: -5 }, 'checkpoint step: -5 (must be a whole number from 0 to 7000)'],
    ['step 2.5', { step: 2.5 }, 'checkpoint step: 2.5 (must be a whole number from 0 to 7000)'],
    ['step Infinity', { step: Infinity }, 'checkpoint step: Infinity (must be a whole number from 0 to 7000)'],
    ['step as text', { step: '2' }, 'checkpoint step: "2" (must be a whole number from 0 to 7000)'],
    [
      'a config edited under its hash',
      { config: { ...config, seed: 9 } },
      `checkpoint configHash: "${trainConfigHash(config)}" does not match its config (${trainConfigHash({ ...config, seed: 9 })})`,
    ],
    [
      'a config missing a field',
      { config: Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'batch')) },
      'checkpoint config: batch missing',
    ],
    [
      'an optimiser of the other kind',
      { optimizer: { ...good.optimizer, kind: 'sgd' } },
      'checkpoint optimizer.kind: "sgd" (its config trains with "adam")',
    ],
    [
      'an update count above the updates',
      { optimizer: { ...good.optimizer, counts: { 'stem.w': 3 } } },
      'checkpoint optimizer.counts "stem.w": 3 (must be a whole number from 0 to 2, the updates made)',
    ],
    [
      'a slot named oddly',
      { optimizer: { ...good.optimizer, slots: [{ name: 'stem.w', shape: [1], data: new Float32Array(1) }] } },
      'checkpoint optimizer slot "stem.w": must be <variable>/m or <variable>/v',
    ],
    [
      'data not float32',
      { variables: [{ name: 'stem.w', shape: [2], data: [1, 2] }] },
      'checkpoint variable 0 "stem.w": data must be float32 values, got a list of 2',
    ],
    ['a variable twice', { variables: [good.variables[1], good.variables[1]] }, 'checkpoint variable "head.fc.bias": appears twice'],
    [
      'values short of the shape',
      { variables: [{ name: 'stem.w', shape: [2, 3], data: new Float32Array(5) }] },
      'checkpoint variable 0 "stem.w": 5 values, its shape [2, 3] holds 6',
    ],
    [
      'an evaluation with accuracy 85',
      { history: { ...good.history, evals: [{ step: 2, largest: 85, smallest: 0.2 }] } },
      'checkpoint history.evals[0].largest: 85 (must be an accuracy from 0 to 1)',
    ],
    [
      'a history longer than the steps done',
      { history: { steps: [...good.history.steps, ...good.history.steps], evals: [] } },
      'checkpoint history.steps: 4 entries for 2 steps done',
    ],
    [
      'an unknown role',
      { history: { steps: [{ ...good.history.steps[0], roles: ['toString', 'smallest'] }], evals: [] } },
      'checkpoint history.steps[0].roles: must be a list of largest, smallest, random, got a list of 2',
    ],
    ['a 10 MB space id', { space: 'x'.repeat(1e7) }, `checkpoint space: must be text of 1–200 characters, got "${'x'.repeat(40)}…"`],
  ])('%s is refused with the field named', (_, edit, message) => {
    expect(checkpointDefect({ ...good, ...edit })).toBe(message);
  });

  it('names a missing variable, a misshapen one, and counts for variables the supernet lacks', () => {
    expect(checkpointFitDefect(good, new Map([...shapes, ['s2.b1.mb.dw', [3, 3, 8, 1]]]), 'mini')).toBe(
      'checkpoint: variable "s2.b1.mb.dw" missing (the mini supernet has 3, the checkpoint 2)',
    );
    expect(
      checkpointFitDefect(
        good,
        new Map([
          ['stem.w', [3, 2]],
          ['head.fc.bias', [3]],
        ]),
        'mini',
      ),
    ).toBe('checkpoint: variable "stem.w" has shape [2, 3], the mini supernet\'s is [3, 2]');
    expect(checkpointFitDefect({ ...good, optimizer: { ...good.optimizer, counts: { constructor: 1 } } }, shapes, 'mini')).toBe(
      'checkpoint: optimizer.counts "constructor" names no variable of the mini supernet',
    );
  });

  it('says what was given: NaN, Infinity, text shortened, never "null" for a number', () => {
    expect([NaN, -Infinity, Number('1e400'), -5].map(shown)).toEqual(['NaN', '-Infinity', 'Infinity', '-5']);
  });

  it('anything at all, prototype names included, is a named refusal or a pass, never a throw', () => {
    const key = fc.oneof(fc.constantFrom(...PROTO, ...Object.keys(good)), fc.string());
    const junk = fc.oneof(
      fc.anything(),
      fc.constantFrom(NaN, Infinity, -1, Number('1e400'), 2 ** 53, '', null, [], {}, Float32Array.of(NaN)),
    );
    fc.assert(
      fc.property(fc.dictionary(key, junk), fc.boolean(), (edit, onTop) => {
        const c = onTop ? { ...good, ...edit } : edit;
        const d = checkpointDefect(c);
        expect(d === null || /^checkpoint[ :]/.test(d)).toBe(true);
        if (d === null) expect(checkpointFitDefect(c as unknown as Checkpoint, shapes, 'mini') ?? '').toMatch(/^(checkpoint: |$)/);
      }),
      { numRuns: 2000 },
    );
  });

  it('a checkpoint file with bytes changed, or crafted metadata, is read whole and valid or refused by name, never a raw TypeError', () => {
    const bytes = encodeCheckpoint(good);
    const refusedOrValid = (b: Uint8Array): void => {
      try {
        expect(checkpointDefect(decodeCheckpoint(b, 'f.ckpt'))).toBeNull();
      } catch (e) {
        expect((e as Error).constructor).toBe(Error);
        expect((e as Error).message).toMatch(/^f\.ckpt: /);
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const b = bytes.slice();
          for (const [at, v] of edits) b[at] = v;
          refusedOrValid(b);
        },
      ),
      { numRuns: 1500 },
    );
    const meta = {
      format: 'h4h-checkpoint/1',
      space: 'mini',
      dataset: 'fashion-mnist',
      configHash: good.configHash,
      config: JSON.stringify(config),
      step: '2',
      optimizer: JSON.stringify({ kind: 'adam', t: 2, counts: {} }),
      history: JSON.stringify(good.history),
    };
    const junk = fc.oneof(
      fc.constantFrom(
        'NaN',
        '-5',
        '1e9',
        '2.5',
        'null',
        '[]',
        '{}',
        '{"__proto__":{"x":1}}',
        '{"kind":"adam","t":2,"counts":{"toString":1}}',
        '{"steps":[null],"evals":[]}',
        '{"steps":"x","evals":[]}',
      ),
      fc.json(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(meta)), junk, (key, value) => {
        refusedOrValid(
          encodeSafetensors(
            good.variables.map((v) => ({ ...v, name: `param/${v.name}` })),
            { ...meta, [key]: value },
          ),
        );
      }),
      { numRuns: 1500 },
    );
  });
});
