// What the chart components' static markup says (rendered in Node: no DOM library needed); where
// each mark sits is pinned by the golden files (golden.test.tsx).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TrainHistory } from '../core';
import { AccuracyChart } from './AccuracyChart';
import { LossChart } from './LossChart';

const history: TrainHistory = {
  steps: [0, 1, 2].map((step) => ({
    step,
    phase: 1,
    lr: 0.001,
    roles: ['largest', 'smallest', 'random', 'random'],
    losses: [2 - step * 0.5, 2.2 - step * 0.4, NaN, 2.1 - step * 0.3],
  })),
  evals: [
    { step: 2, largest: 0.5, smallest: 0.4 },
    { step: 3, largest: 0.6123, smallest: 0.45 },
  ],
};

describe('LossChart', () => {
  const html = renderToStaticMarkup(<LossChart history={history} totalSteps={600} phaseBoundary={300} width={640} />);

  it('is an image labelled with the latest losses', () => {
    expect(html).toContain('data-testid="loss-chart"');
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Loss at step 3 of 600: largest 1.00, smallest 1.40, random 1.50"');
    expect(html).toContain('<title>Training loss per sampled subnet</title>');
  });

  it('draws one curve per role with its point count, axes, legend and phase line', () => {
    for (const role of ['largest', 'smallest', 'random']) expect(html).toContain(`data-series="${role}" data-points="3"`);
    for (const text of ['training step', 'loss (cross-entropy)', 'phase 2: ViT blocks on', 'random (mean)']) expect(html).toContain(text);
    expect(html).toContain('data-testid="phase-boundary"');
    expect(html).not.toContain('NaN');
  });

  it('renders an empty run without paths or a legend gap', () => {
    const empty = renderToStaticMarkup(<LossChart history={{ steps: [], evals: [] }} totalSteps={600} phaseBoundary={null} width={320} />);
    expect(empty).toContain('data-series="largest" data-points="0"');
    expect(empty).not.toMatch(/ d=""/);
    expect(empty).not.toContain('phase-boundary');
    expect(empty).toContain('Loss: no training steps yet (0 of 600)');
  });
});

describe('AccuracyChart', () => {
  it('draws the largest and the smallest subnet in % with a marker per evaluation', () => {
    const html = renderToStaticMarkup(<AccuracyChart evals={history.evals} totalSteps={600} phaseBoundary={null} width={640} />);
    expect(html).toContain('data-testid="accuracy-chart"');
    expect(html).toContain('aria-label="Validation accuracy at step 3 of 600: largest 61.2 %, smallest 45.0 %"');
    expect(html).toContain('data-series="largest" data-points="2"');
    expect(html).toContain('data-series="smallest" data-points="2"');
    expect(html).toContain('validation accuracy (%)');
    expect(html.match(/<circle class="series-marker"/g)).toHaveLength(2 + 1); // two points + the legend swatch
  });
});
