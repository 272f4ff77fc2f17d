/**
 * The d3 zoom behaviour the Pareto plot and the placement timeline share, attached to an SVG that
 * React owns: the transform lives in React state (the layout is recomputed from it), a double-click
 * resets it instead of zooming in, and the listeners go when the element or the deps change.
 */
import { select, zoom as d3zoom, zoomIdentity, type D3ZoomEvent, type ZoomTransform } from 'd3';
import { useEffect, useState, type DependencyList, type RefObject } from 'react';

type Extent = [[number, number], [number, number]];

export interface ZoomOptions {
  readonly scaleExtent: readonly [number, number];
  /** only the wheel (and double-click) zooms: drags are left to another behaviour, e.g. a brush */
  readonly wheelOnly?: boolean;
  /** the viewport and the pannable area, px (both the same): pan stays inside it */
  readonly extent?: Extent;
}

/** The zoom transform of `ref`'s SVG; `deps` re-attach the behaviour (with the options of that render). */
export function useD3Zoom(ref: RefObject<SVGSVGElement | null>, options: ZoomOptions, deps: DependencyList): ZoomTransform {
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const behaviour = d3zoom<SVGSVGElement, unknown>().scaleExtent([...options.scaleExtent]);
    if (options.wheelOnly) behaviour.filter((event: Event) => event.type === 'wheel' || event.type === 'dblclick');
    if (options.extent) behaviour.translateExtent(options.extent).extent(options.extent);
    behaviour.on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => setTransform(event.transform));
    const sel = select(svg);
    sel
      .call(behaviour)
      .on('dblclick.zoom', null)
      .on('dblclick.reset', () => sel.call(behaviour.transform, zoomIdentity));
    return () => {
      sel.on('.zoom', null).on('dblclick.reset', null);
    };
    // the caller names what rebuilds the behaviour (the chart's size): options are read at that time
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return transform;
}
