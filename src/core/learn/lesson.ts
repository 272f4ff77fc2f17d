/**
 * A lesson (SPEC §8.1): a JSON document of text only — never rendered as HTML — whose steps set the
 * page through the link's own fields, point at one part of the page, explain it, may ask the learner
 * to predict before revealing, and state claims as predicates that core evaluates on the live
 * estimate (`lessonEval.ts`). A prediction's answer is the choice whose predicate holds: it is
 * computed, never stored. This module is the format and its one validation (page, link, run record
 * and CLI); every message names the step and the field.
 */
import { z } from '../zod.js';
import { fieldPath, type Validated } from '../model/genome.js';
import { SCHEMA_IDS } from '../schedule/estimate.js';
import type { SchemaId } from '../types.js';

/** The parts of the page a step may point at, each with the panel that holds it (null: the sidebar). */
export const LESSON_TARGETS = {
  space: { panel: null, label: 'the search-space choice' },
  system: { panel: null, label: 'the hardware preset' },
  hardware: { panel: null, label: 'the hardware parameters' },
  macros: { panel: null, label: 'the number of CIM macros' },
  'compute-units': { panel: null, label: 'the number of CIM compute units' },
  genome: { panel: 'subnet', label: 'the subnet’s genes' },
  presets: { panel: 'subnet', label: 'the smallest / default / largest buttons' },
  summary: { panel: 'estimate', label: 'the summary line' },
  totals: { panel: 'estimate', label: 'the totals per schema' },
  timeline: { panel: 'timeline', label: 'the placement timeline' },
  sweep: { panel: 'sweep', label: 'the CIM design sweep' },
  architecture: { panel: 'layers', label: 'the architecture view' },
  'layer-table': { panel: 'layers', label: 'the layer table and its reasons' },
  'search-settings': { panel: 'search', label: 'the search settings' },
  'search-run': { panel: 'search', label: 'the search’s Run button' },
  pareto: { panel: 'search', label: 'the Pareto plots' },
  hypervolume: { panel: 'search', label: 'the hypervolume chart' },
  'front-table': { panel: 'search', label: 'the table of the front' },
  'training-settings': { panel: 'training', label: 'the training settings' },
  'training-run': { panel: 'training', label: 'the training controls' },
  glossary: { panel: 'learn', label: 'the glossary' },
} as const satisfies Record<string, { panel: string | null; label: string }>;
export type LessonTarget = keyof typeof LESSON_TARGETS;
export const LESSON_TARGET_IDS = Object.keys(LESSON_TARGETS) as LessonTarget[];

/**
 * The link fields a step may set (`state`) or a quantity may change (`with`), as a link writes them:
 * `{ "hw": "u55-mram", "hwp": "cimMacros:8", "g": "28.16_…", "schema": "hetero" }`. In lessons `g`
 * may also be `smallest`, `largest` or `default` (of the space). Steps apply cumulatively from the
 * page's defaults: step N's page is the defaults with steps 1…N's fields over them, so a lesson
 * link opened at step N shows what playing up to N shows.
 */
export const LESSON_STATE_FIELDS = ['space', 'hw', 'hwp', 'g', 'schema', 'layer', 'hide', 'search', 'trim', 'train'] as const;
/** The fields core reads when it evaluates a claim (the others only change the page). */
export const LESSON_WITH_FIELDS = ['space', 'hw', 'hwp', 'g'] as const;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const fieldValue = z.string().max(400, 'at most 400 characters');
const stateSchema = z.strictObject(
  Object.fromEntries(LESSON_STATE_FIELDS.map((k) => [k, fieldValue.optional()])) as Record<
    (typeof LESSON_STATE_FIELDS)[number],
    z.ZodOptional<typeof fieldValue>
  >,
);
const withSchema = z.strictObject(
  Object.fromEntries(LESSON_WITH_FIELDS.map((k) => [k, fieldValue.optional()])) as Record<
    (typeof LESSON_WITH_FIELDS)[number],
    z.ZodOptional<typeof fieldValue>
  >,
);
const schemaId = z.enum(SCHEMA_IDS as [SchemaId, ...SchemaId[]]);
const layerName = z.string().regex(/^[\w.-]{1,40}$/, 'a layer name such as "s4.b2.qk" (letters, digits, ".", "_", "-")');

/** Which layers a count takes: every condition given must hold. */
const layerFilter = z.strictObject({
  kind: z.enum(['conv', 'dwconv', 'pwconv', 'linear', 'matmul', 'softmax', 'norm', 'eltwise', 'pool']).optional(),
  group: z.enum(['stem', 'mb', 'vit', 'head', 'model']).optional(),
  /** where `schema` placed it */
  placement: z.enum(['NPU', 'CIM', 'split']).optional(),
  /** what limits it on the NPU (the roofline term that dominates) */
  npuBound: z.enum(['compute', 'weights', 'activations']).optional(),
  /** whether it has static weights (false: an activation × activation matmul) */
  staticWeights: z.boolean().optional(),
  /** part of the one-line reason `schema` gives for its placement, e.g. "CIM is full" */
  reason: z.string().min(1).max(80).optional(),
});

/** Quantities over the whole network under one schema. */
export const SCHEMA_METRICS = [
  'latencyMs',
  'energyUj',
  'dynamicUj',
  'staticUj',
  'cimWeightShare',
  'cimWeightBytes',
  'handoffs',
  'linkUs',
] as const;
/** Quantities of the network or hardware that need no schema. */
export const NETWORK_METRICS = [
  'macs',
  'params',
  'weightBytes',
  'layerCount',
  'cimCapacityBytes',
  'npuRidge',
  'cimRidge',
  'spaceSize',
  'proxyAccuracy',
  'sandwichSubnets',
] as const;
/** Quantities of one layer (`layer`), on one unit where it matters (`unit`). */
export const LAYER_METRICS = ['layerTimeUs', 'layerIntensity', 'layerWeightBytes', 'layerMacs'] as const;

export type Quantity =
  | number
  | { readonly metric: (typeof SCHEMA_METRICS)[number]; readonly schema: SchemaId; readonly with?: LessonWith }
  | { readonly metric: (typeof NETWORK_METRICS)[number]; readonly with?: LessonWith }
  | { readonly metric: (typeof LAYER_METRICS)[number]; readonly layer: string; readonly unit?: 'NPU' | 'CIM'; readonly with?: LessonWith }
  | { readonly metric: 'layers'; readonly schema?: SchemaId; readonly where?: z.infer<typeof layerFilter>; readonly with?: LessonWith }
  | { readonly ratio: readonly [Quantity, Quantity] }
  | { readonly saving: readonly [Quantity, Quantity] };

export type LessonWith = z.infer<typeof withSchema>;

const quantity: z.ZodType<Quantity> = z.lazy(() =>
  z.union([
    z.number().finite(),
    z.strictObject({ metric: z.enum(SCHEMA_METRICS), schema: schemaId, with: withSchema.optional() }),
    z.strictObject({ metric: z.enum(NETWORK_METRICS), with: withSchema.optional() }),
    z.strictObject({
      metric: z.enum(LAYER_METRICS),
      layer: layerName,
      unit: z.enum(['NPU', 'CIM']).optional(),
      with: withSchema.optional(),
    }),
    z.strictObject({
      metric: z.literal('layers'),
      schema: schemaId.optional(),
      where: layerFilter.optional(),
      with: withSchema.optional(),
    }),
    z.strictObject({ ratio: z.tuple([quantity, quantity]) }),
    z.strictObject({ saving: z.tuple([quantity, quantity]) }),
  ]),
) as z.ZodType<Quantity>;

export const COMPARE_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** A predicate: one of `placement`, `bound` or `compare`; `with` applies to every quantity in it. */
const predicateFields = {
  placement: z.strictObject({ layer: layerName, schema: schemaId, is: z.enum(['NPU', 'CIM', 'split']) }).optional(),
  bound: z.strictObject({ layer: layerName, unit: z.enum(['NPU', 'CIM']), is: z.enum(['compute', 'weights', 'activations']) }).optional(),
  compare: z.tuple([quantity, z.enum(COMPARE_OPS), quantity]).optional(),
  with: withSchema.optional(),
};
const exactlyOne = (p: { placement?: unknown; bound?: unknown; compare?: unknown }): boolean =>
  [p.placement, p.bound, p.compare].filter((x) => x !== undefined).length === 1;
const ONE_OF = { error: 'give exactly one of "placement", "bound" or "compare"' };
const predicate = z.strictObject(predicateFields).refine(exactlyOne, ONE_OF);
const claim = z.strictObject({ text: text(300), ...predicateFields }).refine(exactlyOne, ONE_OF);

export type Predicate = z.infer<typeof predicate>;
export type Claim = z.infer<typeof claim>;

const step = z.strictObject({
  title: text(80),
  /** link fields set by this step (over the defaults and the earlier steps' fields) */
  state: stateSchema.optional(),
  target: z.enum(LESSON_TARGET_IDS as [LessonTarget, ...LessonTarget[]]),
  text: text(1200),
  /** what the learner is asked to do on the page, if anything */
  task: text(300).optional(),
  predict: z
    .strictObject({
      question: text(300),
      choices: z
        .array(z.strictObject({ text: text(200), when: predicate }))
        .min(2, 'at least 2 choices')
        .max(5, 'at most 5 choices'),
      /** shown once the learner has answered */
      reveal: text(800).optional(),
    })
    .optional(),
  claims: z.array(claim).max(8, 'at most 8 claims per step'),
});

export const LESSON_FORMAT = 'h4h-lesson/1';
/** A lesson's id (also what a link's `lesson=` may name). */
export const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A lesson file larger than this is refused before it is parsed. */
export const MAX_LESSON_BYTES = 64 * 1024;

const lessonSchema = z.strictObject({
  format: z.literal(LESSON_FORMAT, { error: `must be "${LESSON_FORMAT}"` }),
  id: z.string().regex(LESSON_ID, 'lower-case letters, digits and "-", at most 40'),
  title: text(100),
  level: z.enum(['introductory', 'intermediate', 'advanced']),
  minutes: z.number().int('a whole number of minutes').min(1).max(120),
  summary: text(400),
  steps: z.array(step).min(1, 'at least 1 step').max(20, 'at most 20 steps'),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStep = Lesson['steps'][number];
export type LessonState = NonNullable<LessonStep['state']>;

/** Validates a lesson object; each message names its field, e.g. `steps[2].claims[0].compare[0].metric: …`. */
export function validateLesson(input: unknown): Validated<Lesson> {
  const r = lessonSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const issue of r.error.issues) {
    // a union reports each branch: keep the branch that got furthest, said once per field
    const inner = issue.code === 'invalid_union' && 'errors' in issue ? deepest(issue.errors as z.core.$ZodIssue[][], issue.path) : null;
    const path = fieldPath(inner?.path ?? issue.path) || '(root)';
    const msg = `${path}: ${inner?.message ?? issue.message}`;
    if (!seen.has(msg)) errors.push(msg);
    seen.add(msg);
  }
  return { ok: false, errors };
}

/** Of a union's branch failures, the issue with the longest path (the branch that matched most). */
function deepest(
  branches: readonly (readonly z.core.$ZodIssue[])[],
  base: readonly PropertyKey[],
): { path: PropertyKey[]; message: string } | null {
  let best: { path: PropertyKey[]; message: string } | null = null;
  for (const issues of branches) {
    for (const i of issues) {
      const nested = i.code === 'invalid_union' && 'errors' in i ? deepest(i.errors as z.core.$ZodIssue[][], [...base, ...i.path]) : null;
      const cand = nested ?? { path: [...base, ...i.path], message: i.message };
      if (!best || cand.path.length > best.path.length) best = cand;
    }
  }
  return best;
}

/** Parses a lesson file's text: size limit, JSON, then the schema. */
export function parseLesson(textIn: string, name = 'lesson'): Validated<Lesson> {
  if (textIn.length > MAX_LESSON_BYTES)
    return {
      ok: false,
      errors: [
        `${name}: ${textIn.length.toLocaleString('en-US')} characters; a lesson file may have at most ${MAX_LESSON_BYTES.toLocaleString('en-US')}`,
      ],
    };
  let json: unknown;
  try {
    json = JSON.parse(textIn);
  } catch (e) {
    return { ok: false, errors: [`${name}: not JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})`] };
  }
  return validateLesson(json);
}

/** Fields that belong to the one step that sets them: a selected layer would fade the next step's timeline. */
export const STEP_OWN_FIELDS: readonly string[] = ['layer'];

/**
 * Step `index`'s page state: the fields of steps 0…index, later ones over earlier ones — except
 * STEP_OWN_FIELDS, which only the step itself sets.
 */
export function stepState(lesson: Lesson, index: number): LessonState {
  const out = Object.create(null) as Record<string, string>;
  lesson.steps.slice(0, index + 1).forEach((s, i) => {
    for (const [k, v] of Object.entries(s.state ?? {})) if (i === index || !STEP_OWN_FIELDS.includes(k)) out[k] = v as string;
  });
  return out as LessonState;
}
