/**
 * A step's claims and its prediction's answer, evaluated by core (`lessonEvaluator`) on the page's
 * LIVE inputs — the space, the edited hardware and the genome in the store — so a learner who changes
 * the hardware sees a claim turn false. Memoised on the inputs and the step; never stored.
 */
import { getSpace, lessonEvaluator, type Lesson, type PredicateResult } from '../core';
import type { AppState } from './store';

export interface ClaimView extends PredicateResult {
  readonly text: string;
}

export interface StepView {
  readonly claims: readonly ClaimView[];
  /** the prediction's choices whose predicate holds (a good step has exactly one); null without a prediction */
  readonly answers: readonly number[] | null;
}

let last: { key: unknown[]; view: StepView } | null = null;

export function selectStepView(
  app: Pick<AppState, 'spaceId' | 'systemId' | 'hwOverrides' | 'genome'>,
  lesson: Lesson,
  index: number,
): StepView {
  const key = [lesson, index, app.spaceId, app.systemId, app.hwOverrides, app.genome];
  if (last && last.key.every((k, i) => k === key[i])) return last.view;
  const step = lesson.steps[index];
  const ev = lessonEvaluator({ space: getSpace(app.spaceId), systemId: app.systemId, hwOverrides: app.hwOverrides, genome: app.genome });
  const view: StepView = {
    claims: (step?.claims ?? []).map((c) => ({ text: c.text, ...ev.evaluate(c) })),
    answers: step?.predict ? ev.answers(step.predict.choices) : null,
  };
  last = { key, view };
  return view;
}
