/**
 * Evaluates a lesson's predicates with the estimator that draws the page: the page on its live
 * inputs, the CLI (`h4h lessons`, `h4h lesson check`) and the unit tests on each step's state.
 * A claim that names a layer the subnet lacks, or asks the CIM for a layer it cannot run, is false
 * with a reason — never an exception.
 */
import { pushAll } from '../numbers.js';
import { cimCapacityBytes, getSystem, hasSystem, validateSystem, type HwKey, type System } from '../hardware/hardware.js';
import { defaultGenome, getSpace, hasSpace } from '../model/spaces.js';
import { spaceSize, validateGenome } from '../model/genome.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import { estimateGenome } from '../schedule/estimate.js';
import { explainPlacement } from '../hardware/explain.js';
import { unitRidges } from '../hardware/cost.js';
import { proxyAccuracy } from '../accuracy/accuracy.js';
import { DEFAULT_TRAIN } from '../training/trainConfig.js';
import { genomeFromLink, hwFromLink } from '../record/linkCodec.js';
import { stepState, type Claim, type CompareOp, type Lesson, type LessonWith, type Predicate, type Quantity } from './lesson.js';
import type { Estimate, Genome, SearchSpace } from '../types.js';

/** What a claim is evaluated on: the page's inputs (or a step's). */
export interface LessonInputs {
  readonly space: SearchSpace;
  readonly systemId: string;
  readonly hwOverrides: Readonly<Partial<Record<HwKey, number>>>;
  readonly genome: Genome;
}

/** The page's defaults, which a step's state applies over (the store starts from the same). */
export const LESSON_DEFAULTS = { space: 'mini', hw: 'u55-mram' } as const;

export function defaultInputs(): LessonInputs {
  const space = getSpace(LESSON_DEFAULTS.space);
  return { space, systemId: LESSON_DEFAULTS.hw, hwOverrides: {}, genome: defaultGenome(space) };
}

/** `base` with link fields over it (a step's state or a quantity's `with`); each bad field is named and skipped. */
export function applyFields(base: LessonInputs, fields: LessonWith): { inputs: LessonInputs; errors: string[] } {
  const errors: string[] = [];
  let { space, systemId, hwOverrides, genome } = base;
  if (fields.space !== undefined) {
    if (hasSpace(fields.space)) {
      if (fields.space !== space.id) {
        space = getSpace(fields.space);
        genome = defaultGenome(space);
      }
    } else errors.push(`space: unknown "${fields.space.slice(0, 30)}"`);
  }
  if (fields.hw !== undefined) {
    if (hasSystem(fields.hw)) {
      systemId = fields.hw;
      hwOverrides = {};
    } else errors.push(`hw: unknown system "${fields.hw.slice(0, 30)}"`);
  }
  if (fields.hwp !== undefined) {
    const r = hwFromLink(fields.hwp, systemId);
    const merged = { ...hwOverrides, ...r.value };
    if (validateSystem({ base: systemId, ...merged }).ok) hwOverrides = merged;
    else errors.push(`hwp: "${fields.hwp.slice(0, 60)}" does not give a valid system over the others`);
    pushAll(errors, r.errors);
  }
  if (fields.g !== undefined) {
    const g = fields.g;
    if (g === 'smallest') genome = smallestGenome(space);
    else if (g === 'largest') genome = largestGenome(space);
    else if (g === 'default') genome = defaultGenome(space);
    else {
      const decoded = genomeFromLink(space.id, g);
      const valid = decoded ? validateGenome(space, decoded) : null;
      if (valid?.ok) genome = valid.value;
      else
        errors.push(
          `g: ${valid && !valid.ok ? valid.errors.slice(0, 2).join('; ') : 'not smallest, largest, default or a genome r.stem[.head]_c.d.k.e.m.types_…'}`,
        );
    }
  } else if (fields.space === undefined && genome.space !== space.id) genome = defaultGenome(space);
  return { inputs: { space, systemId, hwOverrides, genome }, errors };
}

/** The inputs of step `index` of a lesson: the defaults with the steps' states applied in order. */
export function stepInputs(lesson: Lesson, index: number): { inputs: LessonInputs; errors: string[] } {
  return applyFields(defaultInputs(), stepState(lesson, index));
}

export interface PredicateResult {
  readonly holds: boolean;
  /** what was compared, in words: "0.412 ms < 0.530 ms", "s4.b2.qk: NPU" */
  readonly detail: string;
  /** the numbers compared (left, right), for tests and the JSON report; empty for placement and bound */
  readonly values: readonly number[];
  /** why it could not be evaluated (unknown layer, no CIM cost): it then does not hold */
  readonly error?: string;
}

class ClaimError extends Error {}

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

function describe(q: Quantity, v: number): string {
  if (typeof q === 'number') return fmt(v);
  if ('ratio' in q) return `${fmt(v)}×`;
  if ('saving' in q || q.metric === 'cimWeightShare' || q.metric === 'proxyAccuracy') return `${(v * 100).toFixed(1)} %`;
  const unit = UNITS[q.metric];
  return unit ? `${fmt(v)} ${unit}` : fmt(v);
}

/**
 * An evaluator over fixed base inputs; estimates are memoised per inputs, so a lesson's claims on
 * the same configuration estimate it once.
 */
export function lessonEvaluator(base: LessonInputs): {
  evaluate: (p: Predicate | Claim) => PredicateResult;
  answers: (choices: readonly { when: Predicate }[]) => number[];
} {
  const cache = new Map<string, { est: Estimate; system: System; inputs: LessonInputs }>();
  const at = (fields: LessonWith | undefined) => {
    const key = JSON.stringify(fields ?? {});
    let hit = cache.get(key);
    if (!hit) {
      const { inputs, errors } = fields ? applyFields(base, fields) : { inputs: base, errors: [] };
      if (errors.length > 0) throw new ClaimError(`with.${errors[0] ?? ''}`);
      const v = validateSystem({ base: inputs.systemId, ...inputs.hwOverrides });
      const system = v.ok ? v.value : getSystem(inputs.systemId);
      hit = { est: estimateGenome(inputs.space, inputs.genome, system), system, inputs };
      cache.set(key, hit);
    }
    return hit;
  };
  const layerIndex = (est: Estimate, name: string): number => {
    const i = est.layers.findIndex((l) => l.name === name);
    if (i < 0)
      throw new ClaimError(
        `no layer "${name}" in this subnet (its layers: ${est.layers
          .slice(0, 4)
          .map((l) => l.name)
          .join(', ')}, …)`,
      );
    return i;
  };
  const merge = (outer: LessonWith | undefined, inner: LessonWith | undefined): LessonWith | undefined =>
    outer || inner ? { ...outer, ...inner } : undefined;

  const value = (q: Quantity, outer: LessonWith | undefined): number => {
    if (typeof q === 'number') return q;
    if ('ratio' in q) return value(q.ratio[0], outer) / value(q.ratio[1], outer);
    if ('saving' in q) return 1 - value(q.saving[0], outer) / value(q.saving[1], outer);
    const { est, system, inputs } = at(merge(outer, q.with));
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
      case 'layers': {
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
    }
  };

  const compare = (a: number, op: CompareOp, b: number): boolean => {
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
  };

  const evaluate = (p: Predicate | Claim): PredicateResult => {
    try {
      if (p.placement) {
        const { est } = at(p.with);
        const i = layerIndex(est, p.placement.layer);
        const got = est.schemas[p.placement.schema].placement[i];
        return { holds: got === p.placement.is, detail: `${p.placement.layer} under ${p.placement.schema}: ${got ?? '?'}`, values: [] };
      }
      if (p.bound) {
        const { est } = at(p.with);
        const c = est.costs[layerIndex(est, p.bound.layer)];
        const unit = p.bound.unit === 'CIM' ? c?.cim : c?.npu;
        if (!unit) throw new ClaimError(`${p.bound.layer} cannot run on the CIM (no static weights)`);
        return { holds: unit.bound === p.bound.is, detail: `${p.bound.layer} on the ${p.bound.unit}: ${unit.bound}-bound`, values: [] };
      }
      if (p.compare) {
        const [l, op, r] = p.compare;
        const a = value(l, p.with);
        const b = value(r, p.with);
        if (!Number.isFinite(a) || !Number.isFinite(b))
          return {
            holds: false,
            detail: `${describe(l, a)} ${op} ${describe(r, b)}`,
            values: [a, b],
            error: 'a quantity is not a finite number',
          };
        return { holds: compare(a, op, b), detail: `${describe(l, a)} ${op} ${describe(r, b)}`, values: [a, b] };
      }
      return { holds: false, detail: '', values: [], error: 'no predicate' };
    } catch (e) {
      if (!(e instanceof ClaimError)) throw e;
      return { holds: false, detail: e.message, values: [], error: e.message };
    }
  };

  return { evaluate, answers: (choices) => choices.flatMap((c, i) => (evaluate(c.when).holds ? [i] : [])) };
}

/** One step's verdict: each claim, and for a prediction the choices that hold (the answer). */
export interface StepCheck {
  readonly step: number;
  readonly title: string;
  readonly stateErrors: readonly string[];
  readonly claims: readonly (PredicateResult & { readonly text: string })[];
  /** indices of the prediction's choices that hold; a good prediction has exactly one */
  readonly answer: readonly number[] | null;
  readonly ok: boolean;
}

/** Evaluates every step of a lesson on its own state: what `h4h lesson check` prints. */
export function checkLesson(lesson: Lesson): {
  readonly ok: boolean;
  readonly steps: readonly StepCheck[];
  readonly failures: readonly string[];
} {
  const failures: string[] = [];
  const steps = lesson.steps.map((s, i): StepCheck => {
    const { inputs, errors } = stepInputs(lesson, i);
    const ev = lessonEvaluator(inputs);
    const claims = s.claims.map((c) => ({ text: c.text, ...ev.evaluate(c) }));
    const answer = s.predict ? ev.answers(s.predict.choices) : null;
    const where = `lesson ${lesson.id}, step ${i + 1} ("${s.title}")`;
    for (const e of errors) failures.push(`${where}: state.${e}`);
    claims.forEach((c, k) => {
      if (!c.holds) failures.push(`${where}, claims[${k}] "${c.text}": false (${c.error ?? c.detail})`);
    });
    if (answer && answer.length !== 1) {
      failures.push(
        `${where}, predict: ${answer.length === 0 ? 'no choice holds' : `choices ${answer.map((a) => a + 1).join(' and ')} all hold`}; exactly one must`,
      );
    }
    const ok = errors.length === 0 && claims.every((c) => c.holds) && (answer === null || answer.length === 1);
    return { step: i + 1, title: s.title, stateErrors: errors, claims, answer, ok };
  });
  return { ok: failures.length === 0, steps, failures };
}
