/**
 * Standalone SVG files of a Pareto plot and of the placement timeline: the same layouts the page
 * draws, written as vector markup with inline styles (no stylesheet travels with a file). Every
 * text is escaped. `svgToPng` (png.ts, browser only) rasterises one for the PNG export.
 */
import { OBJECTIVE_AXES, PARETO_COLORS, type ParetoLayout } from './pareto';
import { LAYER_KIND_COLORS, type TimelineLayout } from './timeline';
import type { LayerKind } from '../core';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => String(Math.round(v * 10) / 10);
const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

function frame(width: number, height: number, body: string[], title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** A Pareto plot as SVG: axes with titles, every point (front on top), the front staircase, ghost and reference fronts. */
export function paretoSvg(layout: ParetoLayout, title: string, xTitle: string, yTitle: string): string {
  const [left, right] = layout.x.rangePx;
  const [bottom, top] = layout.y.rangePx;
  const body: string[] = [];
  for (const t of layout.y.ticks) {
    body.push(`<line x1="${n(left)}" x2="${n(right)}" y1="${n(t.px)}" y2="${n(t.px)}" stroke="#eef0f3"/>`);
    body.push(`<text x="${n(left - 6)}" y="${n(t.px)}" dy="0.32em" text-anchor="end" fill="#4a5565" ${FONT}>${esc(t.label)}</text>`);
  }
  for (const t of layout.x.ticks) body.push(`<text x="${n(t.px)}" y="${n(bottom + 14)}" text-anchor="middle" fill="#4a5565" ${FONT}>${esc(t.label)}</text>`);
  body.push(`<line x1="${n(left)}" x2="${n(right)}" y1="${n(bottom)}" y2="${n(bottom)}" stroke="#dde1e7"/>`);
  body.push(`<line x1="${n(left)}" x2="${n(left)}" y1="${n(top)}" y2="${n(bottom)}" stroke="#dde1e7"/>`);
  body.push(`<text x="${n((left + right) / 2)}" y="${n(layout.height - 6)}" text-anchor="middle" fill="#4a5565" ${FONT}>${esc(xTitle)}</text>`);
  body.push(`<text transform="translate(12,${n((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#4a5565" ${FONT}>${esc(yTitle)}</text>`);
  body.push(`<clipPath id="plot"><rect x="${n(left)}" y="${n(top)}" width="${n(right - left)}" height="${n(bottom - top)}"/></clipPath>`);
  body.push('<g clip-path="url(#plot)">');
  if (layout.ghostPath) body.push(`<path d="${layout.ghostPath}" fill="none" stroke="#7a8596" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  for (const p of layout.points) {
    const fill = p.fill || (p.onFront ? PARETO_COLORS.front : p.feasible ? PARETO_COLORS.dominated : PARETO_COLORS.infeasible);
    body.push(p.onFront
      ? `<circle cx="${n(p.xPx)}" cy="${n(p.yPx)}" r="4" fill="${fill}" stroke="${PARETO_COLORS.front}"/>`
      : `<circle cx="${n(p.xPx)}" cy="${n(p.yPx)}" r="2.5" fill="${fill}" fill-opacity="0.35"/>`);
  }
  if (layout.referencePath) body.push(`<path d="${layout.referencePath}" fill="none" stroke="#0f9d76" stroke-width="2" stroke-dasharray="2 3"/>`);
  if (layout.frontPath) body.push(`<path d="${layout.frontPath}" fill="none" stroke="${PARETO_COLORS.front}" stroke-width="1.5"/>`);
  body.push('</g>');
  if (layout.color) body.push(`<text x="${n(right)}" y="14" text-anchor="end" fill="#4a5565" ${FONT}>colour: ${esc(OBJECTIVE_AXES[layout.color.objective].title)}, dark = better</text>`);
  return frame(layout.width, layout.height, body, title);
}

/** The placement timeline as SVG: row titles, lane labels, one rect per bar, the time axis. */
export function timelineSvg(layout: TimelineLayout, kindOf: (layer: number) => LayerKind, title: string): string {
  const body: string[] = [];
  for (const r of layout.rows) body.push(`<text x="4" y="${n(r.y + 10)}" font-weight="600" fill="#1c2430" font-family="system-ui, sans-serif" font-size="12">${esc(`${r.label} — ${r.latencyMs.toFixed(3)} ms`)}</text>`);
  const [x0, x1] = [layout.left, layout.width - layout.right];
  for (const l of layout.lanes) {
    body.push(`<text x="${n(layout.left - 6)}" y="${n(l.y + l.height / 2)}" dy="0.32em" text-anchor="end" fill="#4a5565" ${FONT}>${esc(l.label)}</text>`);
    for (const e of l.events) {
      const a = layout.xs(e.startUs);
      const b = layout.xs(e.endUs);
      if (b < x0 || a > x1) continue;
      const x = Math.max(x0, a);
      const fill = l.unit === 'LINK' ? '#b7791f' : LAYER_KIND_COLORS[kindOf(e.layer)];
      body.push(`<rect x="${n(x)}" y="${n(l.y)}" width="${n(Math.max(1, Math.min(x1, b) - x))}" height="${n(l.height)}" fill="${fill}"><title>layer ${e.layer}</title></rect>`);
    }
  }
  const axisY = layout.height - 28;
  body.push(`<line x1="${n(x0)}" x2="${n(x1)}" y1="${n(axisY)}" y2="${n(axisY)}" stroke="#dde1e7"/>`);
  for (const t of layout.x.ticks) body.push(`<text x="${n(t.px)}" y="${n(layout.height - 14)}" text-anchor="middle" fill="#4a5565" ${FONT}>${esc(t.label)}</text>`);
  body.push(`<text x="${n(x1)}" y="${n(layout.height - 2)}" text-anchor="end" fill="#4a5565" ${FONT}>time (µs)</text>`);
  return frame(layout.width, layout.height, body, title);
}
