import { at } from '../at.js';
import { z } from '../zod.js';
import type { Rng } from '../rng.js';
import type { BlockType, Genome, SearchSpace, StageGenome, StageSpec } from '../types.js';

/** Result of validating untrusted input: the value, or messages that name each bad field. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * A short, safe rendering of an untrusted value for an error message (never the whole input): numbers
 * as JavaScript writes them (NaN, Infinity, -0 stay themselves, where JSON would write null), text
 * quoted and cut to 40 characters.
 */
export function preview(value: unknown): string {
  let text: string;
  try {
    if (typeof value === 'number') text = Object.is(value, -0) ? '-0' : String(value);
    else if (typeof value === 'bigint') text = `${value}n`;
    else if (typeof value === 'object' && value !== null) text = Array.isArray(value) ? 'a list' : 'an object';
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
const missing =
  (what: string) =>
  (iss: { code?: string; input: unknown; keys?: string[] }): string | undefined => {
    if (iss.code === 'unrecognized_keys')
      return `unknown field ${(iss.keys ?? []).map((k) => `"${preview(k).replace(/^"|"$/g, '')}"`).join(', ')} in ${what}`;
    if (iss.code !== undefined && iss.code !== 'invalid_type') return undefined;
    return iss.input === undefined ? `required (${what})` : `must be ${what}, got ${preview(iss.input)}`;
  };
const int = z.number({ error: missing('a whole number') }).int({ error: 'must be a whole number' });
const stageShape = z
  .object(
    {
      c: int,
      d: int,
      k: int,
      e: int,
      t: z.array(z.enum(['mb', 'vit'], { error: 'must be "mb" or "vit"' }), { error: missing('a list of block types') }),
      m: int,
    },
    { error: missing('a stage object') },
  )
  .strict();
const genomeShape = z
  .object(
    {
      space: z.string({ error: missing('a space id') }),
      r: int,
      stem: int,
      head: int.optional(),
      stages: z.array(stageShape, { error: missing('a list of stages') }),
    },
    { error: missing('a genome object') },
  )
  .strict();

/** Formats a zod issue path as `stages[2].k`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** Turns a zod error into one message per issue, each naming its field. */
export function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((i) => `${fieldPath(i.path) || '(root)'}: ${i.message}`);
}

const list = (xs: readonly (number | string)[]): string => xs.join(', ');

/**
 * Validates untrusted input (CLI, URL, file) as a genome of `space`. Every message names the bad
 * field and its allowed values, e.g. `stages[2].k: 7 is not allowed (allowed: 3, 5)`.
 */
/** The preset a space id belongs to: the id itself, or the part before the first `~` of a trimmed space's id. */
export const presetIdOf = (spaceId: string): string => spaceId.split('~')[0] as string;

/**
 * Validates a genome for `space`. A trimmed space's genomes are genomes of its preset: a genome
 * naming the preset (or any trim of it) is checked against `space`'s choices, and comes back naming
 * `space`.
 */
export function validateGenome(space: SearchSpace, input: unknown): Validated<Genome> {
  const parsed = genomeShape.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodMessages(parsed.error) };
  const g = parsed.data;
  const errors: string[] = [];
  const choice = (field: string, v: number, allowed: readonly number[]): void => {
    if (!allowed.includes(v)) errors.push(`${field}: ${v} is not allowed (allowed: ${list(allowed)})`);
  };
  if (presetIdOf(g.space) !== presetIdOf(space.id))
    errors.push(`space: ${preview(g.space)} does not match the selected space "${shortId(space.id)}"`);
  choice('r', g.r, space.r);
  choice('stem', g.stem, space.stem);
  if (!space.head) {
    if (g.head !== undefined)
      errors.push(`head: the space "${shortId(space.id)}" has no head-width gene (its head is fixed); leave head out`);
  } else if (g.head !== undefined) choice('head', g.head, space.head);
  else if (!space.head.includes(space.headConv))
    errors.push(
      `head: required: a genome without it has the head width ${space.headConv}, which is not allowed (allowed: ${list(space.head)})`,
    );
  if (g.stages.length !== space.stages.length) {
    errors.push(`stages: ${g.stages.length} stages given, the space "${shortId(space.id)}" has ${space.stages.length}`);
  }
  g.stages.forEach((st, i) => {
    const spec = space.stages[i];
    if (!spec) return;
    const f = `stages[${i}]`;
    choice(`${f}.c`, st.c, spec.c);
    choice(`${f}.d`, st.d, spec.d);
    choice(`${f}.k`, st.k, spec.k);
    choice(`${f}.e`, st.e, spec.e);
    choice(`${f}.m`, st.m, spec.m);
    if (st.t.length !== st.d) errors.push(`${f}.t: ${st.t.length} block types given for depth d = ${st.d}`);
    if (st.t[0] !== undefined && st.t[0] !== 'mb')
      errors.push(`${f}.t[0]: the first block of a stage must be "mb" (it carries the stride and width change)`);
    st.t.forEach((t, j) => {
      if (t === 'vit' && !spec.hybrid) errors.push(`${f}.t[${j}]: "vit" is not allowed in non-hybrid stage ${spec.name} (allowed: mb)`);
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  // a head of the default width is left out, as in the canonical form: with or without it, one genome
  const { space: _id, r, stem, head, stages } = g;
  return { ok: true, value: { space: space.id, r, stem, ...(head !== undefined && head !== space.headConv ? { head } : {}), stages } };
}

/** The head width of a genome of `space`: its `head` gene, or the space's fixed `headConv` without one. */
export const headWidth = (space: SearchSpace, g: Genome): number => g.head ?? space.headConv;

/** `g` with head width `head`: left out when it is the space's default (`headConv`), as the canonical form has it. */
function withHead(space: SearchSpace, g: Genome, head: number | undefined): Genome {
  const { head: _old, stages, ...top } = g;
  return { ...top, ...(head !== undefined && head !== space.headConv ? { head } : {}), stages };
}

const shortId = (id: string): string => (id.length > 60 ? `${id.slice(0, 59)}…` : id);

/** Parses genome JSON text (a textarea, a file) and validates it; `field` names the text in messages. */
export function parseGenome(space: SearchSpace, text: string, field = 'genome'): Validated<Genome> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`${field}: not valid JSON (${(e as Error).message})`] };
  }
  return validateGenome(space, raw);
}

/**
 * The canonical form of a genome: the MLP ratio of a stage without transformer blocks does not change
 * the network, so it is set to the stage's first choice; a head of the default width (`headConv`) is
 * left out. Two genomes describe the same subnet iff their canonical forms are equal.
 */
export function canonicalize(space: SearchSpace, g: Genome): Genome {
  return {
    ...withHead(space, g, g.head),
    stages: g.stages.map((st, i) => {
      const spec = at(space.stages, i);
      const t: BlockType[] = st.t.slice(0, st.d).map((x, j) => (j === 0 || !spec.hybrid ? 'mb' : x));
      const m = t.includes('vit') ? st.m : at(spec.m, 0);
      return { ...st, t, m };
    }),
  };
}

/** A stable string key of the canonical genome (for duplicate removal and lookup tables). */
export function genomeKey(space: SearchSpace, g: Genome): string {
  const c = canonicalize(space, g);
  return (
    `${c.r}/${c.stem}/${c.head !== undefined ? `h${c.head}/` : ''}` +
    c.stages.map((s) => `${s.c},${s.d},${s.k},${s.e},${s.m},${s.t.map((t) => (t === 'vit' ? 'v' : 'm')).join('')}`).join('/')
  );
}

/** Number of distinct subnets of one stage (exact). */
export function stageSize(spec: StageSpec): bigint {
  const base = BigInt(spec.c.length * spec.k.length * spec.e.length);
  let patterns = 0n;
  for (const d of spec.d) {
    if (!spec.hybrid || d <= 1) {
      patterns += 1n;
    } else {
      // all-MBConv (MLP ratio irrelevant) + every pattern with at least one transformer × MLP ratios
      patterns += 1n + ((1n << BigInt(d - 1)) - 1n) * BigInt(spec.m.length);
    }
  }
  return base * patterns;
}

/** Exact number of distinct subnets in a space (canonical genomes). */
export function spaceSize(space: SearchSpace): bigint {
  return space.stages.reduce((acc, s) => acc * stageSize(s), BigInt(space.r.length * space.stem.length * (space.head?.length ?? 1)));
}

/** Samples a genome uniformly per gene (not uniformly over subnets), canonical. */
export function sampleGenome(space: SearchSpace, rng: Rng): Genome {
  return drawGenome(space, (choices) => rng.pick(choices), rng);
}

/**
 * A random subnet across the whole range of sizes: a tilt p is drawn uniformly from [0, 1), then each
 * sized gene (r, stem, per stage c, d, k, e, m, and the head where it is a gene) takes its i-th smallest choice of n
 * with probability Binomial(n − 1, p) — small subnets when p is near 0, large near 1, the middle
 * otherwise; block types are drawn as in `sampleGenome`. Uniform sampling of the genes concentrates
 * subnets in the middle of the space (every gene averages out); a predictor that ranks a front which
 * spans the sizes is fitted and validated on both (after AttentiveNAS's sampling over FLOPs).
 */
export function sampleGenomeTilted(space: SearchSpace, rng: Rng): Genome {
  const p = rng.next();
  const tilt = (choices: readonly number[]): number => {
    const ascending = [...choices].sort((a, b) => a - b);
    let i = 0;
    for (let j = 1; j < ascending.length; j++) if (rng.next() < p) i++;
    const v = ascending[i];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  };
  return drawGenome(space, tilt, rng);
}

/**
 * A canonical genome whose every sized gene is drawn by `draw` from its choices, in a fixed order (r,
 * stem, per stage d, c, k, e, the block types by `rng`, m; the head last), which the seeded runs rely on.
 */
function drawGenome(space: SearchSpace, draw: (choices: readonly number[]) => number, rng: Rng): Genome {
  const g: Genome = {
    space: space.id,
    r: draw(space.r),
    stem: draw(space.stem),
    stages: space.stages.map((spec) => {
      const d = draw(spec.d);
      return { c: draw(spec.c), d, k: draw(spec.k), e: draw(spec.e), t: sampleTypes(spec, d, rng), m: draw(spec.m) };
    }),
  };
  return withHeadGene(space, g, draw);
}

/**
 * `g` canonical, its head width given by `head` from the space's choices: the head is drawn last, and
 * only where it is a gene, so a space without it draws as before.
 */
function withHeadGene(space: SearchSpace, g: Genome, head: (choices: readonly number[]) => number): Genome {
  return canonicalize(space, space.head ? withHead(space, g, head(space.head)) : g);
}

/** Block types of a stage of depth d: MBConv first, then each block a transformer with probability 1/2 where the stage is hybrid. */
function sampleTypes(spec: StageSpec, d: number, rng: Rng): BlockType[] {
  return Array.from({ length: d }, (_, j): BlockType => (j > 0 && spec.hybrid && rng.next() < 0.5 ? 'vit' : 'mb'));
}

/**
 * Per-gene mutation: each gene (r, stem, per stage c, d, k, e, m and every block type, then the head where it is a gene) is
 * resampled with probability `p`. A changed depth keeps the existing block types and samples new ones.
 */
export function mutateGenome(space: SearchSpace, g: Genome, rng: Rng, p = 0.1): Genome {
  const maybe = <T>(v: T, choices: readonly T[]): T => (rng.next() < p ? rng.pick(choices) : v);
  const out: Genome = {
    space: space.id,
    r: maybe(g.r, space.r),
    stem: maybe(g.stem, space.stem),
    stages: g.stages.map((st, i) => {
      const spec = space.stages[i] as StageSpec;
      const d = maybe(st.d, spec.d);
      const fresh = sampleTypes(spec, d, rng);
      const t = fresh.map((x, j) => {
        const old = st.t[j];
        if (old === undefined) return x;
        return spec.hybrid && j > 0 && rng.next() < p ? (old === 'mb' ? 'vit' : 'mb') : old;
      });
      return { c: maybe(st.c, spec.c), d, k: maybe(st.k, spec.k), e: maybe(st.e, spec.e), t, m: maybe(st.m, spec.m) };
    }),
  };
  return withHeadGene(space, out, (choices) => maybe(headWidth(space, g), choices));
}

/** Uniform crossover: every gene from either parent with probability 1/2; block types slot by slot; the head (where a gene) last. */
export function crossoverGenomes(space: SearchSpace, a: Genome, b: Genome, rng: Rng): Genome {
  const either = <T>(x: T, y: T): T => (rng.next() < 0.5 ? x : y);
  const out: Genome = {
    space: space.id,
    r: either(a.r, b.r),
    stem: either(a.stem, b.stem),
    stages: a.stages.map((sa, i) => {
      const sb = b.stages[i] as StageGenome;
      const d = either(sa.d, sb.d);
      const t = Array.from({ length: d }, (_, j): BlockType => {
        const ta = sa.t[j];
        const tb = sb.t[j];
        if (ta !== undefined && tb !== undefined) return either(ta, tb);
        return ta ?? tb ?? 'mb';
      });
      return { c: either(sa.c, sb.c), d, k: either(sa.k, sb.k), e: either(sa.e, sb.e), t, m: either(sa.m, sb.m) };
    }),
  };
  return withHeadGene(space, out, () => either(headWidth(space, a), headWidth(space, b)));
}
