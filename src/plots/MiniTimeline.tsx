/**
 * A compact placement timeline for the selection card: the same layout as the big one
 * (`timelineLayout`: a lane per unit, bars coloured by layer kind, one time axis), squeezed to a few
 * pixels a lane, no interaction. One strip per schema, its label and total above it.
 */
import { useEffect, useMemo, useRef } from 'react';
import { SCHEMA_LABELS, type Estimate, type SchemaId } from '../core';
import { LAYER_KIND_COLORS, layerKindOf, timelineLayout, type Lane } from './timeline';

const LANE_PX = 4;
const GAP_PX = 1;

function Strip({
  lanes,
  width,
  maxUs,
  kindOf,
}: {
  readonly lanes: readonly Lane[];
  readonly width: number;
  readonly maxUs: number;
  readonly kindOf: (layer: number) => keyof typeof LAYER_KIND_COLORS;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const height = lanes.length * (LANE_PX + GAP_PX);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    lanes.forEach((lane, i) => {
      const y = i * (LANE_PX + GAP_PX);
      ctx.fillStyle = '#eef0f3';
      ctx.fillRect(0, y, width, LANE_PX);
      for (const e of lane.events) {
        const a = (e.startUs / maxUs) * width;
        const w = Math.max(1, ((e.endUs - e.startUs) / maxUs) * width);
        ctx.fillStyle = lane.unit === 'LINK' ? '#b7791f' : LAYER_KIND_COLORS[kindOf(e.layer)];
        ctx.fillRect(a, y, w, LANE_PX);
      }
    });
  }, [lanes, width, height, maxUs, kindOf, dpr]);
  return (
    <canvas ref={ref} aria-hidden="true" width={Math.round(width * dpr)} height={Math.round(height * dpr)} style={{ width, height }} />
  );
}

export function MiniTimeline({
  estimate,
  schemas,
  cimUnits,
  width,
}: {
  readonly estimate: Estimate;
  readonly schemas: readonly SchemaId[];
  readonly cimUnits: number;
  readonly width: number;
}) {
  const layout = useMemo(() => timelineLayout(estimate, schemas, cimUnits, width), [estimate, schemas, cimUnits, width]);
  const maxUs = Math.max(1e-9, layout.xs.domain()[1] ?? 1);
  const kindOf = useMemo(() => layerKindOf(estimate), [estimate]);
  const label = `placement of ${estimate.layers.length} layers: ${layout.rows.map((r) => `${r.label} ${r.latencyMs.toFixed(3)} ms`).join(', ')}; lanes NPU, ${cimUnits} CIM unit${cimUnits > 1 ? 's' : ''}, link`;
  return (
    <div className="mini-timeline" role="img" aria-label={label} data-testid="mini-timeline">
      {layout.rows.map((r) => (
        <div key={r.schema} className="mini-timeline-row" data-schema={r.schema}>
          <span className="mini-timeline-label" aria-hidden="true">
            {SCHEMA_LABELS[r.schema]} · {r.latencyMs.toFixed(3)} ms
          </span>
          <Strip lanes={layout.lanes.filter((l) => l.schema === r.schema)} width={width} maxUs={maxUs} kindOf={kindOf} />
        </div>
      ))}
      <span className="mini-timeline-axis" aria-hidden="true">
        0 – {(maxUs / 1000).toFixed(3)} ms · lanes per schema: NPU, CIM{cimUnits > 1 ? ` ×${cimUnits}` : ''}, link
      </span>
    </div>
  );
}
