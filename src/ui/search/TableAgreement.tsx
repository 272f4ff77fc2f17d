/**
 * Measurements that came back (issue 18): an imported table's accuracies against the page's own
 * estimate of the same subnets — Kendall τ and a scatter — and "Refit your predictor" on them.
 */
import { useMemo, useRef, useState } from 'react';
import type { AccuracyTable } from '../../core';
import { agreementLayout } from '../../plots/agreement';
import { PaperChart } from '../../plots/PaperChart';
import { useElementWidth } from '../../plots/useElementWidth';
import { refitOnTable, tableAgreement } from '../../state/tableAgreement';
import { useTraining } from '../../state/training';

const STYLE = { subnets: { label: 'a subnet of the table', color: '#0072b2', shape: 'circle' } } as const;

export default function TableAgreement({ table }: { readonly table: AccuracyTable }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = Math.min(420, useElementWidth(ref, 360));
  const predictor = useTraining((s) => s.predictor);
  // recomputed when the page's predictor changes (a refit on this very table included): the estimate
  // reads it from the store, so the dependency is not visible to the hooks rule
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const a = useMemo(() => tableAgreement(table), [table, predictor]);
  const [refit, setRefit] = useState<string | null>(null);
  return (
    <div className="table-agreement" data-testid="table-agreement" data-tau={a.kendallTau ?? ''} ref={ref}>
      <p className="search-note">
        Your estimate against these measurements: Kendall τ <b>{a.kendallTau === null ? '—' : a.kendallTau.toFixed(2)}</b> over{' '}
        {a.points.length} subnets (1: the same order; 0: no relation). The estimate: {a.estimate}.
      </p>
      <PaperChart
        layout={agreementLayout(a, width, 220)}
        styles={STYLE}
        xTitle="estimated accuracy (%)"
        yTitle="measured (%)"
        title="Measured accuracy against the page's estimate"
        testId="agreement-chart"
      />
      <button
        type="button"
        data-testid="table-refit"
        onClick={() => {
          setRefit('fitting…');
          void refitOnTable(table).then((m) => setRefit(m ?? 'done'));
        }}
      >
        Refit your predictor on these measurements
      </button>{' '}
      {refit === 'done' ? (
        <span className="hint" data-testid="table-refit-done">
          fitted: predictor searches now use it (Search → Accuracy: predictor)
        </span>
      ) : (
        refit &&
        (refit === 'fitting…' ? (
          <span className="hint">{refit}</span>
        ) : (
          <span className="errors" role="alert">
            {refit}
          </span>
        ))
      )}
    </div>
  );
}
