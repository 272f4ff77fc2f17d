/**
 * The lessons the app ships (SPEC §8.1), as JSON documents validated on import. Not re-exported by
 * `core/index.ts`: the page loads this module lazily (the lessons are not initial JavaScript), the
 * CLI and the tests import it directly. A shipped lesson that fails validation throws here, with
 * its field named, and fails `npm test`.
 */
import { validateLesson, type Lesson } from '../lesson.js';
import firstLook from './first-look.json';

function shipped(input: unknown, file: string): Lesson {
  const r = validateLesson(input);
  if (!r.ok) throw new Error(`${file}: ${r.errors.join('; ')}`);
  return r.value;
}

/** In the order the Learn panel lists them. */
export const SHIPPED_LESSONS: readonly Lesson[] = [shipped(firstLook, 'first-look.json')];
