/**
 * Playing a lesson: entering step N puts the page in the state of steps 1…N (`core.stepState`, the
 * link's own fields over the page's defaults) through the app's one link reader (`applyLinkHash`), so
 * a lesson's page and a link's can never disagree; then the step's target panel is unfolded. The
 * highlight of the target itself is the page's (ui/learn/highlight.ts).
 */
import { LESSON_TARGETS, genomeToLink, stepInputs, stepState, type Lesson } from '../core';
import { writeLink } from './link';
import { findLesson, lessonsStore, loadShippedLessons, saveProgress, type ActiveLesson } from './lessons';
import { appStore, setUrlNotices, togglePanel } from './store';
import { applyLinkHash, handleLessonLinks } from './urlSync';
import type { UrlState } from './url';

const G_KEYWORDS: readonly string[] = ['smallest', 'largest', 'default'];

/** The hash of step `index`'s state, with `g`'s keywords (smallest, largest, default) resolved to the genome they name. */
export function stepHash(lesson: Lesson, index: number): string {
  const state = stepState(lesson, index);
  const fields = new Map<string, string>();
  for (const [k, v] of Object.entries(state)) if (typeof v === 'string') fields.set(k, v);
  if (state.g !== undefined && G_KEYWORDS.includes(state.g)) fields.set('g', genomeToLink(stepInputs(lesson, index).inputs.genome));
  return writeLink(fields);
}

/** Notices of the link the page opened, then these, each once. */
function addNotices(more: readonly string[]): void {
  const before = appStore.getState().urlNotices;
  setUrlNotices([...new Set([...before, ...more])]);
}

/**
 * Enters step `index` of `lesson`. `apply: false` keeps the page's inputs (a shared link that
 * carries them already, a run record): the step's state is not put over them.
 */
export function enterStep(lesson: Lesson, index: number, source: ActiveLesson['source'], opts: { readonly apply?: boolean } = {}): void {
  const i = Math.max(0, Math.min(lesson.steps.length - 1, index));
  const step = lesson.steps[i];
  if (!step) return;
  if (opts.apply !== false) {
    const before = appStore.getState().urlNotices;
    const errors = applyLinkHash(stepHash(lesson, i));
    setUrlNotices([...new Set([...before, ...errors.map((e) => `lesson ${lesson.id}, step ${i + 1}: ${e}`)])]);
  }
  const panel = LESSON_TARGETS[step.target].panel;
  if (panel) togglePanel(panel, true);
  lessonsStore.setState({ active: { lesson, index: i, source, picked: null, revealed: false }, pending: null });
  saveProgress(lesson.id, i);
}

/** Starts (or continues, where the progress says) a shipped lesson or the teacher's. */
export function startLesson(id: string): void {
  const found = findLesson(id);
  if (!found) return;
  const p = lessonsStore.getState().progress[id];
  enterStep(found.lesson, p && !p.done ? p.step - 1 : 0, found.source);
}

/** Opens a teacher's lesson (from a file, a link's `lz=` or a run record) at 0-based `index`. */
export function openCustomLesson(lesson: Lesson, index = 0, opts: { readonly apply?: boolean } = {}): void {
  lessonsStore.setState({ custom: lesson });
  enterStep(lesson, index, 'file', opts);
}

export function nextStep(): void {
  const a = lessonsStore.getState().active;
  if (!a) return;
  if (a.index + 1 >= a.lesson.steps.length) finishLesson();
  else enterStep(a.lesson, a.index + 1, a.source);
}

export function prevStep(): void {
  const a = lessonsStore.getState().active;
  if (a && a.index > 0) enterStep(a.lesson, a.index - 1, a.source);
}

/** The last step's Finish: the lesson is marked done and the player closes. */
export function finishLesson(): void {
  const a = lessonsStore.getState().active;
  if (!a) return;
  saveProgress(a.lesson.id, a.index, true);
  lessonsStore.setState({ active: null, pending: null });
}

/** Leaves the lesson; its progress stays (Continue picks it up). */
export function exitLesson(): void {
  lessonsStore.setState({ active: null, pending: null });
}

/**
 * A link the page opened: `lesson=&step=` opens that lesson at that step once the lessons are loaded
 * (an unknown id or a step past the end is named in the link's notices; nothing else is lost).
 */
function openFromLink(state: UrlState, inputsInLink: boolean): void {
  if (state.customLesson) lessonsStore.setState({ custom: state.customLesson });
  const want = state.lesson;
  if (!want) {
    lessonsStore.setState({ active: null, pending: null });
    return;
  }
  lessonsStore.setState({ pending: want });
  void loadShippedLessons().then((shipped) => {
    if (lessonsStore.getState().pending !== want) return; // another link came first
    const found = findLesson(want.id);
    if (!found) {
      lessonsStore.setState({ pending: null });
      addNotices([
        `lesson: unknown "${want.id}"; no lesson is opened (lessons: ${[...shipped.map((l) => l.id), ...(state.customLesson ? [state.customLesson.id] : [])].join(', ')})`,
      ]);
      return;
    }
    const n = found.lesson.steps.length;
    const past = want.step > n;
    if (past) addNotices([`step: ${want.step} is past the last step of ${want.id} (1–${n}); it starts at step 1`]);
    enterStep(found.lesson, past ? 0 : want.step - 1, found.source, { apply: past || !inputsInLink });
  });
}

/** Lets the page's links open lessons; call before `startUrlSync`. */
export function startLessons(): void {
  handleLessonLinks(openFromLink);
}
