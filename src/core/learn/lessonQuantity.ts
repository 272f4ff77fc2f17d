/**
 * The quantities a lesson's claims compare: each metric read off an estimate (of a schema, of the
 * network, of one layer, or a count of layers), and how a value is written in a claim's detail.
 * A quantity that cannot be read throws a `ClaimError`, which the evaluator turns into a false claim.
 */
import { cimCapacityBytes, type System } from '../hardware/hardware.js';
import { spaceSize } from '../model/genome.js';
import { explainPlacement } from '../hardware/explain.js';
import { unitRidges } from '../hardware/roofline.js';
import { proxyAccuracy } from '../accuracy/accuracy.js';
import { DEFAULT_TRAIN } from '../training/trainConfig.js';
import type { CompareOp, Quantity } from './lesson.js';
import type { LessonInputs } from './lessonInputs.js';
import type { Estimate } from '../types.js';

/** Why a claim could not be evaluated (an unknown layer, no CIM cost): the claim is then false with it. */
export class ClaimError extends Error {}

const UNITS: Partial<Record<string, string>> = {
  latencyMs: 'ms',
  energyUj: 'µJ',
  dynamicUj: 'µJ',
  staticUj: 'µJ',
  cimWeightBytes: 'B',
  linkUs: 'µs',
  weightBytes: 'B',
  cimCapacityBytes: 'B',
  npuRidge: 'MAC/B',
  cimRidge: 'MAC/B',
  layerTimeUs: 'µs',
  layerIntensity: 'MAC/B',
  layerWeightBytes: 'B',
  layerMacs: 'MACs',
  macs: 'MACs',
};

const fmt = (x: number): string => (Number.isInteger(x) ? x.toLocaleString('en-US') : Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

/** A value of `q` as a claim's detail shows it: with its unit, a share in %, a ratio with ×. */
export function describe(q: Quantity, v: number): string {
  if (typeof q === 'number') return fmt(v);
  if ('ratio' in q) return `${fmt(v)}×`;
  if ('saving' in q || q.metric === 'cimWeightShare' || q.metric === 'proxyAccuracy') return `${(v * 100).toFixed(1)} %`;
  const unit = UNITS[q.metric];
  return unit ? `${fmt(v)} ${unit}` : fmt(v);
}

/** The index of the layer named `name` in the estimate; a `ClaimError` naming the first layers when there is none. */
export function layerIndex(est: Estimate, name: string): number {
  const i = est.layers.findIndex((l) => l.name === name);
  if (i < 0)
    throw new ClaimError(
      `no layer "${name}" in this subnet (its layers: ${est.layers
        .slice(0, 4)
        .map((l) => l.name)
        .join(', ')}, …)`,
    );
  return i;
}

/** A quantity read off one estimate: not a number, a ratio or a saving. */
export type Metric = Exclude<Quantity, number | { readonly ratio: unknown } | { readonly saving: unknown }>;

/** What a metric is read from: the estimate of its inputs, their system and the inputs themselves. */
export interface Measured {
  readonly est: Estimate;
  readonly system: System;
  readonly inputs: LessonInputs;
}

/** The value of metric `q` on `m`. */
export function metricValue(q: Metric, { est, system, inputs }: Measured): number {
  const hw = system.params;
  switch (q.metric) {
    case 'latencyMs':
    case 'energyUj':
    case 'dynamicUj':
    case 'staticUj':
    case 'cimWeightBytes':
      return est.schemas[q.schema][q.metric];
    case 'cimWeightShare':
      return est.schemas[q.schema].cimWeightBytes / est.layers.reduce((a, l) => a + l.weightBytes, 0);
    case 'handoffs':
      return est.schemas[q.schema].timeline.filter((e) => e.unit === 'LINK').length;
    case 'linkUs':
      return est.schemas[q.schema].timeline.filter((e) => e.unit === 'LINK').reduce((a, e) => a + (e.endUs - e.startUs), 0);
    case 'macs':
      return est.macs;
    case 'params':
      return est.params;
    case 'weightBytes':
      return est.layers.reduce((a, l) => a + l.weightBytes, 0);
    case 'layerCount':
      return est.layers.length;
    case 'cimCapacityBytes':
      return cimCapacityBytes(hw);
    case 'npuRidge':
      return unitRidges(hw).npuWeights;
    case 'cimRidge':
      return unitRidges(hw).cim;
    case 'spaceSize':
      return Number(spaceSize(inputs.space));
    case 'proxyAccuracy':
      return proxyAccuracy(inputs.space, inputs.genome, est.layers);
    case 'sandwichSubnets':
      return 2 + DEFAULT_TRAIN.randomSubnets;
    case 'layerTimeUs': {
      const c = est.costs[layerIndex(est, q.layer)];
      const unit = q.unit === 'CIM' ? c?.cim : c?.npu;
      if (!unit) throw new ClaimError(`${q.layer} cannot run on the CIM (no static weights)`);
      return unit.timeUs;
    }
    case 'layerIntensity':
      return est.costs[layerIndex(est, q.layer)]?.intensity ?? NaN;
    case 'layerWeightBytes':
      return est.layers[layerIndex(est, q.layer)]?.weightBytes ?? NaN;
    case 'layerMacs':
      return est.layers[layerIndex(est, q.layer)]?.macs ?? NaN;
    case 'layers':
      return countLayers(q, est, hw);
  }
}

/** How many layers pass the filter of a `layers` quantity (placement and reason need its schema). */
function countLayers(q: Extract<Metric, { readonly metric: 'layers' }>, est: Estimate, hw: System['params']): number {
  const w = q.where ?? {};
  if ((w.placement !== undefined || w.reason !== undefined) && q.schema === undefined)
    throw new ClaimError('a count by placement or reason needs a "schema"');
  const result = q.schema ? est.schemas[q.schema] : null;
  const reasons = w.reason !== undefined && result ? explainPlacement(est.layers, est.costs, result, hw) : null;
  return est.layers.filter((l, i) => {
    const c = est.costs[i];
    if (w.kind !== undefined && l.kind !== w.kind) return false;
    if (w.group !== undefined && l.group !== w.group) return false;
    if (w.staticWeights !== undefined && l.staticWeights !== w.staticWeights) return false;
    if (w.npuBound !== undefined && c?.npu.bound !== w.npuBound) return false;
    if (w.placement !== undefined && result?.placement[i] !== w.placement) return false;
    if (reasons && w.reason !== undefined && !(reasons[i] ?? '').includes(w.reason)) return false;
    return true;
  }).length;
}

/** The comparison `a op b`. */
export function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
