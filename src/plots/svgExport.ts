/**
 * Standalone SVG files of a Pareto plot and of the placement timeline: the same layouts the page
 * draws, written as vector markup with presentation attributes (no stylesheet travels with a file),
 * headed by the chart's title and legend so a file goes on a slide as it is. Every text is escaped.
 * `svgToPng` (png.ts, browser only) rasterises one for the PNG export.
 */
import { SCHEMA_LABELS, type LayerKind, type SchemaId } from '../core';
import { OBJECTIVE_AXES, type ParetoLayout } from './pareto';
import { PARETO_COLORS } from './paretoCanvas';
import { SCHEMA_STYLE, schemaMarkPath } from './schemaStyle';
import { esc, FONT, INK, INK_2, n, svgDocument, type LegendEntry } from './svgParts';
import { LAYER_KIND_COLORS, LINK_COLOR, type TimelineLayout } from './timeline';

export const GHOST_COLOR = '#5d6878';
export const REFERENCE_COLOR = '#007a5c';

/** What a Pareto plot's legend lists: only the marks the plot has. */
export function paretoLegend(layout: ParetoLayout): LegendEntry[] {
  const items: LegendEntry[] = [];
  if (layout.points.some((p) => p.onFront)) items.push({ label: 'Pareto front', color: PARETO_COLORS.front, mark: 'line' });
  if (layout.points.some((p) => !p.onFront && p.feasible)) items.push({ label: 'dominated', color: PARETO_COLORS.dominated, mark: 'dot' });
  if (layout.points.some((p) => !p.feasible)) items.push({ label: 'over budget', color: PARETO_COLORS.infeasible, mark: 'dot' });
  if (layout.ghostPath) items.push({ label: 'previous front', color: GHOST_COLOR, mark: 'dash' });
  if (layout.referencePath) items.push({ label: 'true front (exhaustive)', color: REFERENCE_COLOR, mark: 'dash' });
  return items;
}

/** A Pareto plot as SVG: title and legend, axes with titles, every point (front on top), the front staircase, ghost and reference fronts. */
export function paretoSvg(layout: ParetoLayout, title: string, xTitle: string, yTitle: string): string {
  const [left, right] = layout.x.rangePx;
  const [bottom, top] = layout.y.rangePx;
  const body: string[] = [];
  for (const t of layout.y.ticks) {
    body.push(`<line x1="${n(left)}" x2="${n(right)}" y1="${n(t.px)}" y2="${n(t.px)}" stroke="#eef0f3"/>`);
    body.push(`<text x="${n(left - 6)}" y="${n(t.px)}" dy="0.32em" text-anchor="end" fill="${INK_2}" ${FONT}>${esc(t.label)}</text>`);
  }
  for (const t of layout.x.ticks)
    body.push(`<text x="${n(t.px)}" y="${n(bottom + 14)}" text-anchor="middle" fill="${INK_2}" ${FONT}>${esc(t.label)}</text>`);
  body.push(`<line x1="${n(left)}" x2="${n(right)}" y1="${n(bottom)}" y2="${n(bottom)}" stroke="#dde1e7"/>`);
  body.push(`<line x1="${n(left)}" x2="${n(left)}" y1="${n(top)}" y2="${n(bottom)}" stroke="#dde1e7"/>`);
  body.push(
    `<text class="axis-title" x="${n((left + right) / 2)}" y="${n(layout.height - 6)}" text-anchor="middle" fill="${INK_2}" ${FONT}>${esc(xTitle)}</text>`,
  );
  body.push(
    `<text class="axis-title" transform="translate(12,${n((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="${INK_2}" ${FONT}>${esc(yTitle)}</text>`,
  );
  body.push(`<clipPath id="plot"><rect x="${n(left)}" y="${n(top)}" width="${n(right - left)}" height="${n(bottom - top)}"/></clipPath>`);
  body.push('<g clip-path="url(#plot)">');
  if (layout.ghostPath)
    body.push(`<path d="${layout.ghostPath}" fill="none" stroke="${GHOST_COLOR}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  for (const p of layout.points) {
    const fill = p.fill || (p.onFront ? PARETO_COLORS.front : p.feasible ? PARETO_COLORS.dominated : PARETO_COLORS.infeasible);
    body.push(
      p.onFront
        ? `<circle cx="${n(p.xPx)}" cy="${n(p.yPx)}" r="4" fill="${fill}" stroke="${PARETO_COLORS.front}"/>`
        : `<circle cx="${n(p.xPx)}" cy="${n(p.yPx)}" r="2.5" fill="${fill}" fill-opacity="0.35"/>`,
    );
  }
  if (layout.referencePath)
    body.push(`<path d="${layout.referencePath}" fill="none" stroke="${REFERENCE_COLOR}" stroke-width="2" stroke-dasharray="2 3"/>`);
  if (layout.frontPath) body.push(`<path d="${layout.frontPath}" fill="none" stroke="${PARETO_COLORS.front}" stroke-width="1.5"/>`);
  body.push('</g>');
  if (layout.color) {
    const c = layout.color;
    const ax = OBJECTIVE_AXES[c.objective];
    body.push(
      `<text class="colour-title" x="${n(right)}" y="12" text-anchor="end" fill="${INK_2}" ${FONT}>colour: ${esc(ax.title)} ${esc(ax.format(c.domain[0]))}–${esc(ax.format(c.domain[1]))}, dark = better</text>`,
    );
  }
  return svgDocument(layout.width, layout.height, body.join('\n'), title, paretoLegend(layout)).svg;
}

/** What the timeline's legend lists: the layer kinds present, the link, and the four schemas' marks. */
export function timelineLegend(kinds: readonly LayerKind[], schemas: readonly SchemaId[]): LegendEntry[] {
  return [
    ...kinds.map((k): LegendEntry => ({ label: k, color: LAYER_KIND_COLORS[k], mark: 'box' })),
    { label: 'link transfer', color: LINK_COLOR, mark: 'box' },
    ...schemas.map((s): LegendEntry => ({ label: SCHEMA_LABELS[s], color: SCHEMA_STYLE[s].color, mark: SCHEMA_STYLE[s].shape })),
  ];
}

/** The placement timeline as SVG: title and legend, row titles with the schema's mark, lane labels, one rect per bar, the time axis. */
export function timelineSvg(layout: TimelineLayout, kindOf: (layer: number) => LayerKind, title: string): string {
  const body: string[] = [];
  const kinds = new Set<LayerKind>();
  for (const r of layout.rows) {
    const s = SCHEMA_STYLE[r.schema];
    body.push(`<path d="${schemaMarkPath(s.shape, 9, r.y + 6, 9)}" fill="${s.color}"/>`);
    body.push(
      `<text x="18" y="${n(r.y + 10)}" font-weight="600" fill="${INK}" font-family="system-ui, sans-serif" font-size="12">${esc(`${r.label} — ${r.latencyMs.toFixed(3)} ms`)}</text>`,
    );
  }
  const [x0, x1] = [layout.left, layout.width - layout.right];
  for (const l of layout.lanes) {
    body.push(
      `<text x="${n(layout.left - 6)}" y="${n(l.y + l.height / 2)}" dy="0.32em" text-anchor="end" fill="${INK_2}" ${FONT}>${esc(l.label)}</text>`,
    );
    for (const e of l.events) {
      const a = layout.xs(e.startUs);
      const b = layout.xs(e.endUs);
      if (b < x0 || a > x1) continue;
      const x = Math.max(x0, a);
      if (l.unit !== 'LINK') kinds.add(kindOf(e.layer));
      const fill = l.unit === 'LINK' ? LINK_COLOR : LAYER_KIND_COLORS[kindOf(e.layer)];
      body.push(
        `<rect x="${n(x)}" y="${n(l.y)}" width="${n(Math.max(1, Math.min(x1, b) - x))}" height="${n(l.height)}" fill="${fill}"><title>layer ${e.layer}</title></rect>`,
      );
    }
  }
  const axisY = layout.height - 28;
  body.push(`<line x1="${n(x0)}" x2="${n(x1)}" y1="${n(axisY)}" y2="${n(axisY)}" stroke="#dde1e7"/>`);
  for (const t of layout.x.ticks)
    body.push(`<text x="${n(t.px)}" y="${n(layout.height - 14)}" text-anchor="middle" fill="${INK_2}" ${FONT}>${esc(t.label)}</text>`);
  body.push(`<text class="axis-title" x="${n(x1)}" y="${n(layout.height - 2)}" text-anchor="end" fill="${INK_2}" ${FONT}>time (µs)</text>`);
  const schemas = layout.rows.map((r) => r.schema);
  return svgDocument(layout.width, layout.height, body.join('\n'), title, timelineLegend([...kinds], schemas)).svg;
}
