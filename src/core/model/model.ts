/**
 * A user's own network (SPEC §3.1): `validateModel` checks untrusted input (the schema in
 * `modelSchema.ts`, then the limits and the shapes, by expanding it: `modelExpand.ts`), and
 * `mobileNetV2` is the reference description. The types and `expandModel` are re-exported here.
 */
import { zodMessages, type Validated } from './genome.js';
import { expandModel } from './modelExpand.js';
import { modelSchema, type ModelDescription, type ModelOp } from './modelSchema.js';

export type { ModelDescription, ModelOp } from './modelSchema.js';
export { expandModel } from './modelExpand.js';

/** At most this many ops in a description, branches included, and this deep a nesting of branches. */
export const MODEL_LIMITS = { ops: 10000, depth: 8 } as const;

/** Validates untrusted input as a model description; messages name the field (`layers[3].c`). */
export function validateModel(input: unknown): Validated<ModelDescription> {
  const r = modelSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: zodMessages(r.error) };
  const model = r.data as ModelDescription;
  // shape checks that depend on the running feature map
  try {
    const size = countOps(model.layers, 'layers', 0);
    if (size > MODEL_LIMITS.ops)
      return {
        ok: false,
        errors: [`layers: ${size.toLocaleString('en-US')} ops with the branches', at most ${MODEL_LIMITS.ops.toLocaleString('en-US')}`],
      };
    if (expandModel(model).length === 0)
      return { ok: false, errors: ['layers: no layer with a cost (act, tokens, reshape and pad alone add none)'] };
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  return { ok: true, value: model };
}

function countOps(ops: readonly ModelOp[], path: string, depth: number): number {
  if (depth > MODEL_LIMITS.depth) throw new Error(`${path}: branches nested more than ${MODEL_LIMITS.depth} deep`);
  let n = 0;
  ops.forEach((op, i) => {
    n++;
    if (op.op === 'concat') op.branches.forEach((b, j) => (n += countOps(b, `${path}[${i}].branches[${j}]`, depth + 1)));
  });
  return n;
}

/** Whether a description has branches: they are costed one after another, as a chain (say so). */
export const hasBranches = (model: ModelDescription): boolean => model.layers.some((op) => op.op === 'concat');

/** What the estimate of a model with branches says about them. */
export const BRANCHES_NOTE = 'branches (concat) are costed one after another, as a chain: each runs alone, none overlaps another';

/** MobileNetV2 (width 1.0) as a model description: the reference check of the layer counting. */
export function mobileNetV2(resolution = 224): ModelDescription {
  const layers: ModelOp[] = [{ op: 'conv', k: 3, s: 2, c: 32 }];
  let cin = 32;
  const settings: [number, number, number, number][] = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  for (const [t, c, n, s] of settings) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      if (t !== 1) layers.push({ op: 'pw', c: cin * t });
      layers.push({ op: 'dw', k: 3, s: stride });
      layers.push({ op: 'pw', c });
      if (stride === 1 && cin === c) layers.push({ op: 'add' });
      cin = c;
    }
  }
  layers.push({ op: 'pw', c: 1280 }, { op: 'pool' }, { op: 'fc', c: 1000 });
  return { name: 'mobilenet_v2', input: [resolution, resolution, 3], layers };
}
