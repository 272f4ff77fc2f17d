import { svgToPng } from './png';

/** A chart as one SVG document and the size to rasterise it at. */
export interface ChartSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/**
 * The SVG and PNG buttons of a chart: `render` builds the chart's SVG when clicked (null: nothing
 * to save), the PNG is that SVG rasterised. Files are named `file.svg` / `file.png`.
 */
export function ExportButtons({
  testId,
  file,
  render,
  onFile,
  className,
}: {
  readonly testId: string;
  readonly file: string;
  readonly render: () => ChartSvg | null;
  readonly onFile: (name: string, data: Blob | string, type: string) => void;
  readonly className?: string;
}) {
  return (
    <span className={`plot-export${className ? ` ${className}` : ''}`}>
      <button
        type="button"
        data-testid={`svg-${testId}`}
        onClick={() => {
          const c = render();
          if (c) onFile(`${file}.svg`, c.svg, 'image/svg+xml');
        }}
      >
        SVG
      </button>
      <button
        type="button"
        data-testid={`png-${testId}`}
        onClick={() => {
          const c = render();
          if (c) void svgToPng(c.svg, c.width, c.height).then((png) => onFile(`${file}.png`, png, 'image/png'));
        }}
      >
        PNG
      </button>
    </span>
  );
}
