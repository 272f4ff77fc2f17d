/**
 * The Learn panel (SPEC §8.1): the shipped lessons with the learner's progress, a teacher's lesson
 * opened from a file, presenter mode, and the glossary. The lessons themselves (`core/lessons`) and
 * the player are loaded lazily: neither is initial JavaScript.
 */
import { useEffect, useState } from 'react';
import { MAX_LESSON_BYTES, parseLesson, type Lesson } from '../../core';
import { encodeLessonLink, MAX_LESSON_LINK } from '../../state/lessonLink';
import { openCustomLesson, startLesson } from '../../state/lessonPlay';
import { loadShippedLessons, progressOf, useLessons, type LessonProgress } from '../../state/lessons';
import { ErrorList } from '../ErrorList';
import { Panel } from '../Panel';
import { GlossaryPanel } from './GlossaryPanel';
import { PresentForm } from './PresentForm';
import './learn.css';

export function LearnPanel() {
  return (
    <Panel id="learn" title="Learn: guided lessons" className="learn-panel" data-testid="learn-panel">
      <p className="hint">
        Each lesson sets the page up, points at one part of it and explains it; its claims are checked by the same model that draws the
        page, on the numbers on screen. Your progress stays in this browser.
      </p>
      <LessonList />
      <LessonFile />
      <PresentForm />
      {/* the div carries the lessons' `glossary` target */}
      <div className="learn-glossary" data-learn="glossary">
        <GlossaryPanel />
      </div>
    </Panel>
  );
}

function progressText(p: LessonProgress | undefined, steps: number): string {
  if (!p) return 'not started';
  if (p.done) return 'done';
  return `step ${Math.min(p.step, steps)} of ${steps}`;
}

function LessonList() {
  const shipped = useLessons((s) => s.shipped);
  const custom = useLessons((s) => s.custom);
  const progress = useLessons((s) => s.progress);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadShippedLessons().catch(() => setFailed(true));
  }, []);
  if (!shipped)
    return (
      <p className="hint" data-testid="lessons-loading">
        {failed ? 'The lessons could not be loaded; reload the page to try again.' : 'Loading the lessons…'}
      </p>
    );
  const all = custom && !shipped.some((l) => l.id === custom.id) ? [...shipped, custom] : shipped;
  return (
    <ul className="lesson-list" aria-label="Lessons" data-testid="lesson-list">
      {all.map((l) => (
        <LessonItem key={l.id} lesson={l} progress={progressOf(progress, l.id)} teacher={l === custom} />
      ))}
    </ul>
  );
}

function LessonItem({
  lesson,
  progress,
  teacher,
}: {
  readonly lesson: Lesson;
  readonly progress: LessonProgress | undefined;
  readonly teacher: boolean;
}) {
  const label = progress?.done ? 'Again' : progress ? 'Continue' : 'Start';
  const titleId = `lesson-title-${lesson.id}`;
  return (
    <li
      className="lesson-item"
      data-lesson={lesson.id}
      data-progress={progress ? (progress.done ? 'done' : String(progress.step)) : 'none'}
    >
      <div className="lesson-item-text">
        <h3 id={titleId}>{lesson.title}</h3>
        <p className="lesson-meta">
          {teacher ? 'your lesson · ' : ''}
          {lesson.level} · {lesson.minutes} min · {lesson.steps.length} steps ·{' '}
          <span data-testid={`lesson-progress-${lesson.id}`}>{progressText(progress, lesson.steps.length)}</span>
        </p>
        <p className="lesson-summary">{lesson.summary}</p>
      </div>
      <button
        type="button"
        className="btn-primary"
        data-testid={`lesson-start-${lesson.id}`}
        aria-describedby={titleId}
        onClick={() => startLesson(lesson.id)}
      >
        {label}
      </button>
    </li>
  );
}

/** A teacher's lesson file: refused with every message naming its step and field. */
function LessonFile() {
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const open = async (file: File): Promise<void> => {
    setNote(null);
    if (file.size > MAX_LESSON_BYTES) {
      setErrors([
        `${file.name}: ${file.size.toLocaleString('en-US')} bytes; a lesson file may have at most ${MAX_LESSON_BYTES.toLocaleString('en-US')}`,
      ]);
      return;
    }
    const r = parseLesson(await file.text(), file.name);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors([]);
    // load the shipped ones first, so the list shows them beside the teacher's
    await loadShippedLessons().catch(() => undefined);
    openCustomLesson(r.value);
    setNote(
      encodeLessonLink(r.value)
        ? `Opened ${r.value.title}. It travels in the page's link, so Copy link shares it with its state.`
        : `Opened ${r.value.title}. Packed, it is longer than a link may carry (${MAX_LESSON_LINK.toLocaleString('en-US')} characters): it travels in a search's run record only.`,
    );
  };
  return (
    <div className="lesson-file">
      <label htmlFor="lesson-file">Open a lesson file… </label>
      <input
        id="lesson-file"
        type="file"
        accept=".json,application/json"
        data-testid="lesson-file"
        aria-describedby={errors.length > 0 ? 'lesson-file-errors' : undefined}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void open(f);
        }}
      />
      {note && (
        <p className="hint" role="status" data-testid="lesson-file-note">
          {note}
        </p>
      )}
      <ErrorList id="lesson-file-errors" title="This lesson file was not opened:" errors={errors} testId="lesson-file-errors" />
    </div>
  );
}
