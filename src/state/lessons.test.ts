import { deflateSync, strToU8 } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createRng,
  defaultGenome,
  getSpace,
  LESSON_TARGETS,
  parseRunRecord,
  RUN_RECORD_KIND,
  smallestGenome,
  stepInputs,
  validateLesson,
  type Lesson,
} from '../core';
import { SHIPPED_LESSONS } from '../core/learn/lessons';
import { importRunRecord } from './search';
import { decodeLessonLink, encodeLessonLink, MAX_LESSON_LINK } from './lessonLink';
import { enterStep, exitLesson, nextStep, stepHash } from './lessonPlay';
import { lessonsStore, readProgress } from './lessons';
import { formatPresent, parsePresent } from './presenter';
import { appStore, resetInputs, setSystem, togglePanel } from './store';
import { fromHash, toHash, type UrlState } from './url';
import { URL_DEFAULTS as DEFAULTS } from './fixtures/urlDefaults';

const MINI = getSpace('mini');
const FIRST = SHIPPED_LESSONS.find((l) => l.id === 'first-look') as Lesson;

function lesson(over: Partial<Lesson> = {}): Lesson {
  const r = validateLesson({
    format: 'h4h-lesson/1',
    id: 'tiny',
    title: 'Tiny',
    level: 'introductory',
    minutes: 2,
    summary: 'A test lesson.',
    steps: [
      { title: 'Smallest', state: { g: 'smallest', hw: 'u65-dram' }, target: 'totals', text: 'The smallest subnet.', claims: [] },
      { title: 'Eight macros', state: { hwp: 'cimMacros:8' }, target: 'macros', text: 'More macros.', claims: [] },
    ],
    ...over,
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

beforeEach(() => {
  resetInputs();
  exitLesson();
});

describe('lesson link fields', () => {
  it('round-trip lesson, step, presenter and a teacher’s lesson; a link without them is unchanged', () => {
    expect(toHash(DEFAULTS)).not.toMatch(/lesson=|step=|present=|lz=/);
    const state: UrlState = {
      ...DEFAULTS,
      lesson: { id: 'tiny', step: 2 },
      customLesson: lesson(),
      present: { hidden: ['sweep', 'nav', 'copy-link'], large: true },
    };
    for (const compress of [true, false]) {
      const back = fromHash(toHash(state, { compress }), DEFAULTS);
      expect(back.errors).toEqual([]);
      expect(back.state).toEqual(state);
    }
  });

  it('names each bad field and keeps the others', () => {
    const r = fromHash('#v=2&hw=u65-dram&lesson=Bad_Id&present=nav.podium&end', DEFAULTS);
    expect(r.state.system).toBe('u65-dram');
    expect(r.state.lesson).toBeUndefined();
    expect(r.state.present).toEqual({ hidden: ['nav'], large: false });
    expect(r.errors).toEqual([
      'lesson: "Bad_Id" is not a lesson id (lower-case letters, digits and "-"); no lesson is opened',
      expect.stringMatching(/^present: unknown name "podium" \(allowed: subnet, .*large\)$/) as unknown,
    ]);
    expect(fromHash('#v=2&lesson=first-look&step=zero&end', DEFAULTS)).toMatchObject({
      state: { lesson: { id: 'first-look', step: 1 } },
      errors: ['step: "zero" is not a step number (1, 2, …); the lesson starts at step 1'],
    });
    expect(fromHash('#v=2&step=2&end', DEFAULTS).errors).toEqual(['step: no lesson= to go with it; ignored']);
  });

  it('a teacher’s lesson in `lz` is validated, its messages naming step and field', () => {
    const bad = { ...lesson(), steps: [{ ...lesson().steps[0], target: 'nowhere' }] };
    const z = encodeLessonLink(bad as Lesson);
    expect(z).not.toBeNull();
    const r = fromHash(`#v=2&lesson=tiny&lz=${z ?? ''}&end`, DEFAULTS);
    expect(r.state.customLesson).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^lz: steps\[0\]\.target: /);
    expect(decodeLessonLink('@@').ok).toBe(false);
    expect(decodeLessonLink('AAAA')).toEqual({ ok: false, errors: ['lz: damaged (not a packed lesson)'] });
  });

  it('caps `lz`: a lesson packing to more than 6,000 characters stays out of the link; a bomb is refused', () => {
    const rng = createRng(7);
    const noise = (n: number): string => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(36)]).join('');
    const big = lesson({
      steps: Array.from({ length: 12 }, (_, i) => ({ title: `Step ${i}`, target: 'totals' as const, text: noise(1100), claims: [] })),
    });
    expect(encodeLessonLink(big)).toBeNull();
    expect(toHash({ ...DEFAULTS, lesson: { id: big.id, step: 1 }, customLesson: big }, { compress: false })).not.toContain('lz=');
    const z = encodeLessonLink(lesson()) ?? '';
    expect(z.length).toBeLessThan(MAX_LESSON_LINK);
    const bomb = Buffer.from(deflateSync(strToU8(`{"id":"${' '.repeat(70_000)}"}`))).toString('base64url');
    expect(bomb.length).toBeLessThan(MAX_LESSON_LINK);
    expect(decodeLessonLink(bomb)).toEqual({ ok: false, errors: ['lz: unpacks to more than 65,536 bytes'] });
    expect(decodeLessonLink('A'.repeat(MAX_LESSON_LINK + 1)).ok).toBe(false);
  });
});

describe('presenter', () => {
  it('reads and writes the dot list in vocabulary order', () => {
    const r = parsePresent('search-settings.large.nav.hw-params');
    expect(r).toEqual({ value: { hidden: ['nav', 'hw-params', 'search-settings'], large: true }, errors: [] });
    expect(formatPresent(r.value)).toBe('large.nav.hw-params.search-settings');
    expect(formatPresent({ hidden: [], large: false })).toBe('');
  });
});

describe('progress', () => {
  it('reads what it wrote and drops anything malformed, never throwing', () => {
    const store = (v: string | null) => ({ getItem: () => v });
    expect(readProgress(store('{"a":{"step":2,"done":false},"b":{"step":0,"done":true},"c":"x"}'))).toEqual({
      a: { step: 2, done: false },
    });
    expect(readProgress(store('not json'))).toEqual({});
    expect(
      readProgress({
        getItem: () => {
          throw new Error('SecurityError');
        },
      }),
    ).toEqual({});
    expect(readProgress(null)).toEqual({});
  });
});

describe('playing a lesson', () => {
  it('a step’s hash resolves g keywords and reads back as core’s step inputs', () => {
    const l = lesson();
    for (const i of [0, 1]) {
      const { state, errors } = fromHash(stepHash(l, i), DEFAULTS);
      const core = stepInputs(l, i).inputs;
      expect(errors).toEqual([]);
      expect(state.genome).toEqual(core.genome);
      expect(state.system).toBe(core.systemId);
      expect(state.hwOverrides).toEqual(core.hwOverrides);
    }
    expect(fromHash(stepHash(l, 0), DEFAULTS).state.genome).toEqual(smallestGenome(MINI));
  });

  it('entering a step puts its state over the defaults, unfolds its panel and records the progress', () => {
    // the first step of the lesson that points into the layers panel (folded below)
    const at = FIRST.steps.findIndex((s) => LESSON_TARGETS[s.target].panel === 'layers');
    expect(at).toBeGreaterThan(0);
    setSystem('npu1024-mram');
    togglePanel('layers', false);
    enterStep(FIRST, at, 'shipped');
    const s = appStore.getState();
    expect(s.systemId).toBe('u55-mram');
    expect(s.hwOverrides).toEqual({});
    expect(s.genome).toEqual(defaultGenome(MINI));
    expect(s.hiddenPanels).not.toContain('layers');
    expect(lessonsStore.getState().active).toMatchObject({ index: at, picked: null, revealed: false });
    expect(lessonsStore.getState().progress['first-look']).toEqual({ step: at + 1, done: false });
    const last = FIRST.steps.length - 1;
    enterStep(FIRST, last, 'shipped');
    nextStep();
    expect(lessonsStore.getState().active).toBeNull();
    expect(lessonsStore.getState().progress['first-look']).toEqual({ step: last + 1, done: true });
  });

  it('a step that sets hardware edits keeps the ones of the steps before', () => {
    enterStep(lesson(), 1, 'file');
    expect(appStore.getState()).toMatchObject({ systemId: 'u65-dram', hwOverrides: { cimMacros: 8 }, genome: smallestGenome(MINI) });
  });
});

describe('run record', () => {
  const rec = (l: unknown) =>
    JSON.stringify({
      kind: RUN_RECORD_KIND,
      version: 1,
      app: { name: 'h4h', version: '0' },
      createdAt: 'now',
      link: '#v=2&end',
      seed: 1,
      accuracySource: 'proxy',
      front: [],
      points: [],
      hypervolumes: [],
      measured: {},
      timings: { elapsedMs: 0, evaluations: 0, generations: 0 },
      lesson: l,
    });
  it('carries a teacher’s lesson, validated on import', () => {
    const ok = parseRunRecord(rec(lesson()));
    expect(ok.ok && ok.value.lesson).toEqual(lesson());
    const bad = parseRunRecord(rec({ ...lesson(), level: 'expert' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^run record lesson\.level: /);
  });

  it('importing it reopens the lesson at the step its link names', () => {
    const opened: [string, number][] = [];
    const text = rec(lesson()).replace('"link":"#v=2&end"', '"link":"https://x/#v=2&lesson=tiny&step=2&end"');
    importRunRecord(
      'run.json',
      text,
      () => [],
      (l, i) => opened.push([l.id, i]),
    );
    expect(opened).toEqual([['tiny', 1]]);
  });
});
