/**
 * Fits the predictor the app ships and says how well it ranks subnets it has not seen: Kendall τ on a
 * held-out part of the supernet-measured subnets, for the shipped fit and over repeated random
 * splits, beside ranking by MACs alone (the baseline any predictor must beat).
 */
import { maxOf, minOf, pushAll } from '../core/numbers.js';
import { expandGenome, totalMacs } from '../core/model/layers.js';
import { fitKernel, fitRidge, kendallTau, predict, type AccuracySample, type Predictor } from '../core/accuracy/predictor.js';
import type { Rng } from '../core/rng.js';
import type { Genome, SearchSpace } from '../core/types.js';
import type { HeldOutTau } from './shipped.js';

/** The seed of the splits the ship script uses (tests refit with it). */
export const PREDICTOR_SEED = 13;
/** Random splits behind the spread. */
export const SPLITS = 20;
/** Share of each kind of sampled subnets held out in each random split. */
export const HOLD_OUT = 0.25;

function summary(taus: readonly number[], first: number, heldOut: number): HeldOutTau {
  const mean = taus.reduce((a, b) => a + b, 0) / taus.length;
  const sd = Math.sqrt(taus.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, taus.length - 1));
  return { heldOut, kendallTau: first, splits: taus.length, mean, min: minOf(taus), max: maxOf(taus), sd };
}

/** How a measured subnet was drawn (`sampleGenome` or `sampleGenomeTilted`); files before it: uniform. */
export type Sampling = 'uniform' | 'tilted';
export interface ShippedSample {
  readonly arch: Genome;
  readonly accuracy: number;
  readonly sampling?: Sampling;
}

/** The held-out τ of the predictor and of MACs alone, on the held-out subnets of one kind of sampling. */
export interface SamplingTau {
  readonly predictor: HeldOutTau;
  readonly macs: HeldOutTau;
}

/**
 * The shipped predictor: kernel ridge (`fitKernel`) on the one-hot genes plus log MACs and log
 * parameters, fitted on all the measured subnets; `validation` is its held-out τ over `splits`
 * random 75/25 splits of them (stratified by sampling), each refitted on its 75 %; `testShippedPredictor`
 * scores it on subnets measured apart, never fitted on. For the comparison the README reports,
 * the same splits with a ridge on the same features (`ridge`) and on the one-hot genes alone
 * (`oneHot`, the predictor before issue 13), and MACs alone. `bySampling`: the same splits' held-out
 * subnets of each kind of sampling on their own (uniform subnets crowd the middle of the space, where
 * accuracies differ least; tilted ones span the sizes).
 */
export function fitShippedPredictor(
  space: SearchSpace,
  measured: readonly ShippedSample[],
  rng: Rng,
  splits = SPLITS,
): {
  predictor: Predictor;
  validation: HeldOutTau;
  macBaseline: HeldOutTau;
  ridge: HeldOutTau;
  oneHot: HeldOutTau;
  bySampling: Partial<Record<Sampling, SamplingTau>>;
} {
  const samples: AccuracySample[] = measured.map((s) => ({ genome: s.arch, accuracy: s.accuracy }));
  const kinds = measured.map((s) => s.sampling ?? 'uniform');
  // each kind of sampling is held out in the same share (stratified), so a split holds out as many of each
  const byKind = (['uniform', 'tilted'] as const).map((kind) =>
    measured.flatMap((s, i) => ((s.sampling ?? 'uniform') === kind ? [i] : [])),
  );
  const heldOutOf = (count: number): number => Math.min(count, Math.max(2, Math.round(count * HOLD_OUT)));
  const nTest = byKind.reduce((acc, idx) => acc + heldOutOf(idx.length), 0);
  const macs = samples.map((s) => totalMacs(expandGenome(space, s.genome)));
  const taus: number[] = [];
  const macTaus: number[] = [];
  const oneHotTaus: number[] = [];
  const ridgeTaus: number[] = [];
  const kindTaus: Record<Sampling, { predictor: number[]; macs: number[]; heldOut: number }> = {
    uniform: { predictor: [], macs: [], heldOut: 0 },
    tilted: { predictor: [], macs: [], heldOut: 0 },
  };
  for (let split = 0; split < splits; split++) {
    const test: number[] = [];
    const rest: number[] = [];
    for (const idx of byKind) {
      if (idx.length === 0) continue;
      const order = [...idx];
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const k = heldOutOf(order.length);
      pushAll(test, order.slice(0, k));
      pushAll(rest, order.slice(k));
    }
    const train = rest.sort((a, b) => a - b).map((i) => samples[i] as AccuracySample);
    const fit = fitKernel(space, train);
    const linear = fitRidge(space, train, { numeric: true });
    const plain = fitRidge(space, train);
    const truth = test.map((i) => (samples[i] as AccuracySample).accuracy);
    const predicted = test.map((i) => predict(fit, space, (samples[i] as AccuracySample).genome));
    taus.push(kendallTau(predicted, truth));
    ridgeTaus.push(
      kendallTau(
        test.map((i) => predict(linear, space, (samples[i] as AccuracySample).genome)),
        truth,
      ),
    );
    oneHotTaus.push(
      kendallTau(
        test.map((i) => predict(plain, space, (samples[i] as AccuracySample).genome)),
        truth,
      ),
    );
    macTaus.push(
      kendallTau(
        test.map((i) => macs[i] as number),
        truth,
      ),
    );
    for (const kind of ['uniform', 'tilted'] as const) {
      const at = test.map((i, k) => [i, k] as const).filter(([i]) => kinds[i] === kind);
      if (at.length < 10) continue;
      const t = at.map(([, k]) => truth[k] as number);
      kindTaus[kind].predictor.push(
        kendallTau(
          at.map(([, k]) => predicted[k] as number),
          t,
        ),
      );
      kindTaus[kind].macs.push(
        kendallTau(
          at.map(([i]) => macs[i] as number),
          t,
        ),
      );
      if (split === 0) kindTaus[kind].heldOut = at.length;
    }
  }
  const bySampling: Partial<Record<Sampling, SamplingTau>> = {};
  for (const kind of ['uniform', 'tilted'] as const) {
    const k = kindTaus[kind];
    if (k.predictor.length === splits) {
      bySampling[kind] = {
        predictor: summary(k.predictor, k.predictor[0] as number, k.heldOut),
        macs: summary(k.macs, k.macs[0] as number, k.heldOut),
      };
    }
  }
  return {
    predictor: fitKernel(space, samples),
    validation: summary(taus, taus[0] as number, nTest),
    macBaseline: summary(macTaus, macTaus[0] as number, nTest),
    ridge: summary(ridgeTaus, ridgeTaus[0] as number, nTest),
    oneHot: summary(oneHotTaus, oneHotTaus[0] as number, nTest),
    bySampling,
  };
}

/** The shipped predictor's τ on a test set measured apart (never fitted on), beside MACs alone. */
export interface TestTau {
  readonly subnets: number;
  readonly kendallTau: number;
  readonly macs: number;
  readonly bySampling: Partial<Record<Sampling, { readonly subnets: number; readonly kendallTau: number; readonly macs: number }>>;
}

export function testShippedPredictor(space: SearchSpace, predictor: Predictor, test: readonly ShippedSample[]): TestTau {
  const score = (set: readonly ShippedSample[]): { subnets: number; kendallTau: number; macs: number } => {
    const truth = set.map((s) => s.accuracy);
    return {
      subnets: set.length,
      kendallTau: kendallTau(
        set.map((s) => predict(predictor, space, s.arch)),
        truth,
      ),
      macs: kendallTau(
        set.map((s) => totalMacs(expandGenome(space, s.arch))),
        truth,
      ),
    };
  };
  const bySampling: TestTau['bySampling'] = {};
  for (const kind of ['uniform', 'tilted'] as const) {
    const set = test.filter((s) => (s.sampling ?? 'uniform') === kind);
    if (set.length >= 10) bySampling[kind] = score(set);
  }
  return { ...score(test), bySampling };
}
