/**
 * How the four execution schemas look, in one place: an Okabe–Ito colour (told apart by colour-blind
 * viewers too) and a marker shape, so that hue is never the only difference. The totals table, the
 * timeline rows, its legend and the exported files all draw from here.
 */
import type { SchemaId } from '../core';

export type SchemaShape = 'square' | 'circle' | 'triangle' | 'diamond';

export const SCHEMA_STYLE: Readonly<Record<SchemaId, { readonly color: string; readonly shape: SchemaShape }>> = {
  npu: { color: '#0072b2', shape: 'square' },
  cim: { color: '#009e73', shape: 'circle' },
  hetero: { color: '#d55e00', shape: 'triangle' },
  parallel: { color: '#cc79a7', shape: 'diamond' },
};

const r1 = (v: number): number => Math.round(v * 10) / 10;

/** The SVG path of a schema's marker centred on (cx, cy), `size` px across. */
export function schemaMarkPath(shape: SchemaShape, cx: number, cy: number, size: number): string {
  const h = size / 2;
  const p = (pts: readonly (readonly [number, number])[]): string => `M${pts.map(([x, y]) => `${r1(cx + x)},${r1(cy + y)}`).join('L')}Z`;
  switch (shape) {
    case 'square':
      return p([
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
      ]);
    case 'triangle':
      return p([
        [0, -h],
        [h, h],
        [-h, h],
      ]);
    case 'diamond':
      return p([
        [0, -h - 1],
        [h + 1, 0],
        [0, h + 1],
        [-h - 1, 0],
      ]);
    case 'circle':
      return `M${r1(cx - h)},${r1(cy)}a${r1(h)},${r1(h)} 0 1,0 ${r1(size)},0a${r1(h)},${r1(h)} 0 1,0 ${r1(-size)},0Z`;
  }
}
