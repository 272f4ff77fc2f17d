/**
 * Files in and out of the search: a run record (the page's link plus its results, re-importable) and
 * a table of measured accuracies (the `table` source).
 */
import { RUN_RECORD_KIND, RUN_RECORD_VERSION, getSpace, parseAccuracyTable, parseRunRecord, type Lesson, type RunRecord } from '../core';
import { readLink } from './link';
import { stashResults } from './searchCache';
import { contextNow } from './searchRun';
import { getSearch as get, setSearch as set } from './searchStore';
import { appStore } from './store';

/**
 * The finished (or stopped) run as a record: `link` is the page's link, `app`/`createdAt` from the
 * page; `lesson`, a teacher's lesson that is open (it travels here even when too long for the link).
 */
export function runRecord(link: string, app: { name: string; version: string }, createdAt: string, lesson?: Lesson): RunRecord | null {
  const s = get();
  if (!s.context || s.points.length === 0) return null;
  return {
    kind: RUN_RECORD_KIND,
    version: RUN_RECORD_VERSION,
    app,
    createdAt,
    link,
    seed: s.settings.seed,
    accuracySource: s.context.accuracy,
    front: s.front,
    points: s.points,
    hypervolumes: s.hypervolumes,
    measured: s.measured,
    timings: { elapsedMs: s.elapsedMs, evaluations: s.evaluations, generations: s.hypervolumes.length },
    ...(lesson ? { lesson } : {}),
  };
}

/**
 * Restores a run record: `applyLink` puts its inputs back (space, hardware, subnet, settings), then
 * its results replace the current ones. A bad file changes nothing and names its fields.
 */
export function importRunRecord(
  name: string,
  text: string,
  applyLink: (hash: string) => readonly string[],
  openLesson?: (lesson: Lesson, index: number) => void,
): readonly string[] {
  const r = parseRunRecord(text);
  if (!r.ok) {
    set({ message: `${name}: ${r.errors.join('; ')}` });
    return r.errors;
  }
  const hash = r.value.link.includes('#') ? r.value.link.slice(r.value.link.indexOf('#')) : '';
  const notices = applyLink(hash);
  const rec = r.value;
  if (rec.lesson && openLesson) {
    // at the step the link names, when it names this lesson
    const f = readLink(hash).fields;
    const step = f.get('lesson') === rec.lesson.id ? Number(f.get('step') ?? '1') : 1;
    openLesson(rec.lesson, Number.isInteger(step) && step >= 1 ? step - 1 : 0);
  }
  const s = get();
  const ghost = s.front.length > 0 && s.context ? { label: `previous configuration's front`, context: s.context, front: s.front } : s.ghost;
  set({
    ghost,
    context: { ...contextNow(), accuracy: rec.accuracySource },
    points: rec.points,
    front: rec.front,
    hypervolumes: rec.hypervolumes,
    measured: rec.measured,
    generation: Math.max(0, rec.hypervolumes.length - 1),
    evaluations: rec.timings.evaluations,
    elapsedMs: rec.timings.elapsedMs,
    status: 'done',
    etaSec: null,
    infeasible: null,
    reference: null,
    remeasure: null,
    brush: null,
    selectedKey: null,
    restored: false,
    message: `Restored ${name}: ${rec.front.length} subnets on the front of ${rec.timings.evaluations} evaluated (app ${rec.app.version}, ${rec.createdAt}).${notices.length ? ` Not applied from its link: ${notices.join('; ')}` : ''}`,
  });
  stashResults(get());
  return [];
}

/** A run-record file refused before it was read (too large): said in the search's message; nothing else changes. */
export function refuseRunRecord(name: string, message: string): void {
  set({ message: `${name}: ${message}` });
}

/** An accuracy-table file refused before it was read (too large): listed like a bad table's rows; the previous table stays. */
export function refuseAccuracyTable(name: string, message: string): void {
  set({ tableErrors: [`${name}: ${message}`] });
}

/**
 * Imports a table of measured accuracies for the page's space (CSV with `genome`, `accuracy` columns,
 * or JSON rows `{ "arch", "accuracy" }`). A bad file keeps the previous table and lists each bad row.
 */
export function importAccuracyTable(name: string, text: string): readonly string[] {
  const r = parseAccuracyTable(getSpace(appStore.getState().spaceId), text);
  if (!r.ok) {
    set({ tableErrors: r.errors.map((e) => `${name}: ${e}`) });
    return get().tableErrors;
  }
  set({ table: { name, table: r.value }, tableErrors: [] });
  return [];
}
