/**
 * Pieces every exported chart file shares: escaping, and the header a slide needs — the chart's title
 * and its legend (swatches that wrap onto more lines when the chart is narrow). Plain strings: no DOM,
 * so no inline `style` attribute is ever set on a page node (the page's CSP forbids them).
 */
import { schemaMarkPath, type SchemaShape } from './schemaStyle';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const n = (v: number): string => String(Math.round(v * 10) / 10);
export const FONT = 'font-family="system-ui, sans-serif" font-size="11"';
export const INK = '#1c2430';
export const INK_2 = '#4a5565';

/** One legend entry: a filled box, a line (solid or dashed), a dot, a ring, or a schema's shape. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly mark: 'box' | 'line' | 'dash' | 'dot' | 'ring' | SchemaShape;
}

const TITLE_H = 22;
const LINE_H = 16;
/** a rough width of an 11 px system-ui label, enough to lay out the legend without measuring text */
export const textWidth = (s: string): number => s.length * 6.2;

function swatch(e: LegendEntry, x: number, y: number): string {
  switch (e.mark) {
    case 'box':
      return `<rect x="${n(x)}" y="${n(y - 5)}" width="10" height="10" rx="2" fill="${e.color}"/>`;
    case 'line':
      return `<line x1="${n(x - 2)}" x2="${n(x + 14)}" y1="${n(y)}" y2="${n(y)}" stroke="${e.color}" stroke-width="2"/>`;
    case 'dash':
      return `<line x1="${n(x - 2)}" x2="${n(x + 14)}" y1="${n(y)}" y2="${n(y)}" stroke="${e.color}" stroke-width="2" stroke-dasharray="4 3"/>`;
    case 'dot':
      return `<circle cx="${n(x + 5)}" cy="${n(y)}" r="3.5" fill="${e.color}"/>`;
    case 'ring':
      return `<circle cx="${n(x + 5)}" cy="${n(y)}" r="4.5" fill="none" stroke="${e.color}" stroke-width="2"/>`;
    default:
      return `<path d="${schemaMarkPath(e.mark, x + 5, y, 9)}" fill="${e.color}"/>`;
  }
}

/** `title` in lines that fit `width` px at 13 px bold (a word longer than a line gets a line of its own). */
function titleLines(title: string, width: number): string[] {
  const max = Math.max(8, Math.floor((width - 16) / 7.6));
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** The title and legend above a chart `width` px wide: its markup and the height it takes. */
export function svgHeader(
  title: string,
  legend: readonly LegendEntry[],
  width: number,
): { readonly markup: string; readonly height: number } {
  const lines = titleLines(title, width);
  const titleH = TITLE_H + (lines.length - 1) * 17;
  const tspans = lines.map((l, i) => `<tspan x="8" dy="${i === 0 ? 0 : 17}">${esc(l)}</tspan>`).join('');
  const parts = [
    `<text class="export-title" x="8" y="16" font-family="system-ui, sans-serif" font-size="13" font-weight="600" fill="${INK}">${tspans}</text>`,
  ];
  let x = 8;
  let y = titleH + LINE_H / 2;
  const items: string[] = [];
  for (const e of legend) {
    const w = 18 + textWidth(e.label) + 14;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      y += LINE_H;
    }
    items.push(`${swatch(e, x, y)}<text x="${n(x + 18)}" y="${n(y)}" dy="0.32em" fill="${INK_2}" ${FONT}>${esc(e.label)}</text>`);
    x += w;
  }
  if (items.length > 0) parts.push(`<g class="export-legend">${items.join('')}</g>`);
  const height = titleH + (items.length > 0 ? y - titleH + LINE_H / 2 + 4 : 0);
  return { markup: parts.join('\n'), height: Math.ceil(height) };
}

/** A whole file: white background, the header, then `body` moved below it. */
export function svgDocument(
  width: number,
  bodyHeight: number,
  body: string,
  title: string,
  legend: readonly LegendEntry[],
): { readonly svg: string; readonly width: number; readonly height: number } {
  const head = svgHeader(title, legend, width);
  const height = Math.ceil(bodyHeight + head.height);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    head.markup,
    `<g transform="translate(0,${head.height})">`,
    body,
    '</g>',
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}
