/** The CIM design sweep as small multiples: latency and energy (rows) under each CIM-using schema (columns), a line per U over M. */
import { SCHEMA_LABELS } from '../core';
import { ChartAxes } from './ChartFrame';
import { SWEEP_UNITS, sweepLayout, type SweepPoint } from './sweep';

// Okabe–Ito blue, bluish green and vermillion: told apart by colour-blind viewers
const U_COLORS = ['#0072b2', '#009e73', '#d55e00'];

export function SweepChart({
  points,
  current,
  width,
}: {
  readonly points: readonly SweepPoint[];
  readonly current: { macros: number; units: number };
  readonly width: number;
}) {
  // three columns where they fit, else one under the other (a phone-width window must not scroll sideways)
  const cols = width >= 3 * 180 + 16 ? 3 : 1;
  const w = cols === 3 ? Math.floor((width - 16) / 3) : Math.max(120, width);
  const h = 150;
  const panels = sweepLayout(points, current, w, h);
  return (
    <div className="sweep" data-testid="cim-sweep" data-points={points.length}>
      <div className="sweep-legend">
        {SWEEP_UNITS.map((u, i) => (
          <span key={u} data-legend-item data-legend-mark="line">
            <i style={{ background: U_COLORS[i] }} /> U = {u} compute unit{u > 1 ? 's' : ''}
          </span>
        ))}
        <span data-legend-item data-legend-mark="dash">
          <i className="dash" /> NPU only
        </span>
        <span data-legend-item data-legend-mark="ring">
          <i className="ring" /> this hardware
        </span>
      </div>
      <div className="sweep-grid" style={{ gridTemplateColumns: `repeat(${cols}, ${w}px)` }}>
        {panels.map((p) => (
          <svg
            key={`${p.metric}-${p.schema}`}
            className="train-chart"
            width={w}
            height={h}
            data-panel={`${p.metric}-${p.schema}`}
            role="img"
            aria-label={`${p.metric === 'latencyMs' ? 'latency' : 'energy'} of ${SCHEMA_LABELS[p.schema]} by CIM macros`}
          >
            <text x={w / 2} y={11} textAnchor="middle" className="chart-axis-title">
              {p.metric === 'latencyMs' ? 'latency (ms)' : 'energy (µJ)'} · {SCHEMA_LABELS[p.schema]}
            </text>
            <ChartAxes height={h} x={p.x} y={p.y} xTitle="CIM macros M" yTitle="" />
            <line className="sweep-npu" x1={p.x.rangePx[0]} x2={p.x.rangePx[1]} y1={p.npuPx} y2={p.npuPx} />
            {p.lines.map((l) => (
              <g key={l.units} style={{ stroke: U_COLORS[SWEEP_UNITS.indexOf(l.units)], fill: U_COLORS[SWEEP_UNITS.indexOf(l.units)] }}>
                {l.path && <path d={l.path} fill="none" strokeWidth={1.5} />}
                {l.points.map((q) => (
                  <circle key={q.macros} cx={q.xPx} cy={q.yPx} r={2.5} stroke="none">
                    <title>{`M = ${q.macros}, U = ${l.units}: ${q.value.toFixed(3)}`}</title>
                  </circle>
                ))}
              </g>
            ))}
            {p.current && <circle className="sweep-current" cx={p.current.xPx} cy={p.current.yPx} r={6} data-testid="sweep-current" />}
          </svg>
        ))}
      </div>
    </div>
  );
}
