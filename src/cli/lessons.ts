/**
 * `h4h lessons` and `h4h lesson check FILE` (SPEC §8.1, §9): the shipped lessons with every step's
 * predicates and their values, and a teacher's own lesson file checked before class. A thin shell
 * over core's `parseLesson` and `checkLesson`: the page evaluates the same predicates.
 */
import { existsSync } from 'node:fs';
import { at, checkLesson, maxOf, parseLesson, type Lesson, type StepCheck } from '../core/index.js';
import { SHIPPED_LESSONS } from '../core/learn/lessons/index.js';
import { UsageError } from './args.js';
import { readInputText } from './files.js';

/** One lesson as the JSON documents give it: each step's claims with their values, the prediction's answer. */
export function lessonDocument(lesson: Lesson): { doc: Record<string, unknown>; ok: boolean; failures: readonly string[] } {
  const r = checkLesson(lesson);
  const steps = lesson.steps.map((s, i) => {
    const c = r.steps[i] as StepCheck;
    return {
      step: i + 1,
      title: s.title,
      target: s.target,
      ...(c.stateErrors.length > 0 ? { stateErrors: c.stateErrors } : {}),
      claims: s.claims.map((claim, k) => {
        const { text, ...predicate } = claim;
        const v = c.claims[k];
        return {
          text,
          predicate,
          holds: v?.holds ?? false,
          detail: v?.detail ?? '',
          values: v?.values ?? [],
          ...(v?.error ? { error: v.error } : {}),
        };
      }),
      predict: s.predict
        ? {
            question: s.predict.question,
            choices: s.predict.choices.map((ch, k) => ({ text: ch.text, holds: c.answer?.includes(k) ?? false })),
            /** the index (from 0) of the one choice that holds; null when none or several do */
            answer: c.answer?.length === 1 ? at(c.answer, 0) : null,
          }
        : null,
    };
  });
  return {
    doc: { id: lesson.id, title: lesson.title, level: lesson.level, minutes: lesson.minutes, steps },
    ok: r.ok,
    failures: r.failures,
  };
}

/** `h4h lessons [--json]`. */
export function cmdLessons(json: boolean, write: (s: string) => void): number {
  const docs = SHIPPED_LESSONS.map(lessonDocument);
  if (json) {
    write(`${JSON.stringify({ lessons: docs.map((d) => d.doc) })}\n`);
  } else {
    const rows = SHIPPED_LESSONS.map((l, i) => {
      const claims = l.steps.reduce((a, s) => a + s.claims.length, 0);
      const failing = docs[i]?.failures.length ?? 0;
      return [
        l.id,
        l.level,
        `${l.minutes} min`,
        `${l.steps.length}`,
        `${l.steps.filter((s) => s.predict).length}`,
        failing === 0 ? `${claims}, all hold` : `${claims}, ${failing} FAIL`,
        l.title,
      ];
    });
    const head = ['id', 'level', 'time', 'steps', 'predictions', 'claims', 'title'];
    const width = head.map((h, c) => maxOf([h.length, ...rows.map((r) => (r[c] ?? '').length)]));
    const line = (r: readonly string[]): string => r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(width[c] ?? 0))).join('  ');
    write(
      `${[line(head), ...rows.map(line)].join('\n')}\n\nopen one in the page with #v=2&lesson=ID&step=N&end (N from 1); check your own with \`h4h lesson check FILE\`\n`,
    );
  }
  return docs.every((d) => d.ok) ? 0 : 1;
}

/** Reads and validates a lesson file; a bad one is a usage error naming each field (exit 2). */
function readLesson(path: string): Lesson {
  if (!existsSync(path)) throw new UsageError(`lesson check: "${path.slice(0, 200)}" is not a readable file`);
  // bytes ≥ characters in UTF-8: a file past 4 bytes a character cannot be within the character limit
  const r = parseLesson(readInputText('lesson', path), path);
  if (!r.ok) {
    throw new UsageError(
      r.errors
        .map((e) => {
          const m = /^steps\[(\d+)\]/.exec(e);
          return `${e.startsWith(`${path}: `) ? '' : `${path}: `}${e}${m ? ` (step ${Number(m[1]) + 1})` : ''}`;
        })
        .join('\n'),
    );
  }
  return r.value;
}

/** `h4h lesson check FILE [--json]`: 0 when every claim holds and every prediction has one answer, else 1. */
export function cmdLessonCheck(path: string, json: boolean, write: (s: string) => void, writeErr: (s: string) => void): number {
  const lesson = readLesson(path);
  const { doc, ok, failures } = lessonDocument(lesson);
  if (json) {
    write(`${JSON.stringify({ ...doc, ok, failures })}\n`);
  } else {
    write(`${checkText(lesson, doc)}\n`);
  }
  if (!ok) writeErr(`${failures.map((f) => `h4h: ${f}`).join('\n')}\n`);
  else if (!json) write(`lesson ${lesson.id}: every claim holds and every prediction has exactly one answer\n`);
  return ok ? 0 : 1;
}

interface StepDoc {
  step: number;
  title: string;
  target: string;
  stateErrors?: string[];
  claims: { text: string; holds: boolean; detail: string; error?: string }[];
  predict: { question: string; choices: { text: string; holds: boolean }[]; answer: number | null } | null;
}

function checkText(lesson: Lesson, doc: Record<string, unknown>): string {
  const out = [`${lesson.id}: ${lesson.title} (${lesson.level}, ${lesson.minutes} min, ${lesson.steps.length} steps)`];
  for (const s of doc.steps as StepDoc[]) {
    out.push(`step ${s.step}  ${s.title}  [${s.target}]`);
    for (const e of s.stateErrors ?? []) out.push(`  FAIL state.${e}`);
    for (const c of s.claims) out.push(c.holds ? `  ok   ${c.text} — ${c.detail}` : `  FAIL ${c.text} — false: ${c.error ?? c.detail}`);
    if (s.predict) {
      const holding = s.predict.choices.filter((c) => c.holds);
      out.push(
        `  ${s.predict.answer !== null ? 'ok  ' : 'FAIL'} predict: ${s.predict.question} → ${holding.length === 0 ? 'no choice holds' : holding.map((c) => `"${c.text}"`).join(' and ')}`,
      );
    }
  }
  return out.join('\n');
}
