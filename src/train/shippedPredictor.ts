/**
 * Fits the predictor the app ships and says how well it ranks subnets it has not seen: Kendall τ on a
 * held-out part of the supernet-measured subnets, for the shipped fit and over repeated random
 * splits, beside ranking by MACs alone (the baseline any predictor must beat).
 */
import { at } from '../core/at.js';
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

const SAMPLINGS = ['uniform', 'tilted'] as const;
/** How many of `count` subnets of one kind of sampling a split holds out. */
const heldOutOf = (count: number): number => Math.min(count, Math.max(2, Math.round(count * HOLD_OUT)));

/**
 * One random split of the measured subnets (indices by kind of sampling): each kind shuffled and the
 * first `heldOutOf` of it held out (`test`), so a split holds out the same share of each; `train` in
 * index order.
 */
function randomSplit(byKind: readonly (readonly number[])[], rng: Rng): { test: number[]; train: number[] } {
  const test: number[] = [];
  const rest: number[] = [];
  for (const idx of byKind) {
    if (idx.length === 0) continue;
    const order = [...idx];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [at(order, j), at(order, i)];
    }
    const k = heldOutOf(order.length);
    pushAll(test, order.slice(0, k));
    pushAll(rest, order.slice(k));
  }
  return { test, train: rest.sort((a, b) => a - b) };
}

/** The held-out τ of one split: the shipped fit, the two ridges and MACs, and each kind's own. */
interface SplitTaus {
  readonly predictor: number;
  readonly ridge: number;
  readonly oneHot: number;
  readonly macs: number;
  readonly byKind: Partial<Record<Sampling, { readonly predictor: number; readonly macs: number; readonly heldOut: number }>>;
}

function splitTaus(
  space: SearchSpace,
  samples: readonly AccuracySample[],
  kinds: readonly Sampling[],
  macs: readonly number[],
  split: { test: number[]; train: number[] },
): SplitTaus {
  const { test } = split;
  const train = split.train.map((i) => samples[i] as AccuracySample);
  const held = test.map((i) => samples[i] as AccuracySample);
  const truth = held.map((s) => s.accuracy);
  const tauOf = (p: Predictor): number =>
    kendallTau(
      held.map((s) => predict(p, space, s.genome)),
      truth,
    );
  const fit = fitKernel(space, train);
  const predicted = held.map((s) => predict(fit, space, s.genome));
  const ridge = tauOf(fitRidge(space, train, { numeric: true }));
  const oneHot = tauOf(fitRidge(space, train));
  const testMacs = test.map((i) => at(macs, i));
  const byKind: SplitTaus['byKind'] = {};
  for (const kind of SAMPLINGS) {
    const rows = test.flatMap((i, k) => (kinds[i] === kind ? [k] : []));
    if (rows.length < 10) continue;
    const t = rows.map((k) => at(truth, k));
    byKind[kind] = {
      predictor: kendallTau(
        rows.map((k) => at(predicted, k)),
        t,
      ),
      macs: kendallTau(
        rows.map((k) => at(testMacs, k)),
        t,
      ),
      heldOut: rows.length,
    };
  }
  return { predictor: kendallTau(predicted, truth), ridge, oneHot, macs: kendallTau(testMacs, truth), byKind };
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
  const byKind = SAMPLINGS.map((kind) => kinds.flatMap((k, i) => (k === kind ? [i] : [])));
  const nTest = byKind.reduce((acc, idx) => acc + heldOutOf(idx.length), 0);
  const macs = samples.map((s) => totalMacs(expandGenome(space, s.genome)));
  const all = Array.from({ length: splits }, () => splitTaus(space, samples, kinds, macs, randomSplit(byKind, rng)));
  const summed = (taus: readonly number[]): HeldOutTau => summary(taus, at(taus, 0), nTest);
  const bySampling: Partial<Record<Sampling, SamplingTau>> = {};
  for (const kind of SAMPLINGS) {
    const per = all.flatMap((s) => s.byKind[kind] ?? []);
    const first = all[0]?.byKind[kind];
    if (per.length !== splits || !first) continue;
    const predictor = per.map((k) => k.predictor);
    const macTaus = per.map((k) => k.macs);
    bySampling[kind] = { predictor: summary(predictor, first.predictor, first.heldOut), macs: summary(macTaus, first.macs, first.heldOut) };
  }
  return {
    predictor: fitKernel(space, samples),
    validation: summed(all.map((s) => s.predictor)),
    macBaseline: summed(all.map((s) => s.macs)),
    ridge: summed(all.map((s) => s.ridge)),
    oneHot: summed(all.map((s) => s.oneHot)),
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
