/**
 * The search settings' "Measured accuracies" group: import a table of measured accuracies (CSV or
 * JSON); its subnets become the candidates. Says what was read, or why the table was refused.
 */
import { MAX_TABLE_BYTES } from '../../core';
import { importAccuracyTable, refuseAccuracyTable, useSearch } from '../../state/search';
import { ErrorList } from '../ErrorList';
import { FilePicker } from './FilePicker';
import { lazy, Suspense } from 'react';

// loaded with the first imported table (the page's first JavaScript stays small)
const TableAgreement = lazy(() => import('./TableAgreement'));

/** `onImported`: the table was read (the settings then switch to it). */
export function TableImport({ onImported }: { onImported: () => void }) {
  const table = useSearch((s) => s.table);
  const tableErrors = useSearch((s) => s.tableErrors);
  return (
    <fieldset className="search-group table-import">
      <legend>Measured accuracies</legend>
      <FilePicker
        label="Import accuracy table…"
        testId="accuracy-table"
        accept=".csv,.json,text/csv,application/json"
        description={
          'CSV with genome (or arch_id) and accuracy columns, or JSON rows { "arch", "accuracy" }: the table\'s subnets become the candidates, every one scored; a table from h4h export\'s train.py or optuna_search.py --front reads as it is'
        }
        maxBytes={MAX_TABLE_BYTES}
        what="an accuracy table"
        onFile={(name, text) => {
          if (importAccuracyTable(name, text).length === 0) onImported();
        }}
        onRefused={refuseAccuracyTable}
      />
      {table && (
        <p className="search-note" data-testid="table-info">
          {table.name}: {table.table.entries.length} subnets of {table.table.space}, accuracies read as{' '}
          {table.table.unit === 'percent' ? 'percentages' : 'fractions'}.
        </p>
      )}
      {table && (
        <Suspense fallback={null}>
          <TableAgreement table={table.table} />
        </Suspense>
      )}
      <ErrorList title="Table refused" errors={tableErrors} testId="table-errors" />
    </fieldset>
  );
}
