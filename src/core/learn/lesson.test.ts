import { describe, expect, it } from 'vitest';
import { LESSON_FORMAT, MAX_LESSON_BYTES, parseLesson, stepState, validateLesson, type Lesson } from './lesson.js';

const step = (over: Record<string, unknown> = {}) => ({ title: 'A step', target: 'totals', text: 'Some text.', claims: [], ...over });
const lesson = (over: Record<string, unknown> = {}) => ({
  format: LESSON_FORMAT,
  id: 'a-lesson',
  title: 'A lesson',
  level: 'introductory',
  minutes: 5,
  summary: 'What it teaches.',
  steps: [step()],
  ...over,
});
const errors = (input: unknown): readonly string[] => {
  const r = validateLesson(input);
  return r.ok ? [] : r.errors;
};
const claim = (over: Record<string, unknown>) => ({ text: 'a claim', ...over });
const withClaim = (c: unknown, at = 0) =>
  lesson({ steps: [step(), step({ claims: at === 0 ? [c] : [claim({ compare: [1, '<', 2] }), c] })] });

describe('validateLesson names the field of each error', () => {
  it('a minimal lesson is valid and keeps its fields', () => {
    const r = validateLesson(lesson());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.steps[0]?.target).toBe('totals');
  });

  it.each([
    [
      'an unknown metric',
      withClaim(claim({ compare: [{ metric: 'latency', schema: 'npu' }, '<', 1] })),
      /^steps\[1\]\.claims\[0\]\.compare\[0\]\.metric: /,
    ],
    [
      'a metric nested in a ratio',
      withClaim(claim({ compare: [{ ratio: [1, { metric: 'latencyMs', schema: 'fast' }] }, '<', 1] }), 1),
      /^steps\[1\]\.claims\[1\]\.compare\[0\]\.ratio\[1\]\.schema: /,
    ],
    ['an unknown operator', withClaim(claim({ compare: [1, '=<', 2] })), /^steps\[1\]\.claims\[0\]\.compare\[1\]: /],
    [
      'a bad layer name',
      withClaim(claim({ placement: { layer: 's3 b2', schema: 'hetero', is: 'NPU' } })),
      /^steps\[1\]\.claims\[0\]\.placement\.layer: a layer name such as "s4\.b2\.qk"/,
    ],
    [
      'an unknown layer filter',
      withClaim(claim({ compare: [{ metric: 'layers', where: { colour: 'red' } }, '==', 0] })),
      /^steps\[1\]\.claims\[0\]\.compare\[0\]\.where: .*colour/,
    ],
    [
      'an unknown with field',
      withClaim(claim({ compare: [{ metric: 'macs', with: { schema: 'npu' } }, '>', 0] })),
      /^steps\[1\]\.claims\[0\]\.compare\[0\]\.with: .*schema/,
    ],
    [
      'two predicates in one claim',
      withClaim(claim({ compare: [1, '<', 2], placement: { layer: 'stem', schema: 'npu', is: 'NPU' } })),
      /^steps\[1\]\.claims\[0\]: give exactly one of "placement", "bound" or "compare"$/,
    ],
    ['a claim without text', withClaim({ compare: [1, '<', 2] }), /^steps\[1\]\.claims\[0\]\.text: /],
    ['an empty step text', lesson({ steps: [step({ text: '   ' })] }), /^steps\[0\]\.text: must not be empty$/],
    ['an unknown target', lesson({ steps: [step({ target: 'roof' })] }), /^steps\[0\]\.target: /],
    ['an unknown state field', lesson({ steps: [step({ state: { macros: '8' } })] }), /^steps\[0\]\.state: .*macros/],
    [
      'a prediction with one choice',
      lesson({ steps: [step({ predict: { question: 'q?', choices: [{ text: 'a', when: { compare: [1, '<', 2] } }] } })] }),
      /^steps\[0\]\.predict\.choices: at least 2 choices$/,
    ],
    [
      'a choice without a predicate',
      lesson({
        steps: [
          step({
            predict: {
              question: 'q?',
              choices: [
                { text: 'a', when: {} },
                { text: 'b', when: { compare: [1, '<', 2] } },
              ],
            },
          }),
        ],
      }),
      /^steps\[0\]\.predict\.choices\[0\]\.when: give exactly one/,
    ],
    [
      'too many claims',
      lesson({ steps: [step({ claims: Array.from({ length: 9 }, () => claim({ compare: [1, '<', 2] })) })] }),
      /^steps\[0\]\.claims: at most 8 claims per step$/,
    ],
    ['no steps', lesson({ steps: [] }), /^steps: at least 1 step$/],
    ['a bad id', lesson({ id: 'My Lesson' }), /^id: lower-case letters, digits and "-"/],
    ['fractional minutes', lesson({ minutes: 2.5 }), /^minutes: a whole number of minutes$/],
    ['another format', lesson({ format: 'h4h-lesson/2' }), /^format: must be "h4h-lesson\/1"$/],
    ['an unknown top-level field', lesson({ html: '<b>x</b>' }), /^\(root\): .*html/],
  ])('%s', (_what, input, message) => {
    const e = errors(input);
    expect(e.length).toBeGreaterThan(0);
    expect(e[0]).toMatch(message);
  });

  it('several errors are each named once', () => {
    const e = errors(lesson({ id: 'X', minutes: 0, steps: [step({ target: 'roof' })] }));
    expect(e.map((m) => m.split(':')[0])).toEqual(['id', 'minutes', 'steps[0].target']);
  });
});

describe('parseLesson', () => {
  it('refuses a file over the size limit before parsing it, and names the limit', () => {
    const text = JSON.stringify(lesson({ summary: 'x'.repeat(MAX_LESSON_BYTES) }));
    const r = parseLesson(text, 'big.json');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([`big.json: ${text.length.toLocaleString('en-US')} characters; a lesson file may have at most 65,536`]);
  });
  it('says "not JSON" for text that does not parse', () => {
    const r = parseLesson('{"format":', 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^x\.json: not JSON \(/);
  });
  it('a valid file round-trips through JSON', () => {
    const r = parseLesson(JSON.stringify(lesson()));
    expect(r.ok && r.value.id).toBe('a-lesson');
  });
});

describe('stepState: the link fields of steps 1…N, later over earlier', () => {
  const l = validateLesson(
    lesson({
      steps: [
        step({ state: { space: 'nasvit', hw: 'u55-mram', hwp: 'cimMacros:1' } }),
        step(),
        step({ state: { hwp: 'cimMacros:8', schema: 'parallel', layer: '7' } }),
        step({ state: { space: 'mini' } }),
      ],
    }),
  );
  if (!l.ok) throw new Error(l.errors.join('; '));
  const lessonValue: Lesson = l.value;
  it('accumulates and overrides field by field', () => {
    expect(stepState(lessonValue, 0)).toEqual({ space: 'nasvit', hw: 'u55-mram', hwp: 'cimMacros:1' });
    expect(stepState(lessonValue, 1)).toEqual({ space: 'nasvit', hw: 'u55-mram', hwp: 'cimMacros:1' });
    expect(stepState(lessonValue, 2)).toEqual({ space: 'nasvit', hw: 'u55-mram', hwp: 'cimMacros:8', schema: 'parallel', layer: '7' });
    expect(stepState(lessonValue, 3)).toEqual({ space: 'mini', hw: 'u55-mram', hwp: 'cimMacros:8', schema: 'parallel' });
  });
  it('a selected layer belongs to the step that selects it', () => {
    expect(stepState(lessonValue, 3)).not.toHaveProperty('layer');
  });
});
