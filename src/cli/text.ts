import { explainPlacement, maxOf, type Estimate, type MacRange, type SchemaId, type SearchSpace, type System } from '../core/index.js';

const n = (x: number): string => x.toLocaleString('en-US');
const f = (x: number, d = 3): string => x.toFixed(d);
/** four significant digits, grouped: 0.0001234, 12.35, 1,234 */
const sig = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(4));
/** saving relative to a baseline, positive when smaller (as the app shows it) */
const saving = (x: number, base: number): string =>
  base > 0 ? `${x <= base ? '+' : '−'}${Math.abs(100 * (1 - x / base)).toFixed(1)} %` : '—';
const pad = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const lpad = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);

/** Plain-text table: first column left-aligned, the others right-aligned. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => maxOf([h.length, ...rows.map((r) => (r[i] ?? '').length)]));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? pad(c, widths[i] ?? 0) : lpad(c, widths[i] ?? 0))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `space`: genes and choices per stage, exact size, MAC range. */
export function spaceText(space: SearchSpace, size: bigint, range: MacRange): string {
  const rows = space.stages.map((s) => [
    s.name,
    s.c.join(','),
    s.d.join(','),
    s.k.join(','),
    s.e.join(','),
    s.hybrid ? `mb|vit, m ${s.m.join(',')}` : 'mb',
    String(s.stride),
  ]);
  return [
    `space ${space.id}: ${space.label}; ${space.classes} classes, ${space.inputChannels}-channel input, head width ${space.headDim} per head`,
    `resolution r ∈ {${space.r.join(', ')}}, stem ∈ {${space.stem.join(', ')}}${space.head ? `, head (the head's last 1×1 width) ∈ {${space.head.join(', ')}}` : ''}`,
    table(['stage', 'c', 'd', 'k', 'e', 'blocks', 'stride'], rows),
    `size: ${size.toLocaleString('en-US')} distinct subnets (exact)`,
    `MACs: ${n(range.minMacs)} (smallest) to ${n(range.maxMacs)} (largest)`,
    `smallest: ${JSON.stringify(range.smallest)}`,
    `largest:  ${JSON.stringify(range.largest)}`,
  ].join('\n');
}

/** `estimate`: totals per schema and the per-layer table. */
export function estimateText(
  est: Estimate,
  system: System,
  schemas: readonly SchemaId[],
  labels: Readonly<Record<SchemaId, string>>,
): string {
  const npu = est.schemas.npu;
  const totals = table(
    ['schema', 'latency ms', 'energy µJ', 'latency saving', 'energy saving', 'CIM KiB'],
    schemas.map((id) => {
      const s = est.schemas[id];
      return [
        `${id} (${labels[id]})`,
        sig(s.latencyMs),
        sig(s.energyUj),
        id === 'npu' ? '—' : saving(s.latencyMs, npu.latencyMs),
        id === 'npu' ? '—' : saving(s.energyUj, npu.energyUj),
        sig(s.cimWeightBytes / 1024),
      ];
    }),
  );
  const main = schemas.includes('hetero') ? 'hetero' : (schemas[0] as SchemaId);
  const reasons = explainPlacement(est.layers, est.costs, est.schemas[main], system.params);
  const layers = table(
    ['layer', 'kind', 'MACs', 'weights', 'NPU µs', 'bound', 'CIM µs', 'bound', main, 'reason'],
    est.layers.map((l, i) => {
      const c = est.costs[i];
      return [
        l.name,
        l.kind,
        n(l.macs),
        n(l.weights),
        c ? f(c.npu.timeUs, 2) : '',
        c?.npu.bound ?? '',
        c?.cim ? f(c.cim.timeUs, 2) : '—',
        c?.cim?.bound ?? '—',
        est.schemas[main].placement[i] ?? '',
        reasons[i] ?? '',
      ];
    }),
  );
  return [
    `system ${system.id}: ${system.label}`,
    `MACs ${n(est.macs)}, parameters ${n(est.params)}, ${est.layers.length} layers`,
    '',
    totals,
    '(savings relative to npu, positive = better)',
    '',
    layers,
  ].join('\n');
}
