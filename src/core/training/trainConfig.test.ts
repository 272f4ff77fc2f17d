/**
 * The training settings: the learning-rate schedule at known steps (warm-up, cosine, constant), the
 * two-phase boundary, the sandwich a step samples, and the config hash that checkpoints carry.
 */
import { describe, expect, it } from 'vitest';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import { sampleGenome } from '../model/genome.js';
import { MINI } from '../model/spaces.js';
import { createRng } from '../rng.js';
import {
  DEFAULT_TRAIN,
  HASHED_FIELDS,
  learningRateAt,
  mbOnly,
  mbOnlyGenomeAt,
  phaseAt,
  sandwich,
  trainConfigHash,
  validateTrainConfig,
  type TrainConfig,
} from './trainConfig.js';

const cfg = (over: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN, ...over });

describe('learningRateAt', () => {
  // defaults: 600 steps, lr 0.003, 20 warm-up steps (under a tenth of the run), cosine
  it('warms up linearly over the first 20 steps: lr·(step + 1)/21', () => {
    expect(learningRateAt(cfg(), 0)).toBeCloseTo(0.003 / 21, 15);
    expect(learningRateAt(cfg(), 9)).toBeCloseTo((0.003 * 10) / 21, 15);
    expect(learningRateAt(cfg(), 19)).toBeCloseTo((0.003 * 20) / 21, 15);
  });
  it('then decays by a cosine from the full rate to 0 at the last step', () => {
    expect(learningRateAt(cfg(), 20)).toBe(0.003);
    expect(learningRateAt(cfg(), 20 + 290)).toBeCloseTo(0.0015, 15); // halfway through the 580 decay steps
    expect(learningRateAt(cfg(), 20 + 145)).toBeCloseTo(0.003 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(learningRateAt(cfg(), 600)).toBe(0);
    expect(learningRateAt(cfg(), 10_000)).toBe(0); // past the end: clamped
  });
  it('holds the rate after the warm-up when constant', () => {
    const c = cfg({ schedule: 'constant' });
    expect(learningRateAt(c, 19)).toBeCloseTo((0.003 * 20) / 21, 15);
    expect(learningRateAt(c, 20)).toBe(0.003);
    expect(learningRateAt(c, 599)).toBe(0.003);
  });
  it('caps the warm-up at a tenth of a short run', () => {
    const c = cfg({ steps: 50, warmupSteps: 20, learningRate: 0.01 });
    expect(learningRateAt(c, 4)).toBeCloseTo((0.01 * 5) / 6, 15);
    expect(learningRateAt(c, 5)).toBe(0.01);
    expect(learningRateAt(cfg({ warmupSteps: 0 }), 0)).toBe(0.003);
  });
});

describe('phaseAt', () => {
  it('is 1 for the first phase1Share of the steps, then 2', () => {
    expect(phaseAt(cfg(), 0)).toBe(1);
    expect(phaseAt(cfg(), 299)).toBe(1);
    expect(phaseAt(cfg(), 300)).toBe(2);
    expect(phaseAt(cfg({ phase1Share: 0.25 }), 149)).toBe(1);
    expect(phaseAt(cfg({ phase1Share: 0.25 }), 150)).toBe(2);
  });
  it('is always 2 in single-phase training', () => {
    expect(phaseAt(cfg({ twoPhase: false }), 0)).toBe(2);
  });
});

describe('sandwich', () => {
  it('phase 2: largest, smallest, then the random subnets drawn in order from the rng', () => {
    const members = sandwich(MINI, cfg(), 300, createRng(5));
    expect(members.map((m) => m.role)).toEqual(['largest', 'smallest', 'random', 'random']);
    expect(members[0]?.genome).toEqual(largestGenome(MINI));
    expect(members[1]?.genome).toEqual(smallestGenome(MINI));
    const rng = createRng(5);
    expect(members.slice(2).map((m) => m.genome)).toEqual([sampleGenome(MINI, rng), sampleGenome(MINI, rng)]);
  });
  it('phase 1: the MBConv-only extremes and MBConv-only random subnets, same draws', () => {
    const members = sandwich(MINI, cfg({ randomSubnets: 3 }), 0, createRng(5));
    expect(members.map((m) => m.role)).toEqual(['largest', 'smallest', 'random', 'random', 'random']);
    expect(members[0]?.genome).toEqual(mbOnlyGenomeAt(MINI, 'max'));
    expect(members[1]?.genome).toEqual(mbOnlyGenomeAt(MINI, 'min'));
    const rng = createRng(5);
    expect(members.slice(2).map((m) => m.genome)).toEqual([1, 2, 3].map(() => mbOnly(sampleGenome(MINI, rng))));
    for (const m of members) expect(m.genome.stages.flatMap((s) => s.t).every((t) => t === 'mb')).toBe(true);
  });
  it('mbOnlyGenomeAt takes every ordered gene at its max (min), with depth-many MBConv blocks', () => {
    const max = mbOnlyGenomeAt(MINI, 'max');
    expect(max.r).toBe(28);
    expect(max.stem).toBe(16);
    expect(max.stages.map((s) => [s.c, s.d, s.k, s.e, s.t.length])).toEqual([
      [16, 2, 5, 2, 2],
      [24, 3, 5, 4, 3],
      [32, 3, 5, 4, 3],
      [48, 3, 5, 4, 3],
    ]);
    const min = mbOnlyGenomeAt(MINI, 'min');
    expect([min.r, min.stem, ...min.stages.map((s) => s.d)]).toEqual([20, 8, 1, 1, 1, 1]);
  });
});

describe('trainConfigHash', () => {
  it('is pinned for the defaults (checkpoints written with it must keep loading)', () => {
    expect(trainConfigHash(DEFAULT_TRAIN)).toBe('b27ece0c');
  });
  it('is the same for an equal config built separately', () => {
    expect(trainConfigHash(JSON.parse(JSON.stringify(DEFAULT_TRAIN)) as TrainConfig)).toBe(trainConfigHash(DEFAULT_TRAIN));
  });
  it('changes with every hashed field', () => {
    const changed: Record<(typeof HASHED_FIELDS)[number], unknown> = {
      space: 'nasvit',
      dataset: 'mnist',
      steps: 601,
      seed: 2,
      optimizer: 'sgd',
      learningRate: 0.0031,
      schedule: 'constant',
      warmupSteps: 21,
      randomSubnets: 3,
      distill: false,
      labelSmoothing: 0.2,
      twoPhase: false,
      phase1Share: 0.4,
      batch: 32,
    };
    const hashes = new Set([trainConfigHash(DEFAULT_TRAIN)]);
    for (const field of HASHED_FIELDS) {
      const h = trainConfigHash({ ...DEFAULT_TRAIN, [field]: changed[field] });
      expect(hashes.has(h), field).toBe(false);
      hashes.add(h);
    }
  });
  it('ignores evaluation and checkpoint cadence, which may change on resume', () => {
    const h = trainConfigHash(DEFAULT_TRAIN);
    expect(trainConfigHash(cfg({ evalEvery: 7, checkpointEvery: 3, evalImages: 10, calibrationImages: 9 }))).toBe(h);
  });
});

describe('validateTrainConfig', () => {
  it('fills the defaults and names the field of a bad value', () => {
    expect(validateTrainConfig({ steps: 100 })).toEqual({ ok: true, value: cfg({ steps: 100 }) });
    const bad = validateTrainConfig({ batch: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('\n')).toMatch(/^train\.batch: /);
  });
});
