import { describe, expect, it } from 'vitest';
import { estimateGenome, genomeToLink, LESSON_DEFAULTS, stepInputs, stepState, validateSystem } from '../core';
import { SHIPPED_LESSONS } from '../core/learn/lessons/index.js';
import { fromHash, type UrlState } from './url';
import { URL_DEFAULTS } from './fixtures/urlDefaults';

const DEFAULTS: UrlState = { ...URL_DEFAULTS, space: LESSON_DEFAULTS.space, system: LESSON_DEFAULTS.hw };

/**
 * A lesson step sets the page through the link's own fields: every shipped step's state, with `g`'s
 * aliases (smallest, largest, default) written out as the genome they stand for, must read through
 * the page's link decoder without one error, and give the page the inputs the lesson's claims were
 * checked on.
 */
describe("shipped lessons: each step's state is a link the page reads without error", () => {
  for (const lesson of SHIPPED_LESSONS) {
    it(lesson.id, () => {
      lesson.steps.forEach((_, i) => {
        const state = Object.fromEntries(Object.entries(stepState(lesson, i)).filter((e): e is [string, string] => e[1] !== undefined));
        const { inputs } = stepInputs(lesson, i);
        if (state.g !== undefined) state.g = genomeToLink(inputs.genome);
        const hash = `#v=2&${new URLSearchParams(state).toString()}&end`;
        const r = fromHash(hash, DEFAULTS);
        expect({ step: i + 1, errors: r.errors }).toEqual({ step: i + 1, errors: [] });
        expect(r.state.space).toBe(inputs.space.id);
        expect(r.state.system).toBe(inputs.systemId);
        expect(r.state.hwOverrides).toEqual(inputs.hwOverrides);
        expect(r.state.genome).toEqual(inputs.genome);
        if (state.layer !== undefined) {
          // the layer a step selects is a layer of the subnet it shows
          const sys = validateSystem({ base: inputs.systemId, ...inputs.hwOverrides });
          if (!sys.ok) throw new Error(sys.errors.join('; '));
          const est = estimateGenome(inputs.space, inputs.genome, sys.value);
          expect(r.state.selectedLayer).toBe(Number(state.layer));
          expect(est.layers[Number(state.layer)]).toBeDefined();
        }
      });
    });
  }
});
