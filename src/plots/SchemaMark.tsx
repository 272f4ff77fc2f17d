import type { SchemaId } from '../core';
import { SCHEMA_STYLE, schemaMarkPath } from './schemaStyle';

/** A schema's marker (colour and shape) as a small inline SVG, for tables and legends. Decorative: the label says the name. */
export function SchemaMark({ schema, size = 10 }: { readonly schema: SchemaId; readonly size?: number }) {
  const s = SCHEMA_STYLE[schema];
  return (
    <svg
      className="schema-mark"
      width={size + 2}
      height={size + 2}
      viewBox={`0 0 ${size + 2} ${size + 2}`}
      aria-hidden="true"
      data-shape={s.shape}
    >
      <path d={schemaMarkPath(s.shape, (size + 2) / 2, (size + 2) / 2, size - 1)} fill={s.color} />
    </svg>
  );
}
