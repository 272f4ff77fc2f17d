import type { RefObject } from 'react';
import { domToSvg } from '../plots/domSvg';
import { ExportButtons } from '../plots/ExportButtons';
import { download } from './download';

/** SVG and PNG buttons for a chart React draws as SVG: the file is the chart as it is on screen. */
export function ChartExport({
  target,
  name,
  title,
}: {
  readonly target: RefObject<HTMLElement | null>;
  readonly name: string;
  readonly title: string;
}) {
  return (
    <ExportButtons
      testId={name}
      file={`h4h-${name}`}
      className="inline-export"
      render={() => (target.current ? domToSvg(target.current, title) : null)}
      onFile={download}
    />
  );
}
