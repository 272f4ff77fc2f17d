import { describe, expect, it } from 'vitest';
import { blocksOf } from './blocks.js';
import { estimateGenome, SCHEMA_IDS } from '../schedule/estimate.js';
import { sampleGenome } from './genome.js';
import { getSystem } from '../hardware/hardware.js';
import { createRng } from '../rng.js';
import { defaultGenome, MINI, SPACES } from './spaces.js';

describe('blocks of a subnet', () => {
  it("the default mini subnet: stem, each stage's blocks by type, head", () => {
    const g = defaultGenome(MINI);
    const e = estimateGenome(MINI, g, getSystem('u55-mram'));
    const blocks = blocksOf(e.layers, e.schemas.hetero.placement, g);
    // r.stem_c.d.k.e.m.types = 28.16_16.2.3.1.2.mm_24.2.3.3.2.mm_32.2.3.3.2.mv_48.2.3.3.2.mv
    expect(blocks.map((b) => `${b.stage}.${b.block}:${b.label}`)).toEqual([
      '0.0:stem',
      '1.0:MB k3 e1',
      '1.1:MB k3 e1',
      '2.0:MB k3 e3',
      '2.1:MB k3 e3',
      '3.0:MB k3 e3',
      '3.1:ViT m2',
      '4.0:MB k3 e3',
      '4.1:ViT m2',
      '5.0:head',
    ]);
  });

  it('every layer in exactly one block, in order; the placement counts add up, for random subnets of every space', () => {
    for (const space of Object.values(SPACES)) {
      const rng = createRng(12);
      for (let i = 0; i < 30; i++) {
        const g = sampleGenome(space, rng);
        const e = estimateGenome(space, g, getSystem('u55-mram'));
        for (const schema of SCHEMA_IDS) {
          const placement = e.schemas[schema].placement;
          const blocks = blocksOf(e.layers, placement, g);
          expect(blocks.flatMap((b) => b.layers)).toEqual(e.layers.map((_, j) => j));
          for (const b of blocks) {
            expect(b.npu + b.cim + b.split).toBe(b.layers.length);
            expect(b.cim).toBe(b.layers.filter((j) => placement[j] === 'CIM').length);
            for (const j of b.layers) expect(e.layers[j]?.stage).toBe(b.stage);
          }
          // one block per genome block, plus stem and head
          const perStage = g.stages.reduce((n, st) => n + st.d, 0);
          expect(blocks.filter((b) => b.type === 'mb' || b.type === 'vit')).toHaveLength(perStage);
          expect(blocks.filter((b) => b.type === 'vit').length).toBe(
            g.stages.reduce((n, st) => n + st.t.slice(0, st.d).filter((t) => t === 'vit').length, 0),
          );
        }
      }
    }
  });
});
