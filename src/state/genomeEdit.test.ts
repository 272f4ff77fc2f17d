import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGenome, getSpace, largestGenome, sampleGenome, createRng, validateGenome, type Genome } from '../core';
import { editGenome, hasVit, withDepth } from './genomeEdit';

const mini = getSpace('mini');
const nasvit = getSpace('nasvit');
const base: Genome = defaultGenome(mini);

describe('withDepth', () => {
  const stage = { c: 24, d: 2, k: 3, e: 3, t: ['mb', 'vit'] as const, m: 2 };

  it('extends the block types with MBConv blocks', () => {
    expect(withDepth(stage, 3)).toEqual({ ...stage, d: 3, t: ['mb', 'vit', 'mb'] });
  });

  it('truncates the block types to the new depth', () => {
    expect(withDepth(stage, 1)).toEqual({ ...stage, d: 1, t: ['mb'] });
  });

  it('keeps the other genes and does not mutate its input', () => {
    const copy = structuredClone(stage);
    withDepth(stage, 3);
    expect(stage).toEqual(copy);
  });
});

describe('editGenome', () => {
  it('changes resolution and stem', () => {
    expect(editGenome(base, { gene: 'r', value: 20 })).toEqual({ ...base, r: 20 });
    expect(editGenome(base, { gene: 'stem', value: 8 })).toEqual({ ...base, stem: 8 });
  });

  it('changes the nasvit head width; validation leaves the default 1792 out', () => {
    const g = defaultGenome(nasvit);
    const wide = editGenome(g, { gene: 'head', value: 1984 });
    expect(wide).toEqual({ ...g, head: 1984 });
    expect(validateGenome(nasvit, wide)).toEqual({ ok: true, value: { ...g, head: 1984 } });
    expect(validateGenome(nasvit, editGenome(wide, { gene: 'head', value: 1792 }))).toEqual({ ok: true, value: g });
    expect(validateGenome(mini, editGenome(base, { gene: 'head', value: 1792 })).ok).toBe(false);
  });

  it('changes one stage gene and leaves the other stages as they were (same objects)', () => {
    const g = editGenome(base, { gene: 'k', stage: 2, value: 5 });
    expect(g.stages[2]).toEqual({ ...base.stages[2], k: 5 });
    [0, 1, 3].forEach((i) => expect(g.stages[i]).toBe(base.stages[i]));
  });

  it('a depth change keeps one block type per active block (new ones MBConv)', () => {
    // default mini stage 3: d = 2, t = [mb, vit]
    expect(base.stages[2]).toMatchObject({ d: 2, t: ['mb', 'vit'] });
    const deeper = editGenome(base, { gene: 'd', stage: 2, value: 3 });
    expect(deeper.stages[2]).toMatchObject({ d: 3, t: ['mb', 'vit', 'mb'] });
    const vit = editGenome(deeper, { gene: 't', stage: 2, block: 2, value: 'vit' });
    expect(vit.stages[2]).toMatchObject({ d: 3, t: ['mb', 'vit', 'vit'] });
    expect(validateGenome(mini, vit)).toEqual({ ok: true, value: vit });
    const shallower = editGenome(vit, { gene: 'd', stage: 2, value: 1 });
    expect(shallower.stages[2]).toMatchObject({ d: 1, t: ['mb'] });
    expect(hasVit(shallower.stages[2] as Genome['stages'][number])).toBe(false);
  });

  it('ignores block slots and stages that do not exist', () => {
    expect(editGenome(base, { gene: 't', stage: 2, block: 5, value: 'vit' }).stages[2]).toBe(base.stages[2]);
    expect(editGenome(base, { gene: 'c', stage: 9, value: 8 })).toBe(base);
  });

  it('does not validate: a first-block ViT is left for validateGenome to refuse', () => {
    const bad = editGenome(base, { gene: 't', stage: 2, block: 0, value: 'vit' });
    const result = validateGenome(mini, bad);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.join('\n')).toMatch(/stages\[2\]\.t\[0\]/);
  });

  it('any choice the form offers, applied to any valid genome, gives a valid genome', () => {
    for (const space of [mini, nasvit]) {
      const edits = fc.oneof(
        fc.record({ gene: fc.constantFrom('r' as const), value: fc.constantFrom(...space.r) }),
        fc.record({ gene: fc.constantFrom('stem' as const), value: fc.constantFrom(...space.stem) }),
        // the form offers the head width only where it is a gene (nasvit)
        ...(space.head ? [fc.record({ gene: fc.constantFrom('head' as const), value: fc.constantFrom(...space.head) })] : []),
        fc.integer({ min: 0, max: space.stages.length - 1 }).chain((stage) => {
          const spec = space.stages[stage]!;
          return fc.oneof(
            ...(['c', 'd', 'k', 'e', 'm'] as const).map((gene) =>
              fc.record({ gene: fc.constant(gene), stage: fc.constant(stage), value: fc.constantFrom(...spec[gene]) }),
            ),
            // the form offers a type toggle only for blocks after the first of a hybrid stage
            ...(spec.hybrid
              ? [
                  fc.record({
                    gene: fc.constant('t' as const),
                    stage: fc.constant(stage),
                    block: fc.integer({ min: 1, max: Math.max(...spec.d) - 1 }),
                    value: fc.constantFrom('mb' as const, 'vit' as const),
                  }),
                ]
              : []),
          );
        }),
      );
      fc.assert(
        fc.property(fc.integer(), fc.array(edits, { maxLength: 12 }), (seed, list) => {
          let g = sampleGenome(space, createRng(seed));
          for (const edit of list) {
            g = editGenome(g, edit);
            expect(validateGenome(space, g).ok).toBe(true);
          }
        }),
        { numRuns: 200 },
      );
    }
  });

  it('reaches the largest genome from the default by form edits alone', () => {
    const target = largestGenome(mini);
    let g = editGenome(editGenome(base, { gene: 'r', value: target.r }), { gene: 'stem', value: target.stem });
    target.stages.forEach((st, stage) => {
      for (const gene of ['c', 'd', 'k', 'e', 'm'] as const) g = editGenome(g, { gene, stage, value: st[gene] });
      st.t.forEach((value, block) => {
        if (block > 0) g = editGenome(g, { gene: 't', stage, block, value });
      });
    });
    expect(g).toEqual(target);
  });
});
