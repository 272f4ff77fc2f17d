/** Claim 1 in the paper view: the paper's statement, both fronts on one plot, and the comparison at each latency budget. */
import { useRef } from 'react';
import { PAPER_CLAIMS, type PaperDocument } from '../../core';
import { PaperChart } from '../../plots/PaperChart';
import { frontsLayout } from '../../plots/paperCharts';
import { useElementWidth } from '../../plots/useElementWidth';
import type { PaperMeasuring } from '../../state/paper';
import { ChartExport } from '../ChartExport';
import { acc, pts } from './paperFormat';

const STYLES = {
  hybrid: { label: 'hybrid space (MBConv + transformer)', color: '#d55e00', shape: 'triangle' },
  mbOnly: { label: 'MBConv only', color: '#0072b2', shape: 'square' },
} as const;

function MeasuringNote({ measuring }: { readonly measuring: PaperMeasuring }) {
  if (measuring.state === 'running')
    return (
      <p className="hint" data-testid="paper-measuring">
        Measuring the winners with the shipped supernet: {measuring.done} of {measuring.total}…
      </p>
    );
  if (measuring.state === 'error') return <p className="errors">The supernet measurement failed: {measuring.message}</p>;
  if (measuring.state === 'none') return <p className="hint">Not measured with a supernet: {measuring.why}.</p>;
  return null;
}

export function Claim1({ doc, measuring }: { readonly doc: PaperDocument; readonly measuring: PaperMeasuring }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 640);
  const h = doc.hybrid;
  const m = doc.measured;
  const claim = PAPER_CLAIMS.hybrid;
  return (
    <section className="paper-claim" data-testid="paper-claim1" aria-labelledby="paper-claim1-title">
      <h3 id="paper-claim1-title">{claim.title}</h3>
      <blockquote>
        <b>The paper:</b> {claim.statement} <span className="hint">({claim.setting})</span>
      </blockquote>
      {!h.testable ? (
        <p className="paper-verdict" data-testid="paper-claim1-refused">
          <b>Here: not testable.</b> {h.reason}
        </p>
      ) : (
        <>
          <p className="paper-verdict" data-testid="paper-claim1-verdict">
            <b>Here:</b> {h.verdict}
          </p>
          {m && (
            <p className="paper-verdict" data-testid="paper-claim1-measured">
              <b>Measured:</b> {m.claim.verdict} (supernet {m.supernet}, {m.images.toLocaleString('en-US')} validation images)
            </p>
          )}
          <MeasuringNote measuring={measuring} />
          <p className="hint">
            Two searches with the same seed and settings: the hybrid front has {h.fronts.hybrid.length} subnets ({h.evaluated.hybrid}{' '}
            scored), the MBConv-only front {h.fronts.mbOnly.length} ({h.evaluated.mbOnly} scored). The budgets run from the slower of the
            two fastest subnets to the slowest.{' '}
            <ChartExport
              target={ref}
              name="paper-fronts"
              title={`Hybrid against MBConv-only fronts, ${doc.conditions.space} on ${doc.conditions.hwLabel}`}
            />
          </p>
          <div ref={ref}>
            <PaperChart
              layout={frontsLayout(
                h.fronts,
                h.budgets.map((b) => b.latencyMs),
                width,
                280,
              )}
              styles={STYLES}
              xTitle={`latency (ms, ${doc.conditions.schema})`}
              yTitle="accuracy (%)"
              title="Claim 1: hybrid against MBConv-only fronts"
              testId="paper-fronts"
            />
          </div>
          <BudgetTable doc={doc} />
        </>
      )}
    </section>
  );
}

/** The most accurate subnet of each front within each budget, predicted and (once measured) measured. */
function BudgetTable({ doc }: { readonly doc: PaperDocument }) {
  const h = doc.hybrid;
  const m = doc.measured;
  if (!h.testable) return null;
  return (
    <div className="table-scroll">
      <table className="data compact" data-testid="paper-budgets">
        <caption>The most accurate subnet of each front within each latency budget</caption>
        <thead>
          <tr>
            <th className="num">budget (ms)</th>
            <th className="num">hybrid (%)</th>
            <th className="num">MBConv only (%)</th>
            <th className="num">difference (points)</th>
            {m && <th className="num">measured hybrid (%)</th>}
            {m && <th className="num">measured MBConv only (%)</th>}
            {m && <th className="num">measured difference</th>}
          </tr>
        </thead>
        <tbody>
          {h.budgets.map((b, i) => {
            const mb = m?.claim.budgets[i];
            return (
              <tr key={i} data-budget={b.latencyMs}>
                <td className="num">{b.latencyMs.toFixed(3)}</td>
                <td className="num" data-value={b.hybrid?.accuracy ?? ''} title={b.hybrid?.key}>
                  {acc(b.hybrid?.accuracy)}
                  {b.hybrid && b.hybrid.transformers > 0 ? ` (${b.hybrid.transformers} ViT)` : ''}
                </td>
                <td className="num" data-value={b.mbOnly?.accuracy ?? ''} title={b.mbOnly?.key}>
                  {acc(b.mbOnly?.accuracy)}
                </td>
                <td className="num" data-value={b.differencePoints ?? ''}>
                  {pts(b.differencePoints)}
                </td>
                {m && <td className="num">{acc(mb?.hybrid)}</td>}
                {m && <td className="num">{acc(mb?.mbOnly)}</td>}
                {m && (
                  <td className="num" data-value={mb?.differencePoints ?? ''}>
                    {pts(mb?.differencePoints ?? null)}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
