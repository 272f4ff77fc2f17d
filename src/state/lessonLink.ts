/**
 * A teacher's lesson in the link (`lz=`): its JSON, raw DEFLATE, base64url — as `link.ts` packs long
 * links, without a dictionary (a lesson's text is not a link's). Capped both ways: at most
 * MAX_LESSON_LINK characters written (a longer lesson travels in the run record only) and at most
 * MAX_LESSON_BYTES inflated when read, so a hostile link cannot blow up the page. What comes out is
 * validated with `core.validateLesson`, whose messages name the step and the field.
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { LESSON_ID, MAX_LESSON_BYTES, pushAll, validateLesson, type Lesson, type Validated } from '../core';
import { fromBase64Url, toBase64Url } from './link';
import { formatPresent, parsePresent, type Presenter } from './presenter';
import type { UrlState } from './url';

/** The longest `lz=` value a link carries. */
export const MAX_LESSON_LINK = 6000;

/** The `lz=` value of a lesson, or null when it is longer than MAX_LESSON_LINK. */
export function encodeLessonLink(lesson: Lesson): string | null {
  const z = toBase64Url(deflateSync(strToU8(JSON.stringify(lesson)), { level: 9 }));
  return z.length <= MAX_LESSON_LINK ? z : null;
}

/** Reads an `lz=` value; each problem names its field (`lz: steps[1].target: …`). */
export function decodeLessonLink(text: string): Validated<Lesson> {
  if (text.length > MAX_LESSON_LINK)
    return {
      ok: false,
      errors: [
        `lz: ${text.length.toLocaleString('en-US')} characters; a lesson in a link has at most ${MAX_LESSON_LINK.toLocaleString('en-US')}`,
      ],
    };
  // whole values only: link.ts's reader would take a cut one's beginning, but a cut lesson is damaged
  const bytes = text.length === 0 || text.length % 4 === 1 ? null : fromBase64Url(text);
  if (!bytes) return { ok: false, errors: ['lz: not base64url'] };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failed = false;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > MAX_LESSON_BYTES) throw new Error('too large');
    chunks.push(chunk);
  });
  try {
    inflater.push(bytes, true);
  } catch {
    failed = true;
  }
  if (failed)
    return {
      ok: false,
      errors: [
        size > MAX_LESSON_BYTES
          ? `lz: unpacks to more than ${MAX_LESSON_BYTES.toLocaleString('en-US')} bytes`
          : 'lz: damaged (not a packed lesson)',
      ],
    };
  let json: unknown;
  try {
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    json = JSON.parse(strFromU8(all));
  } catch {
    return { ok: false, errors: ['lz: damaged (not a packed lesson)'] };
  }
  const r = validateLesson(json);
  return r.ok ? r : { ok: false, errors: r.errors.map((e) => `lz: ${e}`) };
}

/** `lesson`, `step`, `lz` and `present`: each read on its own, a bad one named and dropped. */
export function readLessonFields(p: ReadonlyMap<string, string>, errors: string[]): Pick<UrlState, 'lesson' | 'customLesson' | 'present'> {
  const out: { lesson?: NonNullable<UrlState['lesson']>; customLesson?: Lesson; present?: Presenter } = {};
  const id = p.get('lesson');
  const step = p.get('step');
  if (id !== undefined) {
    let n = 1;
    if (step !== undefined) {
      if (/^\d{1,3}$/.test(step) && Number(step) >= 1) n = Number(step);
      else errors.push(`step: "${step.slice(0, 20)}" is not a step number (1, 2, …); the lesson starts at step 1`);
    }
    if (LESSON_ID.test(id)) out.lesson = { id, step: n };
    else errors.push(`lesson: "${id.slice(0, 40)}" is not a lesson id (lower-case letters, digits and "-"); no lesson is opened`);
  } else if (step !== undefined) errors.push('step: no lesson= to go with it; ignored');
  const lz = p.get('lz');
  if (lz !== undefined) {
    const r = decodeLessonLink(lz);
    if (r.ok) out.customLesson = r.value;
    else pushAll(errors, r.errors.slice(0, 5));
  }
  const present = p.get('present');
  if (present !== undefined) {
    const r = parsePresent(present);
    if (r.value.large || r.value.hidden.length > 0) out.present = r.value;
    pushAll(errors, r.errors);
  }
  return out;
}

/** Writes `lesson`, `step`, `present` and `lz` (a teacher's lesson too long for a link travels in the run record only). */
export function writeLessonFields(f: Map<string, string>, s: Pick<UrlState, 'lesson' | 'customLesson' | 'present'>): void {
  if (s.lesson) {
    f.set('lesson', s.lesson.id);
    f.set('step', String(s.lesson.step));
  }
  const present = s.present ? formatPresent(s.present) : '';
  if (present) f.set('present', present);
  const lz = s.customLesson ? encodeLessonLink(s.customLesson) : null;
  if (lz) f.set('lz', lz);
}
