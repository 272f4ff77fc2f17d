// The marks a pinned baseline adds to the totals and layer tables, as static markup (no DOM library).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultGenome, estimateGenome, getSpace, getSystem, SCHEMA_IDS } from '../core';
import { diffLayers } from '../state/baseline';
import { LayerTable } from './LayerTable';
import { TotalsTable } from './TotalsTable';

const space = getSpace('mini');
const system = getSystem('u55-mram');
const genome = defaultGenome(space);
const current = estimateGenome(space, genome, system);
// the baseline is one block deeper in stage 3: the current subnet lacks its s3.b3 layers
const deeper = estimateGenome(
  space,
  { ...genome, stages: genome.stages.map((s, i) => (i === 2 ? { ...s, d: 3, t: [...s.t, 'mb'] } : s)) },
  system,
);

describe('baseline marks', () => {
  it('the totals give current − baseline for every schema, sign written out', () => {
    const html = renderToStaticMarkup(<TotalsTable estimate={current} baseline={deeper} />);
    for (const id of SCHEMA_IDS) {
      const d = current.schemas[id].latencyMs - deeper.schemas[id].latencyMs;
      expect(html).toContain(`data-field="latencyDelta" data-value="${d}"`);
      expect(d).toBeLessThan(0);
    }
    expect(html).toMatch(/against the baseline: <\/span>−[\d.]+ ms \(−[\d.]+ %\)/);
    expect(renderToStaticMarkup(<TotalsTable estimate={current} />)).not.toContain('latencyDelta');
  });

  it('the layer table lists the removed layers under it, and marks added ones', () => {
    const removed = diffLayers(current, deeper, 'hetero');
    expect(removed.removed.length).toBeGreaterThan(0);
    expect(removed.removed.every((n) => n.startsWith('s3.b3.'))).toBe(true);
    const html = renderToStaticMarkup(
      <LayerTable estimate={current} schema="hetero" reasons={[]} onSchema={() => {}} hw={system.params} diff={removed} />,
    );
    expect(html).toContain(`since the baseline: ${removed.removed.join(', ')}`);
    expect(html).not.toContain('layer-added');

    const added = diffLayers(deeper, current, 'hetero');
    const addedHtml = renderToStaticMarkup(
      <LayerTable estimate={deeper} schema="hetero" reasons={[]} onSchema={() => {}} hw={system.params} diff={added} />,
    );
    expect(addedHtml.match(/data-baseline="added"/g)).toHaveLength(removed.removed.length);
    expect(addedHtml).not.toContain('data-testid="layers-removed"');
  });
});
