import { describe, expect, it } from 'vitest';
import { applyFields, checkLesson, defaultInputs, lessonEvaluator, stepInputs, type LessonInputs } from './lessonEval.js';
import { validateLesson, type Lesson, type Predicate } from './lesson.js';
import { estimateGenome } from '../schedule/estimate.js';
import { cimCapacityBytes, getSystem, validateSystem } from '../hardware/hardware.js';
import { defaultGenome, getSpace, MINI, NASVIT } from '../model/spaces.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import { genomeToLink } from '../record/linkCodec.js';
import { unitRidges } from '../hardware/roofline.js';
import { spaceSize } from '../model/genome.js';
import { proxyAccuracy } from '../accuracy/accuracy.js';
import { SCHEMA_IDS } from '../schedule/estimate.js';

const system = (over: Record<string, number> = {}, base = 'u55-mram') => {
  const r = validateSystem({ base, ...over });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};
const at = (fields: Parameters<typeof applyFields>[1]): LessonInputs => {
  const r = applyFields(defaultInputs(), fields);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return r.inputs;
};
const value = (inputs: LessonInputs, q: unknown): number => {
  const r = lessonEvaluator(inputs).evaluate({ compare: [q, '==', 0] } as Predicate);
  if (r.error) throw new Error(r.error);
  const [v] = r.values;
  if (v === undefined) throw new Error('the evaluator gave no value');
  return v;
};

describe('the evaluator reads the same numbers as estimateGenome', () => {
  const est = estimateGenome(MINI, defaultGenome(MINI), getSystem('u55-mram'));
  const ev = lessonEvaluator(defaultInputs());

  it('latency, energy and CIM weights of every schema', () => {
    for (const s of SCHEMA_IDS) {
      for (const m of ['latencyMs', 'energyUj', 'dynamicUj', 'staticUj', 'cimWeightBytes'] as const) {
        expect(value(defaultInputs(), { metric: m, schema: s })).toBe(est.schemas[s][m]);
      }
    }
  });

  it('the placement of every layer under every schema', () => {
    for (const s of SCHEMA_IDS) {
      est.layers.forEach((l, i) => {
        const is = est.schemas[s].placement[i] as 'NPU' | 'CIM' | 'split';
        expect(ev.evaluate({ placement: { layer: l.name, schema: s, is } }).holds).toBe(true);
        const other = is === 'NPU' ? 'CIM' : 'NPU';
        expect(ev.evaluate({ placement: { layer: l.name, schema: s, is: other } })).toMatchObject({
          holds: false,
          detail: `${l.name} under ${s}: ${is}`,
        });
      });
    }
  });

  it('the bound of a layer on each unit, and its time, intensity and weights', () => {
    const i = est.layers.findIndex((l) => l.name === 's4.b2.fc1');
    const c = est.costs[i];
    if (!c?.cim) throw new Error('fc1 runs on both units');
    expect(ev.evaluate({ bound: { layer: 's4.b2.fc1', unit: 'NPU', is: c.npu.bound } }).holds).toBe(true);
    expect(ev.evaluate({ bound: { layer: 's4.b2.fc1', unit: 'CIM', is: c.cim.bound } }).holds).toBe(true);
    expect(value(defaultInputs(), { metric: 'layerTimeUs', layer: 's4.b2.fc1' })).toBe(c.npu.timeUs);
    expect(value(defaultInputs(), { metric: 'layerTimeUs', layer: 's4.b2.fc1', unit: 'CIM' })).toBe(c.cim.timeUs);
    expect(value(defaultInputs(), { metric: 'layerIntensity', layer: 's4.b2.fc1' })).toBe(c.intensity);
    expect(value(defaultInputs(), { metric: 'layerWeightBytes', layer: 's4.b2.fc1' })).toBe(est.layers[i]?.weightBytes);
    expect(value(defaultInputs(), { metric: 'layerMacs', layer: 's4.b2.fc1' })).toBe(est.layers[i]?.macs);
  });

  it('the network and hardware quantities', () => {
    const hw = getSystem('u55-mram').params;
    const weightBytes = est.layers.reduce((a, l) => a + l.weightBytes, 0);
    const links = est.schemas.hetero.timeline.filter((e) => e.unit === 'LINK');
    expect(value(defaultInputs(), { metric: 'macs' })).toBe(est.macs);
    expect(value(defaultInputs(), { metric: 'params' })).toBe(est.params);
    expect(value(defaultInputs(), { metric: 'weightBytes' })).toBe(weightBytes);
    expect(value(defaultInputs(), { metric: 'layerCount' })).toBe(est.layers.length);
    expect(value(defaultInputs(), { metric: 'cimCapacityBytes' })).toBe(cimCapacityBytes(hw));
    expect(value(defaultInputs(), { metric: 'npuRidge' })).toBe(unitRidges(hw).npuWeights);
    expect(value(defaultInputs(), { metric: 'cimRidge' })).toBe(unitRidges(hw).cim);
    expect(value(defaultInputs(), { metric: 'spaceSize' })).toBe(Number(spaceSize(MINI)));
    expect(value(defaultInputs(), { metric: 'proxyAccuracy' })).toBe(proxyAccuracy(MINI, defaultGenome(MINI), est.layers));
    expect(value(defaultInputs(), { metric: 'sandwichSubnets' })).toBe(4);
    expect(value(defaultInputs(), { metric: 'cimWeightShare', schema: 'hetero' })).toBe(est.schemas.hetero.cimWeightBytes / weightBytes);
    expect(value(defaultInputs(), { metric: 'handoffs', schema: 'hetero' })).toBe(links.length);
    expect(value(defaultInputs(), { metric: 'linkUs', schema: 'hetero' })).toBeCloseTo(
      links.reduce((a, e) => a + e.endUs - e.startUs, 0),
      9,
    );
    expect(links.length).toBeGreaterThan(0);
  });
});

describe('with: a quantity on other inputs', () => {
  it('hwp over the base edits, key by key; hw resets the edits; g aliases', () => {
    const base = at({ space: 'nasvit', hwp: 'cimMacros:8,cimUnits:4' });
    const lat = (w?: Record<string, string>) => value(base, { metric: 'latencyMs', schema: 'hetero', ...(w ? { with: w } : {}) });
    const g = defaultGenome(NASVIT);
    expect(lat()).toBe(estimateGenome(NASVIT, g, system({ cimMacros: 8, cimUnits: 4 })).schemas.hetero.latencyMs);
    // cimUnits stays 4: `with` merges over the step's edits
    expect(lat({ hwp: 'cimMacros:16' })).toBe(estimateGenome(NASVIT, g, system({ cimMacros: 16, cimUnits: 4 })).schemas.hetero.latencyMs);
    expect(lat({ hwp: 'cimUnits:1' })).toBe(estimateGenome(NASVIT, g, system({ cimMacros: 8, cimUnits: 1 })).schemas.hetero.latencyMs);
    // a preset drops the edits
    expect(lat({ hw: 'npu1024-mram' })).toBe(estimateGenome(NASVIT, g, getSystem('npu1024-mram')).schemas.hetero.latencyMs);
    expect(lat({ g: 'largest' })).toBe(
      estimateGenome(NASVIT, largestGenome(NASVIT), system({ cimMacros: 8, cimUnits: 4 })).schemas.hetero.latencyMs,
    );
    expect(lat({ g: 'smallest' })).toBe(
      estimateGenome(NASVIT, smallestGenome(NASVIT), system({ cimMacros: 8, cimUnits: 4 })).schemas.hetero.latencyMs,
    );
    expect(lat({ g: genomeToLink(smallestGenome(NASVIT)) })).toBe(lat({ g: 'smallest' }));
    expect(lat({ g: 'largest' })).not.toBe(lat({ g: 'smallest' }));
  });

  it("a predicate's with applies to each quantity; a quantity's own with goes over it", () => {
    const ev = lessonEvaluator(defaultInputs());
    const r = ev.evaluate({ compare: [{ metric: 'macs' }, '<', { metric: 'macs', with: { g: 'largest' } }], with: { g: 'smallest' } });
    expect(r.values).toEqual([
      estimateGenome(MINI, smallestGenome(MINI), getSystem('u55-mram')).macs,
      estimateGenome(MINI, largestGenome(MINI), getSystem('u55-mram')).macs,
    ]);
    expect(r.holds).toBe(true);
  });

  it('ratio and saving', () => {
    const est = estimateGenome(MINI, defaultGenome(MINI), getSystem('u55-mram'));
    const npu = { metric: 'latencyMs', schema: 'npu' };
    const het = { metric: 'latencyMs', schema: 'hetero' };
    expect(value(defaultInputs(), { ratio: [npu, het] })).toBe(est.schemas.npu.latencyMs / est.schemas.hetero.latencyMs);
    expect(value(defaultInputs(), { saving: [het, npu] })).toBe(1 - est.schemas.hetero.latencyMs / est.schemas.npu.latencyMs);
    expect(value(defaultInputs(), { ratio: [{ saving: [het, npu] }, 2] })).toBe(
      (1 - est.schemas.hetero.latencyMs / est.schemas.npu.latencyMs) / 2,
    );
  });

  it('a bad with field makes the claim false with the field named, never a throw', () => {
    const r = lessonEvaluator(defaultInputs()).evaluate({ compare: [{ metric: 'macs', with: { hw: 'u99' } }, '>', 0] });
    expect(r).toMatchObject({ holds: false, error: 'with.hw: unknown system "u99"' });
    const g = lessonEvaluator(defaultInputs()).evaluate({ compare: [{ metric: 'macs', with: { g: 'biggest' } }, '>', 0] });
    expect(g.holds).toBe(false);
    expect(g.error).toMatch(/^with\.g: not smallest, largest, default or a genome/);
  });
});

describe('layers: counts with filters', () => {
  it('equal counts computed here from the estimate', () => {
    const est = estimateGenome(MINI, defaultGenome(MINI), getSystem('u55-mram'));
    const count = (f: (i: number) => boolean) => est.layers.filter((_, i) => f(i)).length;
    const cases: [Record<string, unknown>, number][] = [
      [{ metric: 'layers' }, est.layers.length],
      [{ metric: 'layers', where: { kind: 'matmul' } }, count((i) => est.layers[i]?.kind === 'matmul')],
      [
        { metric: 'layers', where: { kind: 'pwconv', npuBound: 'weights' } },
        count((i) => est.layers[i]?.kind === 'pwconv' && est.costs[i]?.npu.bound === 'weights'),
      ],
      [
        { metric: 'layers', where: { group: 'vit', staticWeights: true } },
        count((i) => est.layers[i]?.group === 'vit' && est.layers[i]?.staticWeights === true),
      ],
      [{ metric: 'layers', schema: 'hetero', where: { placement: 'CIM' } }, count((i) => est.schemas.hetero.placement[i] === 'CIM')],
      [
        { metric: 'layers', schema: 'parallel', where: { placement: 'split', kind: 'linear' } },
        count((i) => est.schemas.parallel.placement[i] === 'split' && est.layers[i]?.kind === 'linear'),
      ],
    ];
    for (const [q, n] of cases) expect({ q, n: value(defaultInputs(), q) }).toEqual({ q, n });
    // the filters are not all vacuous on this subnet
    expect(cases.map(([, n]) => n).filter((n) => n > 0).length).toBe(cases.length);
  });

  it('by reason: "CIM is full" on nasvit with one macro, counted from the schedule itself', () => {
    const sys = getSystem('u55-mram');
    const est = estimateGenome(NASVIT, defaultGenome(NASVIT), sys);
    const cap = cimCapacityBytes(sys.params);
    const het = est.schemas.hetero;
    // on the NPU, could run on the CIM, fits the CIM alone, but not beside what hetero put there
    const full = est.layers.filter(
      (l, i) => het.placement[i] === 'NPU' && est.costs[i]?.cim && l.weightBytes <= cap && het.cimWeightBytes + l.weightBytes > cap,
    ).length;
    expect(full).toBeGreaterThan(10);
    const nas = at({ space: 'nasvit' });
    expect(value(nas, { metric: 'layers', schema: 'hetero', where: { reason: 'CIM is full' } })).toBe(full);
    // NASViT's blocks (SE, the v3 head) put about 16 MB of weights in the default subnet: 16 macros hold them
    expect(value(nas, { metric: 'layers', schema: 'hetero', where: { reason: 'CIM is full' }, with: { hwp: 'cimMacros:16' } })).toBe(0);
  });

  it('a filter by placement or reason without a schema is an error, not a count', () => {
    const r = lessonEvaluator(defaultInputs()).evaluate({ compare: [{ metric: 'layers', where: { placement: 'CIM' } }, '==', 0] });
    expect(r).toMatchObject({ holds: false, error: 'a count by placement or reason needs a "schema"' });
  });
});

describe('claims that cannot be evaluated are false with a reason', () => {
  const ev = lessonEvaluator(defaultInputs());
  it('an unknown layer', () => {
    for (const p of [
      { placement: { layer: 's9.b1.qk', schema: 'hetero', is: 'NPU' } },
      { bound: { layer: 's9.b1.qk', unit: 'NPU', is: 'weights' } },
      { compare: [{ metric: 'layerTimeUs', layer: 's9.b1.qk' }, '>', 0] },
    ] as Predicate[]) {
      const r = ev.evaluate(p);
      expect(r.holds).toBe(false);
      expect(r.error).toMatch(/^no layer "s9\.b1\.qk" in this subnet \(its layers: stem, /);
    }
  });
  it('the CIM time or bound of a layer the CIM cannot run', () => {
    expect(ev.evaluate({ bound: { layer: 's3.b2.qk', unit: 'CIM', is: 'compute' } }).error).toBe(
      's3.b2.qk cannot run on the CIM (no static weights)',
    );
    expect(ev.evaluate({ compare: [{ metric: 'layerTimeUs', layer: 's3.b2.qk', unit: 'CIM' }, '>', 0] }).error).toBe(
      's3.b2.qk cannot run on the CIM (no static weights)',
    );
  });
  it('a layer of the default subnet that the smallest lacks', () => {
    const r = ev.evaluate({ placement: { layer: 's3.b2.qk', schema: 'hetero', is: 'NPU' }, with: { g: 'smallest' } });
    expect(r.holds).toBe(false);
    expect(r.error).toContain('no layer "s3.b2.qk"');
  });
});

describe('applyFields and stepInputs', () => {
  it('g aliases: smallest, largest, default of the current space', () => {
    expect(at({ space: 'nasvit', g: 'smallest' }).genome).toEqual(smallestGenome(NASVIT));
    expect(at({ space: 'nasvit', g: 'largest' }).genome).toEqual(largestGenome(NASVIT));
    expect(at({ g: 'largest' }).genome).toEqual(largestGenome(MINI));
    expect(at({ space: 'mini-cifar', g: 'default' }).genome).toEqual(defaultGenome(getSpace('mini-cifar')));
  });

  it('each bad field is named and skipped; the others apply', () => {
    const r = applyFields(defaultInputs(), { space: 'huge', hw: 'u65-dram', hwp: 'cimMacros:99', g: 'x' });
    expect(r.inputs.systemId).toBe('u65-dram');
    expect(r.inputs.space.id).toBe('mini');
    expect(r.inputs.hwOverrides).toEqual({});
    expect(r.errors[0]).toBe('space: unknown "huge"');
    expect(r.errors.some((e) => e.startsWith('hwp'))).toBe(true);
    expect(r.errors.some((e) => e.startsWith('g: '))).toBe(true);
  });

  const lesson = (steps: Record<string, unknown>[]): Lesson => {
    const r = validateLesson({
      format: 'h4h-lesson/1',
      id: 't',
      title: 'T',
      level: 'advanced',
      minutes: 3,
      summary: 'S.',
      steps: steps.map((s) => ({ title: 'S', target: 'totals', text: 'T.', claims: [], ...s })),
    });
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.value;
  };

  it("a step's inputs are the defaults with steps 1…N applied: a later space resets the subnet, a later hw the edits", () => {
    const l = lesson([
      { state: { space: 'nasvit', g: 'largest', hwp: 'cimMacros:8' } },
      {},
      { state: { hw: 'u65-dram' } },
      { state: { space: 'mini' } },
    ]);
    const s = (i: number) => stepInputs(l, i).inputs;
    expect(s(0)).toMatchObject({ systemId: 'u55-mram', hwOverrides: { cimMacros: 8 } });
    expect(s(0).genome).toEqual(largestGenome(NASVIT));
    expect(s(1)).toEqual(s(0));
    expect(s(2)).toMatchObject({ systemId: 'u65-dram', hwOverrides: {} });
    // g "largest" stays in the state, so the new space's largest
    expect(s(3).genome).toEqual(largestGenome(MINI));
  });

  it('checkLesson evaluates each step on its own inputs and names a bad state field', () => {
    const claim = { text: 'more than one macro', compare: [{ metric: 'cimCapacityBytes' }, '>', 1048576] };
    const l = lesson([
      { state: { hwp: 'cimMacros:2' }, claims: [claim] },
      { state: { hwp: 'cimMacros:1' }, claims: [claim] },
      { state: { hw: 'nope' }, claims: [] },
    ]);
    const r = checkLesson(l);
    expect(r.steps.map((s) => s.ok)).toEqual([true, false, false]);
    expect(r.failures).toEqual([
      'lesson t, step 2 ("S"), claims[0] "more than one macro": false (1,048,576 B > 1,048,576)',
      'lesson t, step 3 ("S"): state.hw: unknown system "nope"',
    ]);
  });

  it('a prediction with no true choice, or two, fails; with one, that is its answer', () => {
    const yes = { compare: [1, '<', 2] };
    const no = { compare: [2, '<', 1] };
    const predict = (a: unknown, b: unknown) => ({
      predict: {
        question: 'Q?',
        choices: [
          { text: 'a', when: a },
          { text: 'b', when: b },
        ],
      },
    });
    const r = checkLesson(lesson([predict(no, yes), predict(no, no), predict(yes, yes)]));
    expect(r.steps.map((s) => s.answer)).toEqual([[1], [], [0, 1]]);
    expect(r.failures).toEqual([
      'lesson t, step 2 ("S"), predict: no choice holds; exactly one must',
      'lesson t, step 3 ("S"), predict: choices 1 and 2 all hold; exactly one must',
    ]);
  });
});
