// Golden files of the charts (as Observable Plot keeps them): each chart rendered from fixed inputs
// computed by core, pretty-printed (prettyMarkup), compared with src/plots/__golden__/. A change of
// layout shows as a reviewable diff; `npx vitest run src/plots/golden.test.tsx -u` rewrites the files
// after a deliberate change. Where a component puts HTML around its SVG (the Pareto card's colour
// bar, the timeline's and the sweep's legends), the golden holds the SVG and the test asserts what
// the HTML says.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  defaultGenome,
  estimateGenome,
  expandGenome,
  getSpace,
  getSystem,
  SCHEMA_IDS,
  type SchemaId,
  type SearchPoint,
  type TrainHistory,
} from '../core';
import { AccuracyChart } from './AccuracyChart';
import { LossChart } from './LossChart';
import { paretoLayout } from './pareto';
import { ParetoPlot } from './ParetoPlot';
import { HypervolumeChart } from './HypervolumeChart';
import { prettyMarkup, svgElements } from './prettyMarkup';
import { finishedSearch } from './searchFixture';
import { cimSweep } from './sweep';
import { SweepChart } from './SweepChart';
import { paretoSvg, timelineSvg } from './svgExport';
import { timelineLayout } from './timeline';
import { Timeline } from './Timeline';

const space = getSpace('mini');
const system = getSystem('u55-mram');
const genome = defaultGenome(space);

/** A small seeded search on `systemId`: its evaluated points and its front. */
const search = (systemId: string) => finishedSearch({ system: getSystem(systemId), population: 12, generations: 3 });

/** A fixed two-phase run: 40 of 60 steps, exact decimal losses, an evaluation every 5 steps. */
const history: TrainHistory = {
  steps: Array.from({ length: 40 }, (_, step) => ({
    step,
    phase: step < 20 ? 1 : 2,
    lr: 0.001,
    roles: ['largest', 'smallest', 'random', 'random'],
    losses: [2.3 - 0.04 * step + (step % 3) * 0.05, 2.4 - 0.03 * step, 2.35 - 0.035 * step, step % 7 === 0 ? NaN : 2.3 - 0.03 * step],
  })),
  evals: Array.from({ length: 8 }, (_, i) => ({ step: 5 * (i + 1), largest: 0.2 + 0.06 * i, smallest: 0.15 + 0.045 * i })),
};

describe('golden: the training charts', () => {
  it('accuracy', async () => {
    const html = renderToStaticMarkup(<AccuracyChart evals={history.evals} totalSteps={60} phaseBoundary={20} width={640} />);
    expect(html.match(/<circle class="series-marker"/g)).toHaveLength(8 + 1); // the largest's evaluations + its legend swatch
    await expect(prettyMarkup(html)).toMatchFileSnapshot('./__golden__/accuracy.svg');
  });

  it('loss', async () => {
    const html = renderToStaticMarkup(<LossChart history={history} totalSteps={60} phaseBoundary={20} width={640} />);
    for (const role of ['largest', 'smallest', 'random']) expect(html).toContain(`data-series="${role}" data-points="40"`);
    await expect(prettyMarkup(html)).toMatchFileSnapshot('./__golden__/loss.svg');
  });
});

describe('golden: the Pareto plot', () => {
  const run = search('u55-mram');
  const ghost = search('u55-sram-cim').front;
  const selected = run.front[0] as SearchPoint;
  const props = {
    points: run.points,
    front: run.front,
    ghost,
    x: 'latencyMs',
    y: 'accuracy',
    color: 'energyUj',
    measured: {},
    accuracyLabel: 'proxy — not measured',
    // the slower points fall outside the brush and fade
    brush: { x: 'latencyMs', y: 'accuracy', x0: 0, x1: 0.15, y0: 0, y1: 100 },
    selectedKey: selected.key,
    width: 420,
    onSelect: () => {},
    onBrush: () => {},
    describe: (p: SearchPoint) => p.key,
    onFile: () => {},
  } as const;

  it('axes, a circle per point, the front, the ghost, the selection; the colour bar above', async () => {
    const html = renderToStaticMarkup(<ParetoPlot {...props} />);
    expect(html).toContain(`data-points="${new Set(run.points.map((p) => p.key)).size}"`);
    expect(html).toContain(`data-front="${run.front.length}" data-ghost="${ghost.length}" data-render="svg"`);
    expect(html.match(/<circle class="pareto-point/g)).toHaveLength(new Set([...run.points, ...run.front].map((p) => p.key)).size);
    for (const id of ['front-line', 'ghost-front', 'selected-point', 'colorbar-latencyMs-accuracy'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('latency per image (ms)');
    expect(html).toContain('accuracy (%) · proxy — not measured');
    const outside = [...run.points, ...run.front].filter((p) => p.metrics.latencyMs > 0.15);
    expect(outside.length).toBeGreaterThan(0);
    expect(html.match(/opacity:0\.(25|08)/g)).toHaveLength(new Set(outside.map((p) => p.key)).size);
    // the colour bar: the third objective, its range from the lowest to the highest value on the plot
    const energy = run.points.map((p) => p.metrics.energyUj);
    const pad = (Math.max(...energy) - Math.min(...energy)) * 0.05;
    expect(html).toContain(
      `<span class="colorbar-title">colour: energy per image (µJ)</span><span>${(Math.min(...energy) - pad).toFixed(1)}</span>`,
    );
    expect(html).toContain(`<span>${(Math.max(...energy) + pad).toFixed(1)}</span></div>`);
    expect(html).toContain('data-testid="svg-latencyMs-accuracy"');
    await expect(prettyMarkup(svgElements(html, 'pareto-svg').join(''))).toMatchFileSnapshot('./__golden__/pareto.svg');
  });

  it('the exported file', async () => {
    const layout = paretoLayout(run.points, run.front, ghost, {
      width: 420,
      height: 300,
      x: 'latencyMs',
      y: 'accuracy',
      color: 'energyUj',
    });
    const svg = paretoSvg(layout, 'accuracy against latency', 'latency per image (ms)', 'accuracy (%)');
    await expect(prettyMarkup(svg)).toMatchFileSnapshot('./__golden__/pareto-export.svg');
  });
});

describe('golden: the placement timeline', () => {
  const estimate = estimateGenome(space, genome, system);
  // a pinned baseline one block deeper in stage 3
  const deeper = estimateGenome(
    space,
    { ...genome, stages: genome.stages.map((s, i) => (i === 2 ? { ...s, d: 3, t: [...s.t, 'mb'] } : s)) },
    system,
  );
  const baselineMs = Object.fromEntries(SCHEMA_IDS.map((s) => [s, deeper.schemas[s].latencyMs])) as Record<SchemaId, number>;
  const cimUnits = system.params.cimUnits;

  it('the lanes, row totals, baseline marks and time axis', async () => {
    const html = renderToStaticMarkup(
      <Timeline
        estimate={estimate}
        schemas={SCHEMA_IDS}
        cimUnits={cimUnits}
        width={720}
        selectedLayer={null}
        onSelectLayer={() => {}}
        reason={() => ''}
        onFile={() => {}}
        baselineMs={baselineMs}
      />,
    );
    // a lane per unit (NPU, each CIM unit, the link) under each schema, each counting its bars
    expect(html.match(/data-lane="/g)).toHaveLength(SCHEMA_IDS.length * (cimUnits + 2));
    const bars = [...html.matchAll(/data-bars="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(bars).toBe(SCHEMA_IDS.reduce((a, s) => a + estimate.schemas[s].timeline.length, 0));
    for (const s of SCHEMA_IDS) expect(html).toContain(`data-baseline-ms="${baselineMs[s]}"`);
    expect(html).toContain('time (µs) · wheel to zoom, drag to pan, double-click to reset');
    // the legend above: each layer kind present, the link, each schema
    const legend = html.slice(0, html.indexOf('data-testid="timeline"'));
    for (const kind of new Set(estimate.layers.map((l) => l.kind))) expect(legend).toContain(`</i> ${kind}</span>`);
    expect(legend).toContain('link transfer');
    for (const s of SCHEMA_IDS) expect(legend).toContain(`data-schema="${s}"`);
    await expect(prettyMarkup(svgElements(html, 'timeline-svg').join(''))).toMatchFileSnapshot('./__golden__/timeline.svg');
  });

  it('the exported file, a rect per bar', async () => {
    const layout = timelineLayout(estimate, SCHEMA_IDS, cimUnits, 720);
    const svg = timelineSvg(layout, (i) => estimate.layers[i]?.kind ?? 'conv', 'placement timeline');
    expect(svg.match(/<rect [^>]*><title>layer /g)).toHaveLength(layout.events);
    await expect(prettyMarkup(svg)).toMatchFileSnapshot('./__golden__/timeline-export.svg');
  });
});

describe('golden: the CIM sweep', () => {
  it('six panels (latency and energy under each CIM schema), a line per U, one after the other', async () => {
    const points = cimSweep((hw) => expandGenome(space, genome, { weight: hw.bytesPerWeight, act: hw.bytesPerAct }), 'u55-mram', {});
    const current = { macros: system.params.cimMacros, units: system.params.cimUnits };
    const html = renderToStaticMarkup(<SweepChart points={points} current={current} width={640} />);
    expect(html.match(/data-panel="/g)).toHaveLength(6);
    expect(html.match(/data-testid="sweep-current"/g)).toHaveLength(6);
    for (const u of ['U = 1 compute unit<', 'U = 2 compute units', 'U = 4 compute units', 'NPU only', 'this hardware'])
      expect(html).toContain(u);
    const panels = svgElements(html, 'train-chart');
    expect(panels).toHaveLength(6);
    await expect(prettyMarkup(panels.join(''))).toMatchFileSnapshot('./__golden__/cim-sweep.svg');
  });
});

describe('golden: the hypervolume chart', () => {
  it('the line over generations and its last value', async () => {
    const hv = [0.31, 0.35, 0.35, 0.42, 0.44, 0.47];
    const html = renderToStaticMarkup(<HypervolumeChart hypervolumes={hv} generations={10} width={420} />);
    expect(html).toContain('aria-label="hypervolume over 6 generations, now 0.4700"');
    await expect(prettyMarkup(html)).toMatchFileSnapshot('./__golden__/hypervolume.svg');
  });
});

describe('prettyMarkup', () => {
  it('puts an element per line, keeps text-only elements whole, drops separators, rounds attribute numbers', () => {
    const out = prettyMarkup('<svg width="10"><g><text x="1.23456">a<!-- -->b</text><line x1="-0.0001"/></g><br/></svg>');
    expect(out).toBe(
      ['<svg width="10">', '  <g>', '    <text x="1.23">ab</text>', '    <line x1="0"/>', '  </g>', '  <br/>', '</svg>', ''].join('\n'),
    );
  });
});
