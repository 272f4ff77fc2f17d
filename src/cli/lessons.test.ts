import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultGenome, estimateGenome, getSystem, MAX_LESSON_BYTES, MINI } from '../core/index.js';
import { SHIPPED_LESSONS } from '../core/learn/lessons/index.js';
import { runCli } from './runInProcess.js';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'h4h-lessons-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const example = JSON.parse(readFileSync('examples/lesson-example.json', 'utf8')) as {
  id: string;
  steps: { title: string; claims: { text: string; compare?: unknown[] }[]; predict?: { choices: { text: string; when: unknown }[] } }[];
};

interface ClaimDoc {
  text: string;
  predicate: Record<string, unknown>;
  holds: boolean;
  detail: string;
  values: number[];
}
interface StepDoc {
  step: number;
  title: string;
  target: string;
  claims: ClaimDoc[];
  predict: { question: string; choices: { text: string; holds: boolean }[]; answer: number | null } | null;
}
interface LessonDoc {
  id: string;
  title: string;
  level: string;
  minutes: number;
  steps: StepDoc[];
}

describe('h4h lessons', () => {
  it('--json: at least seven lessons of at least four steps, every claim holding, every prediction with one answer', () => {
    const r = run('lessons', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { lessons: LessonDoc[] };
    expect(doc.lessons.map((l) => l.id)).toEqual(SHIPPED_LESSONS.map((l) => l.id));
    expect(doc.lessons.length).toBeGreaterThanOrEqual(7);
    for (const l of doc.lessons) {
      expect(l.steps.length).toBeGreaterThanOrEqual(4);
      for (const s of l.steps) {
        for (const c of s.claims)
          expect({ lesson: l.id, step: s.step, claim: c.text, holds: c.holds }).toEqual({
            lesson: l.id,
            step: s.step,
            claim: c.text,
            holds: true,
          });
        if (s.predict) {
          expect(s.predict.answer).not.toBeNull();
          expect(s.predict.choices.filter((c) => c.holds)).toHaveLength(1);
          expect(s.predict.choices[s.predict.answer ?? -1]?.holds).toBe(true);
        }
      }
    }
  });

  it('--json gives each claim its predicate and the values the estimator computes', () => {
    const doc = JSON.parse(run('lessons', '--json').stdout) as { lessons: LessonDoc[] };
    const first = doc.lessons.find((l) => l.id === 'first-look')?.steps[0]?.claims[0];
    // step 1 of first-look: "hetero is faster than NPU only", on mini's default subnet on u55-mram
    const est = estimateGenome(MINI, defaultGenome(MINI), getSystem('u55-mram'));
    expect(first?.predicate).toEqual({ compare: [{ metric: 'latencyMs', schema: 'hetero' }, '<', { metric: 'latencyMs', schema: 'npu' }] });
    expect(first?.values).toEqual([est.schemas.hetero.latencyMs, est.schemas.npu.latencyMs]);
    expect(first?.detail).toBe(`${est.schemas.hetero.latencyMs.toPrecision(4)} ms < ${est.schemas.npu.latencyMs.toPrecision(4)} ms`);
  });

  it('text: one row per lesson with its steps, predictions and claims', () => {
    const r = run('lessons');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^id\s+level\s+time\s+steps\s+predictions\s+claims\s+title$/);
    for (const l of SHIPPED_LESSONS) {
      const row = rows.find((x) => x.startsWith(`${l.id} `));
      expect(row).toContain(`${l.minutes} min`);
      expect(row).toContain(l.title);
      expect(row).toMatch(/\d+, all hold/);
    }
  });
});

describe('h4h lesson check', () => {
  it('the example lesson holds: exit 0, every claim listed as ok', () => {
    const r = run('lesson', 'check', 'examples/lesson-example.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('step 3  Sixteen macros on nasvit  [macros]');
    expect(r.stdout.match(/^ {2}ok {3}/gm)).toHaveLength(6 + 2);
    expect(r.stdout).not.toContain('FAIL');
    expect(r.stdout).toContain('lesson my-first-lesson: every claim holds');
  });

  it('a false claim: exit 1, naming the lesson, the step and the claim', () => {
    const bad = structuredClone(example);
    // step 3, claims[1]: "hetero is more than 1.5 times as fast as NPU only" made to ask for ten times
    (bad.steps[2]?.claims[1]?.compare as unknown[])[2] = 10;
    const r = run('lesson', 'check', file('false-claim.json', bad));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^h4h: lesson my-first-lesson, step 3 \("Sixteen macros on nasvit"\), claims\[1\] "hetero is more than 1\.5 times as fast as NPU only": false \(1\.682× > 10\)\n$/,
    );
    expect(r.stdout).toContain('  FAIL hetero is more than 1.5 times as fast as NPU only — false: 1.682× > 10');
  });

  it('a prediction whose choices both hold: exit 1, naming the step', () => {
    const bad = structuredClone(example);
    const choices = bad.steps[0]?.predict?.choices;
    if (!choices?.[0] || !choices[1]) throw new Error('the example has a prediction in step 1');
    choices[0].when = choices[1].when;
    const r = run('lesson', 'check', file('two-answers.json', bad));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'h4h: lesson my-first-lesson, step 1 ("A weight-bound projection"), predict: choices 1 and 2 all hold; exactly one must',
    );
  });

  it('a layer the subnet lacks is a false claim with its reason, not a crash', () => {
    const bad = structuredClone(example) as unknown as { steps: { claims: Record<string, unknown>[] }[] };
    (bad.steps[0] as { claims: Record<string, unknown>[] }).claims = [
      { text: 'no such layer', placement: { layer: 's9.b9.qk', schema: 'hetero', is: 'NPU' } },
    ];
    const r = run('lesson', 'check', file('no-layer.json', bad));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'step 1 ("A weight-bound projection"), claims[0] "no such layer": false (no layer "s9.b9.qk" in this subnet',
    );
  });

  it('--json: the lesson document with ok and the failures', () => {
    const good = JSON.parse(run('lesson', 'check', 'examples/lesson-example.json', '--json').stdout) as LessonDoc & {
      ok: boolean;
      failures: string[];
    };
    expect(good.ok).toBe(true);
    expect(good.failures).toEqual([]);
    expect(good.steps.map((s) => s.predict?.answer ?? null)).toEqual([1, null, 0]);
    const bad = structuredClone(example);
    (bad.steps[2]?.claims[1]?.compare as unknown[])[1] = '<';
    const r = run('lesson', 'check', file('false-json.json', bad), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as LessonDoc & { ok: boolean; failures: string[] };
    expect(doc.ok).toBe(false);
    expect(doc.failures).toHaveLength(1);
    expect(doc.steps[2]?.claims[1]?.holds).toBe(false);
  });

  const malformed: [string, unknown, RegExp][] = [
    [
      'an unknown metric',
      {
        ...example,
        steps: example.steps.map((s, i) =>
          i === 1 ? { ...s, claims: [{ text: 'x', compare: [{ metric: 'latency', schema: 'npu' }, '<', 1] }] } : s,
        ),
      },
      /steps\[1\]\.claims\[0\]\.compare\[0\]\.metric: .*\(step 2\)/,
    ],
    [
      'an unknown target',
      { ...example, steps: example.steps.map((s, i) => (i === 0 ? { ...s, target: 'the-roof' } : s)) },
      /steps\[0\]\.target: .*\(step 1\)/,
    ],
    [
      'an unknown state field',
      { ...example, steps: example.steps.map((s, i) => (i === 2 ? { ...s, state: { macros: '8' } } : s)) },
      /steps\[2\]\.state: .*macros.*\(step 3\)/,
    ],
    [
      'a prediction with one choice',
      {
        ...example,
        steps: example.steps.map((s, i) => (i === 0 ? { ...s, predict: { question: 'q?', choices: [s.predict?.choices[0]] } } : s)),
      },
      /steps\[0\]\.predict\.choices: at least 2 choices \(step 1\)/,
    ],
    ['a wrong format', { ...example, format: 'h4h-lesson/9' }, /format: must be "h4h-lesson\/1"/],
  ];
  for (const [what, content, message] of malformed) {
    it(`a malformed file (${what}): exit 2, the field named`, () => {
      const r = run('lesson', 'check', file(`${what.replace(/\W+/g, '-')}.json`, content));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('not JSON, too large, missing: exit 2 with the reason', () => {
    const notJson = run('lesson', 'check', file('not.json', '{ "format": '));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^h4h: \S+not\.json: not JSON \(/);
    const huge = run('lesson', 'check', file('huge.json', `{"x":"${'a'.repeat(MAX_LESSON_BYTES)}"}`));
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/^h4h: \S+huge\.json: 65,544 characters; a lesson file may have at most 65,536\n$/);
    const missing = run('lesson', 'check', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a readable file');
  });

  it('usage: a subcommand other than check, or no file, is refused', () => {
    expect(run('lesson', 'run', 'x.json').stderr).toContain('lesson: unknown subcommand "run" (allowed: lesson check FILE)');
    const noFile = run('lesson', 'check');
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('lesson check: give the lesson file');
    expect(run('lesson', 'check', 'a.json', 'b.json').stderr).toContain('unexpected argument "b.json"');
    expect(run('help').stdout).toContain('lesson check FILE [--json]');
  });
});
