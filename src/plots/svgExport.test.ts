import { describe, expect, it } from 'vitest';
import { defaultGenome, estimateGenome, getSpace, getSystem, SCHEMA_IDS, SCHEMA_LABELS } from '../core';
import { paretoLayout } from './pareto';
import { finishedSearch } from './searchFixture';
import { SCHEMA_STYLE } from './schemaStyle';
import { paretoSvg, timelineSvg } from './svgExport';
import { timelineLayout } from './timeline';

describe('SVG export', () => {
  it('a Pareto plot: one circle per point, the front path, titles escaped', () => {
    const { points, front } = finishedSearch({ objectives: ['accuracy', 'latencyMs'], population: 16, generations: 4, seed: 5 });
    const layout = paretoLayout(points, front, [], { width: 400, height: 300, x: 'latencyMs', y: 'accuracy', color: 'energyUj' });
    const svg = paretoSvg(layout, 'a <b> & "c"', 'latency (ms)', 'accuracy (%) · proxy — not measured');
    // the chart keeps its 400 × 300 px; the title and legend head it, so the file is taller
    const [, w, h] = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    expect(Number(w)).toBe(400);
    expect(Number(h)).toBeGreaterThan(300 + 22);
    // on a slide: the visible title, both axis titles, the colour objective and a legend entry per mark
    expect(svg).toContain('font-weight="600" fill="#1c2430"><tspan x="8" dy="0">a &lt;b&gt; &amp; &quot;c&quot;</tspan></text>');
    expect(svg).toContain('>latency (ms)</text>');
    expect(svg).toContain('>accuracy (%) · proxy — not measured</text>');
    expect(svg).toMatch(/>colour: energy per image \(µJ\) [\d.]+–[\d.]+, dark = better</);
    const legend = /<g class="export-legend">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(legend).toContain('>Pareto front</text>');
    expect(legend).toContain('>dominated</text>');
    expect(legend).not.toContain('previous front'); // no ghost in this plot, so none in its legend
    expect(svg.split('<g clip-path')[1]?.match(/<circle /g)).toHaveLength(layout.points.length);
    expect(svg).toContain(`d="${layout.frontPath}"`);
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    for (const tag of svg.match(/<[a-z]+ [^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/ ([a-z-]+)="/g)].map((m) => m[1]);
      expect(new Set(names).size, tag).toBe(names.length);
    }
  });

  it('a title too long for the chart wraps onto more lines, and the header grows with it', () => {
    const space = getSpace('mini');
    const est = estimateGenome(space, defaultGenome(space), getSystem('u55-mram'));
    const title = 'placement timeline of the default mini subnet on the Ethos-U55 with STT-MRAM CIM';
    const wide = timelineSvg(timelineLayout(est, SCHEMA_IDS, 1, 900), () => 'conv', title);
    const narrow = timelineSvg(timelineLayout(est, SCHEMA_IDS, 1, 330), () => 'conv', title);
    const lines = (svg: string) =>
      [...(/<text class="export-title"[^>]*>(.*?)<\/text>/.exec(svg)?.[1]?.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g) ?? [])].map(
        (m) => m[1],
      );
    expect(lines(wide)).toEqual([title]);
    expect(lines(narrow).length).toBeGreaterThan(1);
    expect(lines(narrow).join(' ')).toBe(title);
    for (const l of lines(narrow)) expect((l as string).length * 7.6).toBeLessThanOrEqual(330 - 16);
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(height(narrow)).toBeGreaterThan(height(wide));
  });

  it('the timeline: one rect per bar inside the axis, lane labels', () => {
    const space = getSpace('mini');
    const est = estimateGenome(space, defaultGenome(space), getSystem('u55-mram'));
    const layout = timelineLayout(est, SCHEMA_IDS, 1, 900);
    const svg = timelineSvg(layout, (i) => est.layers[i]?.kind ?? 'conv', 'timeline');
    const bars = SCHEMA_IDS.reduce((a, s) => a + est.schemas[s].timeline.length, 0);
    expect(svg.match(/<rect x=[^>]*><title>layer /g)).toHaveLength(bars);
    expect(svg.match(/>NPU<\/text>/g)).toHaveLength(4);
    expect(svg.match(/>link<\/text>/g)).toHaveLength(4);
    // the legend: every layer kind drawn, the link, and the four schemas, each with its own shape
    const legend = /<g class="export-legend">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    for (const kind of new Set(est.layers.map((l) => l.kind))) expect(legend).toContain(`>${kind}</text>`);
    expect(legend).toContain('>link transfer</text>');
    for (const s of SCHEMA_IDS) expect(legend).toContain(`>${SCHEMA_LABELS[s]}</text>`);
    // one marker per schema, four different shapes and colours: hue is not the only difference
    expect(legend.match(/<path d="M/g)).toHaveLength(4);
    expect(new Set(SCHEMA_IDS.map((s) => SCHEMA_STYLE[s].shape)).size).toBe(4);
    expect(new Set(SCHEMA_IDS.map((s) => SCHEMA_STYLE[s].color)).size).toBe(4);
    expect(svg).toContain('font-weight="600" fill="#1c2430"><tspan x="8" dy="0">timeline</tspan></text>');
    expect(svg).toContain('>time (µs)</text>');
    // every schema row is headed by its marker, not only its colour
    for (const s of SCHEMA_IDS) expect(svg).toContain(`fill="${SCHEMA_STYLE[s].color}"`);
    // well-formed: no element repeats an attribute (an XML error: the PNG rasteriser would refuse it)
    for (const tag of svg.match(/<[a-z]+ [^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/ ([a-z-]+)="/g)].map((m) => m[1]);
      expect(new Set(names).size, tag).toBe(names.length);
    }
  });
});
