// Browser only: a chart drawn by React as one or more <svg> elements, as one standalone SVG file.

/** The presentation properties the stylesheet sets on chart elements, inlined so the file needs no CSS. */
const PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'opacity',
  'font-family', 'font-size', 'font-weight', 'letter-spacing', 'text-anchor', 'dominant-baseline', 'visibility', 'display',
] as const;

function inlineStyles(source: Element, copy: Element): void {
  const cs = getComputedStyle(source);
  const style = PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
  copy.setAttribute('style', style);
  const a = source.children;
  const b = copy.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i] as Element, b[i] as Element);
}

/**
 * Every <svg> inside `container` (or the container itself), placed where it is on the page, with the
 * computed styles inlined and a white background, as one SVG document. Canvas layers are not included:
 * plots drawn on a canvas have their own exporters.
 */
export function domToSvg(container: Element, title: string): { readonly svg: string; readonly width: number; readonly height: number } {
  const svgs = container instanceof SVGSVGElement ? [container] : [...container.querySelectorAll('svg')];
  // the box around the charts only (buttons and captions beside them are not part of the file)
  const rects = svgs.map((el) => el.getBoundingClientRect());
  const box = rects.length > 0
    ? { left: Math.min(...rects.map((r) => r.left)), top: Math.min(...rects.map((r) => r.top)), right: Math.max(...rects.map((r) => r.right)), bottom: Math.max(...rects.map((r) => r.bottom)) }
    : { left: 0, top: 0, right: 1, bottom: 1 };
  const width = Math.max(1, Math.ceil(box.right - box.left));
  const height = Math.max(1, Math.ceil(box.bottom - box.top));
  const parts: string[] = [];
  const serializer = new XMLSerializer();
  for (const [i, el] of svgs.entries()) {
    const r = rects[i] as DOMRect;
    const copy = el.cloneNode(true) as SVGSVGElement;
    inlineStyles(el, copy);
    copy.setAttribute('x', String(Math.round(r.left - box.left)));
    copy.setAttribute('y', String(Math.round(r.top - box.top)));
    copy.setAttribute('width', String(Math.round(r.width)));
    copy.setAttribute('height', String(Math.round(r.height)));
    copy.removeAttribute('class');
    parts.push(serializer.serializeToString(copy));
  }
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${esc}</title><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
  return { svg, width, height };
}
