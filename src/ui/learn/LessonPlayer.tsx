/**
 * The lesson player, a "textbook" card beside the page (a bottom sheet on a phone): the step's title
 * (focused on each step change), text, task, prediction and claims, and the way through. Loaded
 * lazily with the lessons. Text only: nothing of a lesson is rendered as HTML.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LESSON_TARGETS, type LessonTarget } from '../../core';
import { exitLesson, nextStep, prevStep } from '../../state/lessonPlay';
import { focusWhenRendered } from '../navigate';
import { useLessons } from '../../state/lessons';
import { selectStepView } from '../../state/lessonView';
import { useApp } from '../../state/store';
import { Claims } from './Claims';
import { highlightTarget } from './highlight';
import { Prediction } from './Prediction';
import './learn.css';

export default function LessonPlayer() {
  const active = useLessons((s) => s.active);
  const inputs = useApp(useShallow((s) => ({ spaceId: s.spaceId, systemId: s.systemId, hwOverrides: s.hwOverrides, genome: s.genome })));
  // on a phone the sheet can fold to its title and buttons, to see more of the page
  const [folded, setFolded] = useState(false);
  const lesson = active?.lesson;
  const index = active?.index ?? 0;
  const step = lesson?.steps[index];
  const key = lesson && step ? `${lesson.id}:${index}` : null;

  // predict before revealing: the numbers of the element a prediction step points at are veiled
  // (blurred, learn.css) until the learner has answered
  const veiled = Boolean(step?.predict) && !(active?.revealed ?? false);
  const { titleRef, shown } = useStepMarks(key, step, veiled);

  if (!active || !lesson || !step) return null;
  const last = index + 1 === lesson.steps.length;
  // leaving the lesson (Exit, or Finish on the last step): focus goes back to its button in the Learn panel
  const leave = (finish: boolean): void => {
    if (finish) nextStep();
    else exitLesson();
    focusWhenRendered(`[data-testid="lesson-start-${CSS.escape(lesson.id)}"]`);
  };
  const view = selectStepView(inputs, lesson, index);
  const name = `predict-${lesson.id}-${index}`;
  const claimsShown = !step.predict || active.revealed;
  return (
    <aside
      className="lesson-player"
      aria-label={`Lesson: ${lesson.title}`}
      data-testid="lesson-player"
      data-lesson={lesson.id}
      data-step={index + 1}
      data-steps={lesson.steps.length}
      data-target={step.target}
      data-highlight={shown === key ? 'done' : 'pending'}
      data-veiled={veiled}
    >
      <LessonHead title={lesson.title} index={index} steps={lesson.steps.length} folded={folded} onFold={() => setFolded(!folded)} />
      <h2 className="lesson-step-title" tabIndex={-1} ref={titleRef} data-testid="lesson-step-title">
        {step.title}
      </h2>
      <div id="lesson-body" className="lesson-body" hidden={folded}>
        <p className="lesson-pointer">
          <span aria-hidden="true">▸ </span>Look at {LESSON_TARGETS[step.target].label} (outlined on the page
          {veiled ? '; its numbers are blurred until you answer' : ''}).
        </p>
        <p className="lesson-text">{step.text}</p>
        {step.task && (
          <p className="lesson-task">
            <b>Try it:</b> {step.task}
          </p>
        )}
        {step.predict && (
          <Prediction
            key={name}
            predict={step.predict}
            answers={view.answers ?? []}
            picked={active.picked}
            revealed={active.revealed}
            name={name}
          />
        )}
        {claimsShown ? (
          <Claims claims={view.claims} />
        ) : (
          step.claims.length > 0 && <p className="hint">The model’s claims for this step show once you reveal the answer.</p>
        )}
      </div>
      <LessonNav first={index === 0} last={last} onLeave={leave} />
    </aside>
  );
}

/**
 * The marks a step leaves on the page while it plays: its title (`titleRef`) focused and its target
 * highlighted on each step change, `body[data-lesson]` and, while the answer is veiled,
 * `body[data-lesson-veil]`. `shown` is the key of the step whose highlight is done.
 */
function useStepMarks(
  key: string | null,
  step: { readonly target: LessonTarget } | undefined,
  veiled: boolean,
): { titleRef: RefObject<HTMLHeadingElement | null>; shown: string | null } {
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [shown, setShown] = useState<string | null>(null);
  // on each step: focus its title, then point at its target
  useEffect(() => {
    if (!key || !step) return undefined;
    titleRef.current?.focus({ preventScroll: true });
    document.body.dataset.lesson = 'playing';
    return highlightTarget(step.target, () => setShown(key));
  }, [key, step]);
  useEffect(() => () => void delete document.body.dataset.lesson, []);
  useEffect(() => {
    if (veiled) document.body.dataset.lessonVeil = 'true';
    else delete document.body.dataset.lessonVeil;
    return () => void delete document.body.dataset.lessonVeil;
  }, [veiled]);
  return { titleRef, shown };
}

/** The crumb (lesson and step) and, on a phone, the button that folds the sheet to its title. */
function LessonHead({
  title,
  index,
  steps,
  folded,
  onFold,
}: {
  readonly title: string;
  readonly index: number;
  readonly steps: number;
  readonly folded: boolean;
  readonly onFold: () => void;
}) {
  return (
    <div className="lesson-head">
      <p className="lesson-crumb">
        <span className="lesson-crumb-title">{title}</span> ·{' '}
        <span className="lesson-crumb-step">
          step {index + 1} of {steps}
        </span>
      </p>
      <button
        type="button"
        className="link-button lesson-fold"
        aria-expanded={!folded}
        aria-controls="lesson-body"
        data-testid="lesson-fold"
        onClick={onFold}
      >
        {folded ? 'Show text' : 'Hide text'}
      </button>
    </div>
  );
}

/** Previous, Next (Finish on the last step) and Exit. */
function LessonNav({
  first,
  last,
  onLeave,
}: {
  readonly first: boolean;
  readonly last: boolean;
  readonly onLeave: (finish: boolean) => void;
}) {
  return (
    <div className="lesson-nav" role="group" aria-label="Lesson steps">
      <button type="button" data-testid="lesson-prev" disabled={first} onClick={prevStep}>
        Previous
      </button>
      <button type="button" className="btn-primary" data-testid="lesson-next" onClick={() => (last ? onLeave(true) : nextStep())}>
        {last ? 'Finish' : 'Next'}
      </button>
      <button type="button" className="link-button" data-testid="lesson-exit" onClick={() => onLeave(false)}>
        Exit lesson
      </button>
    </div>
  );
}
