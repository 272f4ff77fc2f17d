/**
 * The lessons on the page side (SPEC §8.1): which lesson plays and at which step, the learner's
 * prediction, the shipped lessons (loaded lazily: `core/lessons` is not initial JavaScript), a
 * teacher's lesson opened from a file, and the progress kept in localStorage (`h4h.lessons`: the
 * current step and whether it was finished, per lesson id; storage errors are caught, as in
 * orientation.ts). Entering a step changes the page's inputs: that is `lessonPlay.ts`.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { LESSON_ID, type Lesson } from '../core';
import { pageStorage, type KeyValueStore } from './orientation';

export interface LessonProgress {
  /** the step last entered, 1-based */
  readonly step: number;
  readonly done: boolean;
}

export interface ActiveLesson {
  readonly lesson: Lesson;
  /** 0-based */
  readonly index: number;
  /** a shipped lesson, or a teacher's from a file (it then travels in the link as `lz=`) */
  readonly source: 'shipped' | 'file';
  /** the choice the learner picked (0-based), and whether the answer is shown */
  readonly picked: number | null;
  readonly revealed: boolean;
}

export interface LessonsState {
  readonly active: ActiveLesson | null;
  /** a lesson link read before the shipped lessons are loaded: kept so the link keeps it */
  readonly pending: { readonly id: string; readonly step: number } | null;
  readonly shipped: readonly Lesson[] | null;
  /** the teacher's lesson opened from a file (or a link's `lz=`, or a run record) */
  readonly custom: Lesson | null;
  readonly progress: Readonly<Record<string, LessonProgress>>;
}

const KEY = 'h4h.lessons';

/** A lesson's progress: only the map's own entries (a lesson id may be `constructor`). */
export const progressOf = (progress: Readonly<Record<string, LessonProgress>>, id: string): LessonProgress | undefined =>
  Object.hasOwn(progress, id) ? progress[id] : undefined;

/** Reads the progress (an object without a prototype); anything malformed is dropped, not thrown. */
export function readProgress(storage: Pick<KeyValueStore, 'getItem'> | null = pageStorage()): Record<string, LessonProgress> {
  try {
    const data: unknown = JSON.parse(storage?.getItem(KEY) ?? '{}');
    const out = Object.create(null) as Record<string, LessonProgress>;
    if (!data || typeof data !== 'object') return out;
    for (const [id, v] of Object.entries(data as Record<string, unknown>)) {
      const p = v as { step?: unknown; done?: unknown };
      if (LESSON_ID.test(id) && typeof p.step === 'number' && Number.isInteger(p.step) && p.step >= 1 && typeof p.done === 'boolean')
        out[id] = { step: p.step, done: p.done };
    }
    return out;
  } catch {
    return {};
  }
}

function writeProgress(progress: Readonly<Record<string, LessonProgress>>, storage: KeyValueStore | null = pageStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(progress));
  } catch {
    // full or blocked storage: progress is kept for this visit only
  }
}

export const lessonsStore = createStore<LessonsState>()(() => ({
  active: null,
  pending: null,
  shipped: null,
  custom: null,
  progress: readProgress(),
}));

export function useLessons<T>(selector: (s: LessonsState) => T): T {
  return useStore(lessonsStore, selector);
}

let loading: Promise<readonly Lesson[]> | null = null;

/** The shipped lessons, loaded once (a chunk of their own). */
export function loadShippedLessons(): Promise<readonly Lesson[]> {
  loading ??= import('../core/learn/lessons/index').then((m) => {
    lessonsStore.setState({ shipped: m.SHIPPED_LESSONS });
    return m.SHIPPED_LESSONS;
  });
  return loading;
}

/** Records that `lesson` is at 0-based `index` (and, with `done`, finished). */
export function saveProgress(id: string, index: number, done?: boolean): void {
  const prev = lessonsStore.getState().progress;
  const progress = { ...prev, [id]: { step: index + 1, done: done ?? progressOf(prev, id)?.done ?? false } };
  lessonsStore.setState({ progress });
  writeProgress(progress);
}

/** The learner picks a choice of the step's prediction (before revealing). */
export function pickChoice(i: number): void {
  const a = lessonsStore.getState().active;
  if (a && !a.revealed) lessonsStore.setState({ active: { ...a, picked: i } });
}

export function revealAnswer(): void {
  const a = lessonsStore.getState().active;
  if (a && a.picked !== null) lessonsStore.setState({ active: { ...a, revealed: true } });
}

/** A lesson's id may name a shipped lesson or the teacher's. */
export function findLesson(id: string): { lesson: Lesson; source: ActiveLesson['source'] } | null {
  const s = lessonsStore.getState();
  if (s.custom?.id === id) return { lesson: s.custom, source: 'file' };
  const shipped = s.shipped?.find((l) => l.id === id);
  return shipped ? { lesson: shipped, source: 'shipped' } : null;
}
