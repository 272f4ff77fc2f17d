/**
 * The link's codecs of the fields core itself reads — the genome (`g=`) and the hardware edits
 * (`hwp=`) — so that the page's URL (`state/url.ts`), a lesson's step state and the CLI read them
 * the same way. Nothing here throws.
 */
import { pushAll } from '../numbers.js';
import { HW_PARAMS, validateSystem, type HwKey } from '../hardware/hardware.js';
import type { Genome } from '../types.js';

/**
 * The genome as `r.stem_c.d.k.e.m.types_…`; a genome with a `head` gene (NASViT's head width, left out
 * at its default) as `r.stem.head_…`, so every link written before the gene, and every genome
 * without it (all of `mini`'s), reads and writes as before.
 */
export function genomeToLink(g: Genome): string {
  return [
    g.head === undefined ? `${g.r}.${g.stem}` : `${g.r}.${g.stem}.${g.head}`,
    ...g.stages.map((s) => `${s.c}.${s.d}.${s.k}.${s.e}.${s.m}.${s.t.map((t) => (t === 'vit' ? 'v' : 'm')).join('')}`),
  ].join('_');
}

const num = /^\d{1,6}$/;

/**
 * A number as the link writes it (`String`) and reads it back: every finite number, `1e+21` and
 * `5e-324` included, reads back to itself (a property test checks the round trip).
 */
export const LINK_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A link's number, or the text itself when it is not one (the validator then names it). */
export const linkNumber = (raw: string): number | string => (LINK_NUMBER.test(raw) ? Number(raw) : raw);

/** Reads `g=` (`r.stem` or `r.stem.head`, then the stages); the genome is then validated against the space like typed JSON. */
export function genomeFromLink(space: string, text: string): Genome | null {
  const [top, ...stages] = text.split('_');
  const hs = (top ?? '').split('.');
  if ((hs.length !== 2 && hs.length !== 3) || !hs.every((x) => num.test(x))) return null;
  const out: Genome['stages'][number][] = [];
  for (const s of stages) {
    const f = s.split('.');
    if (f.length !== 6 || !f.slice(0, 5).every((x) => num.test(x)) || !/^[mv]{0,16}$/.test(f[5] ?? '')) return null;
    const [c, d, k, e, m] = f.slice(0, 5).map(Number) as [number, number, number, number, number];
    out.push({ c, d, k, e, m, t: [...(f[5] ?? '')].map((x) => (x === 'v' ? 'vit' : 'mb')) });
  }
  return { space, r: Number(hs[0]), stem: Number(hs[1]), ...(hs[2] !== undefined ? { head: Number(hs[2]) } : {}), stages: out };
}

/** The edited hardware parameters as `key:value,…`, in HW_PARAMS order. */
export function hwToLink(o: Readonly<Partial<Record<HwKey, number>>>): string {
  return HW_PARAMS.filter((p) => o[p.key] !== undefined)
    .map((p) => `${p.key}:${String(o[p.key])}`)
    .join(',');
}

/** Each edited parameter alone over the preset, so one bad value does not discard the others. */
export function hwFromLink(text: string, system: string): { value: Partial<Record<HwKey, number>>; errors: string[] } {
  const value: Partial<Record<HwKey, number>> = {};
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',').filter(Boolean)) {
    const i = part.indexOf(':');
    const key = i < 0 ? part : part.slice(0, i);
    const raw = i < 0 ? '' : part.slice(i + 1);
    const param = HW_PARAMS.find((p) => p.key === key);
    if (!param) {
      errors.push(`hwp: unknown hardware parameter "${key.slice(0, 30)}"`);
      continue;
    }
    // the first wins, as for the link's own fields
    if (seen.has(key)) {
      errors.push(`hwp: "${key}" is given more than once; the first value is used`);
      continue;
    }
    seen.add(key);
    const v = linkNumber(raw);
    const r = validateSystem({ base: system, ...value, [param.key]: v });
    if (r.ok) value[param.key] = v as number;
    else
      pushAll(
        errors,
        r.errors.map((e) => `hwp.${e}`),
      );
  }
  return { value, errors };
}
