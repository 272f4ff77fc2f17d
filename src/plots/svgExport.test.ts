import { describe, expect, it } from 'vitest';
import { createSearch, defaultGenome, estimateGenome, getSpace, getSystem, SCHEMA_IDS } from '../core';
import { paretoLayout } from './pareto';
import { paretoSvg, timelineSvg } from './svgExport';
import { timelineLayout } from './timeline';

describe('SVG export', () => {
  it('a Pareto plot: one circle per point, the front path, titles escaped', () => {
    const s = createSearch({ space: getSpace('mini'), system: getSystem('u55-mram'), objectives: ['accuracy', 'latencyMs'], population: 16, generations: 4, seed: 5 });
    let g;
    do g = s.step(); while (!g.done);
    const layout = paretoLayout(s.evaluated(), g.front, [], { width: 400, height: 300, x: 'latencyMs', y: 'accuracy', color: 'energyUj' });
    const svg = paretoSvg(layout, 'a <b> & "c"', 'latency (ms)', 'accuracy (%) · proxy — not measured');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(layout.points.length);
    expect(svg).toContain(`d="${layout.frontPath}"`);
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    for (const tag of svg.match(/<[a-z]+ [^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/ ([a-z-]+)="/g)].map((m) => m[1]);
      expect(new Set(names).size, tag).toBe(names.length);
    }
  });

  it('the timeline: one rect per bar inside the axis, lane labels', () => {
    const space = getSpace('mini');
    const est = estimateGenome(space, defaultGenome(space), getSystem('u55-mram'));
    const layout = timelineLayout(est, SCHEMA_IDS, 1, 900);
    const svg = timelineSvg(layout, (i) => est.layers[i]?.kind ?? 'conv', 'timeline');
    const bars = SCHEMA_IDS.reduce((a, s) => a + est.schemas[s].timeline.length, 0);
    expect(svg.match(/<rect x=/g)).toHaveLength(bars);
    expect(svg.match(/>NPU<\/text>/g)).toHaveLength(4);
    expect(svg.match(/>link<\/text>/g)).toHaveLength(4);
    // well-formed: no element repeats an attribute (an XML error: the PNG rasteriser would refuse it)
    for (const tag of svg.match(/<[a-z]+ [^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/ ([a-z-]+)="/g)].map((m) => m[1]);
      expect(new Set(names).size, tag).toBe(names.length);
    }
  });
});
