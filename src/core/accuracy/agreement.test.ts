import { describe, expect, it } from 'vitest';
import { canonicalize, createRng, genomeToLink, MINI, parseAccuracyTable, sampleGenome, type Genome } from '../index';
import { agreement } from './agreement';

const genomes: Genome[] = Array.from({ length: 6 }, (_, i) => canonicalize(MINI, sampleGenome(MINI, createRng(40 + i))));

describe('a table that came back from a cluster', () => {
  it('reads subnets by arch_id (the link g=) as it reads genome JSON', () => {
    const byId = ['arch_id,accuracy,latency_ms,source', ...genomes.map((g, i) => `${genomeToLink(g)},${0.8 + i / 100},1.5,torchrun`)].join(
      '\n',
    );
    const byJson = JSON.stringify(genomes.map((g, i) => ({ genome: g, accuracy: 0.8 + i / 100 })));
    const a = parseAccuracyTable(MINI, byId);
    const b = parseAccuracyTable(MINI, byJson);
    if (!a.ok || !b.ok) throw new Error('both read');
    expect(a.value.entries.map((e) => [canonicalize(MINI, e.genome), e.accuracy])).toEqual(
      b.value.entries.map((e) => [canonicalize(MINI, e.genome), e.accuracy]),
    );
    const bad = parseAccuracyTable(MINI, 'arch_id,accuracy\n28.16_nonsense,0.9\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^table row 2/);
  });

  it("Kendall τ of the page's estimate against the measurements: 1 in the same order, −1 reversed, none below two subnets", () => {
    const entries = genomes.map((g, i) => ({ genome: g, accuracy: 0.8 + i / 100 }));
    const rank = new Map(entries.map((e, i) => [genomeToLink(e.genome), i]));
    const same = agreement(MINI, entries, (g) => rank.get(genomeToLink(canonicalize(MINI, g))) ?? NaN);
    expect(same.kendallTau).toBe(1);
    expect(same.points.map((p) => p.measured)).toEqual(entries.map((e) => e.accuracy));
    expect(agreement(MINI, entries, (g) => -(rank.get(genomeToLink(canonicalize(MINI, g))) ?? NaN)).kendallTau).toBe(-1);
    expect(agreement(MINI, entries.slice(0, 1), () => 0.5).kendallTau).toBeNull();
  });
});
