/**
 * A step's prediction: pick a choice (a radio group: arrows move, Space picks), then Reveal. The
 * right choice is the one whose predicate holds on the live page (`answers`, computed by core), never
 * a stored answer.
 */
import { useEffect, useRef } from 'react';
import type { LessonStep } from '../../core';
import { pickChoice, revealAnswer } from '../../state/lessons';

export function Prediction({
  predict,
  answers,
  picked,
  revealed,
  name,
}: {
  readonly predict: NonNullable<LessonStep['predict']>;
  readonly answers: readonly number[];
  readonly picked: number | null;
  readonly revealed: boolean;
  /** unique per step, so the radios of two steps never form one group */
  readonly name: string;
}) {
  const answerRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (revealed) answerRef.current?.focus();
  }, [revealed]);
  const right = answers.length === 1 ? answers[0] : undefined;
  const correct = picked !== null && answers.includes(picked);
  return (
    <div className="lesson-predict-box">
      <p className="lesson-question" id={`${name}-q`}>
        <b>Predict:</b> {predict.question}
      </p>
      <div role="radiogroup" aria-labelledby={`${name}-q`} className="lesson-choices" data-testid="lesson-predict">
        {predict.choices.map((c, i) => (
          <label key={i} className={revealed && answers.includes(i) ? 'choice-right' : undefined}>
            <input
              type="radio"
              name={name}
              data-testid={`lesson-choice-${i}`}
              checked={picked === i}
              disabled={revealed && picked !== i}
              onChange={() => pickChoice(i)}
            />{' '}
            {c.text}
            {revealed && answers.includes(i) && <span className="choice-mark"> ✓ the model’s answer</span>}
          </label>
        ))}
      </div>
      {!revealed && (
        <button type="button" data-testid="lesson-reveal" disabled={picked === null} onClick={revealAnswer}>
          Reveal
        </button>
      )}
      {revealed && (
        <p
          className={`lesson-answer ${correct ? 'right' : 'wrong'}`}
          data-testid="lesson-answer"
          data-correct={String(correct)}
          tabIndex={-1}
          ref={answerRef}
        >
          <b>{correct ? '✓ Right.' : '✗ Not this time.'}</b>{' '}
          {right !== undefined
            ? `On the numbers on screen: “${predict.choices[right]?.text ?? ''}”.`
            : answers.length === 0
              ? 'On the numbers on screen no choice holds (the page differs from the lesson’s).'
              : `On the numbers on screen several choices hold: ${answers.map((a) => `“${predict.choices[a]?.text ?? ''}”`).join(', ')}.`}{' '}
          {predict.reveal}
        </p>
      )}
    </div>
  );
}
