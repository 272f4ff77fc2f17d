import type { RefObject } from 'react';
import { domToSvg } from '../plots/domSvg';
import { svgToPng } from '../plots/png';
import { download } from './download';

/** SVG and PNG buttons for a chart React draws as SVG: the file is the chart as it is on screen. */
export function ChartExport({ target, name, title }: { readonly target: RefObject<HTMLElement | null>; readonly name: string; readonly title: string }) {
  const svg = () => (target.current ? domToSvg(target.current, title) : null);
  return (
    <span className="plot-export inline-export">
      <button
        type="button"
        data-testid={`svg-${name}`}
        onClick={() => {
          const s = svg();
          if (s) download(`h4h-${name}.svg`, s.svg, 'image/svg+xml');
        }}
      >
        SVG
      </button>
      <button
        type="button"
        data-testid={`png-${name}`}
        onClick={() => {
          const s = svg();
          if (s) void svgToPng(s.svg, s.width, s.height).then((png) => download(`h4h-${name}.png`, png, 'image/png'));
        }}
      >
        PNG
      </button>
    </span>
  );
}
