import { describe, expect, it } from 'vitest';
import { createSearch, getSpace, getSystem, RUN_RECORD_KIND, RUN_RECORD_VERSION, type RunRecord } from '../core';
import { importRunRecord, resetSearch, searchStore } from './search';

function record(): RunRecord {
  const s = createSearch({
    space: getSpace('mini'),
    system: getSystem('u55-mram'),
    objectives: ['accuracy', 'latencyMs'],
    population: 8,
    generations: 2,
    seed: 3,
  });
  let g;
  const hv: number[] = [];
  do {
    g = s.step();
    hv.push(g.hypervolume);
  } while (!g.done);
  const points = s.evaluated();
  return {
    kind: RUN_RECORD_KIND,
    version: RUN_RECORD_VERSION,
    app: { name: 'h4h-explorer', version: '0' },
    createdAt: 'now',
    link: 'https://x/#v=2&space=mini&end',
    seed: 3,
    accuracySource: 'proxy',
    front: g.front,
    points,
    hypervolumes: hv,
    measured: {},
    timings: { elapsedMs: 5, evaluations: points.length, generations: hv.length },
  };
}

describe('importing a run record', () => {
  it('a record with a value out of range is refused naming its path, and the results loaded before stay', () => {
    resetSearch();
    const good = record();
    expect(importRunRecord('good.json', JSON.stringify(good), () => [])).toEqual([]);
    const loaded = searchStore.getState();
    expect(loaded.points).toHaveLength(good.points.length);
    const bad = JSON.parse(JSON.stringify(good)) as { front: { metrics: { latencyMs: number } }[] };
    (bad.front[0] as { metrics: { latencyMs: number } }).metrics.latencyMs = -2;
    // before: accepted, replacing the loaded results with a front at a negative latency
    expect(importRunRecord('bad.json', JSON.stringify(bad), () => [])).toEqual([
      'run record front[0].metrics.latencyMs: -2 is out of range (0–1e+15)',
    ]);
    const after = searchStore.getState();
    expect(after.points).toBe(loaded.points);
    expect(after.front).toBe(loaded.front);
    expect(after.message).toBe('bad.json: run record front[0].metrics.latencyMs: -2 is out of range (0–1e+15)');
  });
});
