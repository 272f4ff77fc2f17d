/**
 * A small seeded search run to its end, the input of the plots' tests (Pareto layout, exports,
 * golden files): the mini space on the default system unless the config says otherwise. Core is
 * deterministic, so the same config gives the same points on every machine.
 */
import { createSearch, getSpace, getSystem, type SearchConfig, type SearchPoint } from '../core';

export function finishedSearch(config: Partial<SearchConfig> = {}): { points: SearchPoint[]; front: SearchPoint[] } {
  const s = createSearch({
    space: getSpace('mini'),
    system: getSystem('u55-mram'),
    objectives: ['accuracy', 'latencyMs', 'energyUj'],
    seed: 7,
    ...config,
  });
  let g;
  do g = s.step();
  while (!g.done);
  return { points: s.evaluated(), front: [...g.front] };
}
