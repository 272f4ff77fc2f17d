import { describe, expect, it } from 'vitest';
import { SHIPPED_LESSONS } from './index.js';
import { checkLesson } from '../lessonEval.js';
import type { Lesson } from '../lesson.js';

/**
 * Every shipped lesson's claims and predictions against the estimator that draws the page: a model
 * change that falsifies a lesson fails here, one `it` per lesson, with the lesson, the step and the
 * claim named (checkLesson's failure lines).
 */
describe('shipped lessons hold on the shipped model', () => {
  it('at least seven lessons ship, with unique ids, each 4–10 steps and at least 2 predictions', () => {
    expect(SHIPPED_LESSONS.length).toBeGreaterThanOrEqual(7);
    const ids = SHIPPED_LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of SHIPPED_LESSONS) {
      expect({ id: l.id, steps: l.steps.length >= 4 && l.steps.length <= 10 }).toEqual({ id: l.id, steps: true });
      expect({ id: l.id, predictions: l.steps.filter((s) => s.predict).length >= 2 }).toEqual({ id: l.id, predictions: true });
    }
  });

  for (const lesson of SHIPPED_LESSONS) {
    it(`${lesson.id}: every claim holds and every prediction has exactly one true choice`, () => {
      const r = checkLesson(lesson);
      // the failure lines name lesson, step and claim: show them, not a bare "false"
      expect(r.failures).toEqual([]);
      expect(r.ok).toBe(true);
      // a step without claims says nothing the model checks: only a prediction may stand alone
      for (const s of lesson.steps)
        expect({ step: s.title, checked: s.claims.length > 0 || s.predict !== undefined }).toEqual({ step: s.title, checked: true });
    });
  }

  it('the topics the issue asks for are covered (by the predicates, not by the words)', () => {
    const all = JSON.stringify(SHIPPED_LESSONS);
    for (const needle of [
      '"npuRidge"',
      '"layerIntensity"',
      '"npu"',
      '"matmul"',
      '"CIM is full"',
      'cimMacros:8',
      '"handoffs"',
      '"linkUs"',
      'cimUnits:4',
      '"proxyAccuracy"',
      '"sandwichSubnets"',
      '"spaceSize"',
    ]) {
      expect(all).toContain(needle);
    }
    const targets = new Set(SHIPPED_LESSONS.flatMap((l) => l.steps.map((s) => s.target)));
    for (const t of [
      'timeline',
      'layer-table',
      'sweep',
      'macros',
      'compute-units',
      'search-settings',
      'search-run',
      'pareto',
      'hypervolume',
      'front-table',
      'training-settings',
      'training-run',
    ] as const)
      expect(targets).toContain(t);
  });
});

/** A shipped lesson with one comparison of one claim turned around. */
function flipped(lesson: Lesson, step: number, claim: number): Lesson {
  const copy = structuredClone(lesson) as { steps: { claims: { compare?: [unknown, string, unknown] }[] }[] };
  const c = copy.steps[step]?.claims[claim]?.compare;
  if (!c) throw new Error('not a compare claim');
  const turn: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };
  c[1] = turn[c[1]] ?? c[1];
  return copy as unknown as Lesson;
}

describe('an estimator change that falsifies a claim fails the lesson check, naming it', () => {
  it('flipping one comparison of a shipped lesson is reported as exactly that lesson, step and claim', () => {
    const lesson = SHIPPED_LESSONS.find((l) => l.id === 'cim-capacity');
    if (!lesson) throw new Error('cim-capacity is shipped');
    // step 5 ("Sixteen macros"), claims[4]: hetero saves more than a third of the NPU-only latency
    const r = checkLesson(flipped(lesson, 4, 4));
    expect(r.ok).toBe(false);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(
      /^lesson cim-capacity, step 5 \("Sixteen macros"\), claims\[4\] "hetero saves more than a third of the NPU-only latency": false \(40\.5 % <= 0\.3333\)$/,
    );
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, true, false, true]);
  });

  it('every compare claim of every shipped lesson, flipped, is caught (no claim is vacuous)', () => {
    let flips = 0;
    for (const lesson of SHIPPED_LESSONS) {
      lesson.steps.forEach((s, i) => {
        s.claims.forEach((c, k) => {
          if (!c.compare) return;
          const r = checkLesson(flipped(lesson, i, k));
          expect(r.failures.filter((f) => f.startsWith(`lesson ${lesson.id}, step ${i + 1} `) && f.includes(`claims[${k}]`))).toHaveLength(
            1,
          );
          flips += 1;
        });
      });
    }
    expect(flips).toBeGreaterThan(60);
  });
});
