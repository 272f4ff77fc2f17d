// The search panel's words come from core's vocabulary (OBJECTIVES, BUDGETS): the form's checkboxes and
// budget fields, the front table's columns and cells. Static markup, no DOM library.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LINK_BUDGETS, MINI, OBJECTIVES, budgetFieldLabel, createSearch, getSystem, type SearchPoint } from '../../core';
import { FrontTable } from './FrontTable';
import { SettingsForm } from './SettingsForm';

const front: readonly SearchPoint[] = (() => {
  const s = createSearch({
    space: MINI,
    system: getSystem('u55-mram'),
    objectives: ['accuracy', 'latencyMs'],
    population: 8,
    generations: 2,
  });
  let g = s.step();
  while (!g.done) g = s.step();
  return g.front;
})();

describe('the search panel speaks core’s vocabulary', () => {
  it('the form has one checkbox per objective and one field per link budget, labelled from the table', () => {
    const html = renderToStaticMarkup(<SettingsForm disabled={false} />);
    for (const o of Object.values(OBJECTIVES))
      expect(html).toMatch(
        new RegExp(`data-testid="objective-${o.id}"[^>]*/> ${o.label}${o.coSearchOnly ? ' \\(co-search\\)' : ''}</label>`),
      );
    for (const b of LINK_BUDGETS) expect(html).toContain(`<label for="search-budget-${b.id}">${budgetFieldLabel(b.id)}</label>`);
    expect(html).toContain('M ∈ {1, 2, 4, 8, 16}');
    expect(html).toContain('P ∈ {64, 128, 256, 512}');
  });

  it('the front table titles its columns and formats its cells as the table says', () => {
    expect(front.length).toBeGreaterThan(0);
    const html = renderToStaticMarkup(
      <FrontTable rows={front} total={front.length} brushed={false} measured={{}} choice="proxy" selectedKey={null} ghost={null} />,
    );
    for (const id of ['latencyMs', 'energyUj', 'params'] as const) expect(html).toContain(`<th scope="col">${OBJECTIVES[id].title}</th>`);
    const p = front[0] as SearchPoint;
    const cells = [
      (100 * p.metrics.accuracy).toFixed(1),
      OBJECTIVES.latencyMs.format(p.metrics.latencyMs),
      p.metrics.energyUj.toFixed(1),
      (p.metrics.params / 1e6).toFixed(3),
    ];
    expect(html).toContain(cells.map((c) => `<td>${c}</td>`).join(''));
  });
});
