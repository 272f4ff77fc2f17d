import { SCHEMA_LABELS, type SchemaId } from '../../core';
import { Term } from './Term';

/** A schema's label as a glossary term (ids written out: the glossary test reads them from the source). */
export function SchemaTerm({ schema }: { readonly schema: SchemaId }) {
  switch (schema) {
    case 'npu':
      return <Term id="schema-npu">{SCHEMA_LABELS.npu}</Term>;
    case 'cim':
      return <Term id="schema-cim">{SCHEMA_LABELS.cim}</Term>;
    case 'hetero':
      return <Term id="schema-hetero">{SCHEMA_LABELS.hetero}</Term>;
    case 'parallel':
      return <Term id="schema-parallel">{SCHEMA_LABELS.parallel}</Term>;
  }
}
