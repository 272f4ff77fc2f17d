/**
 * Fits the predictor the app ships and says how well it ranks subnets it has not seen: Kendall τ on a
 * held-out part of the supernet-measured subnets, for the shipped fit and over repeated random
 * splits, beside ranking by MACs alone (the baseline any predictor must beat).
 */
import { expandGenome, totalMacs } from '../core/layers.js';
import { fitRidge, kendallTau, predict, type AccuracySample, type Predictor } from '../core/predictor.js';
import type { Rng } from '../core/rng.js';
import type { Genome, SearchSpace } from '../core/types.js';
import type { HeldOutTau } from './shipped.js';

/** The seed of the splits the ship script uses (tests refit with it). */
export const PREDICTOR_SEED = 13;
/** Random splits behind the spread. */
export const SPLITS = 20;
/** Share of the samples held out (at least 100 where there are 400). */
export const HOLD_OUT = 0.25;

function summary(taus: readonly number[], first: number, heldOut: number): HeldOutTau {
  const mean = taus.reduce((a, b) => a + b, 0) / taus.length;
  const sd = Math.sqrt(taus.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, taus.length - 1));
  return { heldOut, kendallTau: first, splits: taus.length, mean, min: Math.min(...taus), max: Math.max(...taus), sd };
}

/** How a measured subnet was drawn (`sampleGenome` or `sampleGenomeTilted`); files before it: uniform. */
export type Sampling = 'uniform' | 'tilted';
export interface ShippedSample { readonly arch: Genome; readonly accuracy: number; readonly sampling?: Sampling }

/** The held-out τ of the predictor and of MACs alone, on the held-out subnets of one kind of sampling. */
export interface SamplingTau { readonly predictor: HeldOutTau; readonly macs: HeldOutTau }

/**
 * The shipped predictor: ridge on the one-hot genes plus log MACs and log parameters, fitted on the
 * training part of the first split; `oneHot` is the same splits with the one-hot genes alone (the
 * predictor before issue 13), for the comparison the README reports. `bySampling`: the same splits'
 * held-out subnets of each kind of sampling on their own (uniform subnets crowd the middle of the
 * space, where accuracies differ least; tilted ones span the sizes).
 */
export function fitShippedPredictor(space: SearchSpace, measured: readonly ShippedSample[], rng: Rng): {
  predictor: Predictor; validation: HeldOutTau; macBaseline: HeldOutTau; oneHot: HeldOutTau; bySampling: Partial<Record<Sampling, SamplingTau>>;
} {
  const samples: AccuracySample[] = measured.map((s) => ({ genome: s.arch, accuracy: s.accuracy }));
  const kinds = measured.map((s) => s.sampling ?? 'uniform');
  const n = samples.length;
  const nTest = Math.max(2, Math.round(n * HOLD_OUT));
  const macs = samples.map((s) => totalMacs(expandGenome(space, s.genome)));
  const taus: number[] = [];
  const macTaus: number[] = [];
  const oneHotTaus: number[] = [];
  const kindTaus: Record<Sampling, { predictor: number[]; macs: number[]; heldOut: number }> = {
    uniform: { predictor: [], macs: [], heldOut: 0 }, tilted: { predictor: [], macs: [], heldOut: 0 },
  };
  let shipped: Predictor | null = null;
  for (let split = 0; split < SPLITS; split++) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const test = order.slice(0, nTest);
    const train = order.slice(nTest).map((i) => samples[i] as AccuracySample);
    const fit = fitRidge(space, train, { numeric: true });
    const plain = fitRidge(space, train);
    const truth = test.map((i) => (samples[i] as AccuracySample).accuracy);
    const predicted = test.map((i) => predict(fit, space, (samples[i] as AccuracySample).genome));
    taus.push(kendallTau(predicted, truth));
    oneHotTaus.push(kendallTau(test.map((i) => predict(plain, space, (samples[i] as AccuracySample).genome)), truth));
    macTaus.push(kendallTau(test.map((i) => macs[i] as number), truth));
    for (const kind of ['uniform', 'tilted'] as const) {
      const at = test.map((i, k) => [i, k] as const).filter(([i]) => kinds[i] === kind);
      if (at.length < 10) continue;
      const t = at.map(([, k]) => truth[k] as number);
      kindTaus[kind].predictor.push(kendallTau(at.map(([, k]) => predicted[k] as number), t));
      kindTaus[kind].macs.push(kendallTau(at.map(([i]) => macs[i] as number), t));
      if (split === 0) kindTaus[kind].heldOut = at.length;
    }
    if (split === 0) shipped = { ...fit, kendallTau: taus[0] ?? null, heldOut: nTest, heldOutRmse: null };
  }
  const bySampling: Partial<Record<Sampling, SamplingTau>> = {};
  for (const kind of ['uniform', 'tilted'] as const) {
    const k = kindTaus[kind];
    if (k.predictor.length === SPLITS) {
      bySampling[kind] = { predictor: summary(k.predictor, k.predictor[0] as number, k.heldOut), macs: summary(k.macs, k.macs[0] as number, k.heldOut) };
    }
  }
  return {
    predictor: shipped as Predictor,
    validation: summary(taus, taus[0] as number, nTest),
    macBaseline: summary(macTaus, macTaus[0] as number, nTest),
    oneHot: summary(oneHotTaus, oneHotTaus[0] as number, nTest),
    bySampling,
  };
}
