// Browser only: a chart drawn by React as one or more <svg> elements, as one standalone SVG file.
import { maxOf, minOf } from './series';
import { esc, svgDocument, type LegendEntry } from './svgParts';

/** The presentation properties the stylesheet sets on chart elements, written out as attributes so the file needs no CSS. */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'paint-order',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;
/** attributes the copy leaves out: page styling hooks and the inline style (its values are in the presentation attributes) */
const SKIP = new Set(['class', 'style', 'xmlns', 'tabindex', ...PROPS]);

/**
 * One element and its subtree as markup, its computed presentation properties as attributes. Built
 * as a string from the live node: no clone, no `setAttribute('style', …)` — the page's CSP
 * (style-src 'self') refuses inline style attributes and logged one violation per node.
 */
function markup(el: Element, root: boolean, out: string[]): void {
  const tag = el.tagName.toLowerCase();
  const cs = getComputedStyle(el);
  const attrs: string[] = [];
  for (const a of el.attributes) {
    if (SKIP.has(a.name) || (root && ['x', 'y', 'width', 'height'].includes(a.name))) continue;
    attrs.push(`${a.name}="${esc(a.value)}"`);
  }
  for (const p of PROPS) {
    const v = cs.getPropertyValue(p).trim();
    // the computed value, not the attribute: on the page the stylesheet wins over presentation attributes
    if (v && !(p === 'display' && v === 'inline') && !(p === 'visibility' && v === 'visible')) attrs.push(`${p}="${esc(v)}"`);
  }
  if (root) out.push(`<svg xmlns="http://www.w3.org/2000/svg" ${attrs.join(' ')} ROOTBOX>`);
  else out.push(`<${tag}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`);
  for (const c of el.childNodes) {
    if (c.nodeType === Node.TEXT_NODE) out.push(esc(c.textContent ?? ''));
    else if (c.nodeType === Node.ELEMENT_NODE) markup(c as Element, false, out);
  }
  out.push(`</${root ? 'svg' : tag}>`);
}

/**
 * The legend entries a chart shows as page elements beside its SVGs: each `[data-legend-item]` inside
 * `container`, its label the text, its swatch the `<i>` child (colour from the computed style, the
 * kind from `data-legend-mark`: box, line, dash, dot or ring).
 */
function htmlLegend(container: Element): LegendEntry[] {
  return [...container.querySelectorAll('[data-legend-item]')].map((item) => {
    const i = item.querySelector('i');
    const mark = (item.getAttribute('data-legend-mark') ?? 'box') as LegendEntry['mark'];
    const cs = i ? getComputedStyle(i) : null;
    const color = !cs ? '#4a5565' : mark === 'dash' ? cs.borderTopColor : mark === 'ring' ? cs.borderTopColor : cs.backgroundColor;
    return { label: (item.textContent ?? '').trim(), color, mark };
  });
}

/**
 * Every <svg> inside `container` (or the container itself), placed where it is on the page, with the
 * computed styles written as presentation attributes, under the title and the chart's legend, as one
 * SVG document. Canvas layers are not included: plots drawn on a canvas have their own exporters.
 */
export function domToSvg(container: Element, title: string): { readonly svg: string; readonly width: number; readonly height: number } {
  const svgs =
    container instanceof SVGSVGElement
      ? [container]
      : [...container.querySelectorAll('svg')].filter((s) => !s.closest('[data-legend-item]') && !s.parentElement?.closest('svg'));
  // the box around the charts only (buttons and captions beside them are not part of the file)
  const rects = svgs.map((el) => el.getBoundingClientRect());
  const box =
    rects.length > 0
      ? {
          left: minOf(rects.map((r) => r.left)),
          top: minOf(rects.map((r) => r.top)),
          right: maxOf(rects.map((r) => r.right)),
          bottom: maxOf(rects.map((r) => r.bottom)),
        }
      : { left: 0, top: 0, right: 1, bottom: 1 };
  const width = Math.max(1, Math.ceil(box.right - box.left));
  const height = Math.max(1, Math.ceil(box.bottom - box.top));
  const parts: string[] = [];
  for (const [i, el] of svgs.entries()) {
    const r = rects[i] as DOMRect;
    const out: string[] = [];
    markup(el, true, out);
    const where = `x="${Math.round(r.left - box.left)}" y="${Math.round(r.top - box.top)}" width="${Math.round(r.width)}" height="${Math.round(r.height)}"`;
    parts.push(out.join('').replace('ROOTBOX', where));
  }
  return svgDocument(width, height, parts.join('\n'), title, htmlLegend(container));
}
