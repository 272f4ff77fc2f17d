/**
 * Evaluates a lesson's predicates with the estimator that draws the page: the page on its live
 * inputs, the CLI (`h4h lessons`, `h4h lesson check`) and the unit tests on each step's state.
 * A claim that names a layer the subnet lacks, or asks the CIM for a layer it cannot run, is false
 * with a reason — never an exception.
 */
import { getSystem, validateSystem, type System } from '../hardware/hardware.js';
import { estimateGenome } from '../schedule/estimate.js';
import type { Claim, Lesson, LessonWith, Predicate, Quantity } from './lesson.js';
import { applyFields, stepInputs, type LessonInputs } from './lessonInputs.js';
import { ClaimError, compare, describe, layerIndex, metricValue, type Measured } from './lessonQuantity.js';
import type { Estimate } from '../types.js';

export { applyFields, defaultInputs, LESSON_DEFAULTS, stepInputs, type LessonInputs } from './lessonInputs.js';

/** The verdict on one predicate or claim. */
export interface PredicateResult {
  readonly holds: boolean;
  /** what was compared, in words: "0.412 ms < 0.530 ms", "s4.b2.qk: NPU" */
  readonly detail: string;
  /** the numbers compared (left, right), for tests and the JSON report; empty for placement and bound */
  readonly values: readonly number[];
  /** why it could not be evaluated (unknown layer, no CIM cost): it then does not hold */
  readonly error?: string;
}

/** Whether the layer of a `placement` predicate is placed where it says. */
function placementResult(est: Estimate, p: NonNullable<Predicate['placement']>): PredicateResult {
  const i = layerIndex(est, p.layer);
  const got = est.schemas[p.schema].placement[i];
  return { holds: got === p.is, detail: `${p.layer} under ${p.schema}: ${got ?? '?'}`, values: [] };
}

/** Whether the layer of a `bound` predicate is bound, on its unit, by what it says. */
function boundResult(est: Estimate, p: NonNullable<Predicate['bound']>): PredicateResult {
  const c = est.costs[layerIndex(est, p.layer)];
  const unit = p.unit === 'CIM' ? c?.cim : c?.npu;
  if (!unit) throw new ClaimError(`${p.layer} cannot run on the CIM (no static weights)`);
  return { holds: unit.bound === p.is, detail: `${p.layer} on the ${p.unit}: ${unit.bound}-bound`, values: [] };
}

/** `compare`'s verdict on its two values; a quantity that is not a finite number makes it false. */
function compareResult([l, op, r]: NonNullable<Predicate['compare']>, a: number, b: number): PredicateResult {
  const detail = `${describe(l, a)} ${op} ${describe(r, b)}`;
  if (!Number.isFinite(a) || !Number.isFinite(b))
    return { holds: false, detail, values: [a, b], error: 'a quantity is not a finite number' };
  return { holds: compare(a, op, b), detail, values: [a, b] };
}

const merge = (outer: LessonWith | undefined, inner: LessonWith | undefined): LessonWith | undefined =>
  outer || inner ? { ...outer, ...inner } : undefined;

/**
 * An evaluator over fixed base inputs; estimates are memoised per inputs, so a lesson's claims on
 * the same configuration estimate it once.
 */
export function lessonEvaluator(base: LessonInputs): {
  evaluate: (p: Predicate | Claim) => PredicateResult;
  answers: (choices: readonly { when: Predicate }[]) => number[];
} {
  const cache = new Map<string, Measured>();
  const at = (fields: LessonWith | undefined): Measured => {
    const key = JSON.stringify(fields ?? {});
    let hit = cache.get(key);
    if (!hit) {
      const { inputs, errors } = fields ? applyFields(base, fields) : { inputs: base, errors: [] };
      if (errors.length > 0) throw new ClaimError(`with.${errors[0] ?? ''}`);
      const v = validateSystem({ base: inputs.systemId, ...inputs.hwOverrides });
      const system: System = v.ok ? v.value : getSystem(inputs.systemId);
      hit = { est: estimateGenome(inputs.space, inputs.genome, system), system, inputs };
      cache.set(key, hit);
    }
    return hit;
  };

  const value = (q: Quantity, outer: LessonWith | undefined): number => {
    if (typeof q === 'number') return q;
    if ('ratio' in q) return value(q.ratio[0], outer) / value(q.ratio[1], outer);
    if ('saving' in q) return 1 - value(q.saving[0], outer) / value(q.saving[1], outer);
    return metricValue(q, at(merge(outer, q.with)));
  };

  const evaluate = (p: Predicate | Claim): PredicateResult => {
    try {
      if (p.placement) return placementResult(at(p.with).est, p.placement);
      if (p.bound) return boundResult(at(p.with).est, p.bound);
      if (p.compare) return compareResult(p.compare, value(p.compare[0], p.with), value(p.compare[2], p.with));
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
