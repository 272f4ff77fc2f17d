/** Claims 2 and 3 in the paper view: savings against NPU-only along the hybrid front, and the M × U sweep of the subnet of the largest. */
import { useRef } from 'react';
import { PAPER_CLAIMS, SWEEP_MACROS, SWEEP_UNITS, type PaperDocument } from '../../core';
import { PaperChart } from '../../plots/PaperChart';
import { savingsLayout } from '../../plots/paperCharts';
import { SCHEMA_STYLE } from '../../plots/schemaStyle';
import { useElementWidth } from '../../plots/useElementWidth';
import { ChartExport } from '../ChartExport';
import { pct } from './paperFormat';

const STYLES = {
  hetero: { label: 'hetero (each layer on NPU or CIM)', ...SCHEMA_STYLE.hetero },
  parallel: { label: 'parallel (channels split across both)', ...SCHEMA_STYLE.parallel },
};

export function Claim2({ doc }: { readonly doc: PaperDocument }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 640);
  const e = doc.execution;
  const claim = PAPER_CLAIMS.execution;
  // two charts side by side where they fit, else one under the other
  const w = width >= 2 * 300 + 16 ? Math.floor((width - 16) / 2) : width;
  const chart = (metric: 'latencySaving' | 'energySaving') => (
    <PaperChart
      layout={savingsLayout(e, metric, metric === 'latencySaving' ? claim.latency : claim.energy, w, 240)}
      styles={STYLES}
      xTitle={`front subnet latency (ms, ${doc.conditions.schema})`}
      yTitle={metric === 'latencySaving' ? 'latency saving (%)' : 'energy saving (%)'}
      title={`Claim 2: ${metric === 'latencySaving' ? 'latency' : 'energy'} saving against NPU-only`}
      testId={`paper-${metric}`}
    />
  );
  return (
    <section className="paper-claim" data-testid="paper-claim2" aria-labelledby="paper-claim2-title">
      <h3 id="paper-claim2-title">{claim.title}</h3>
      <blockquote>
        <b>The paper:</b> {claim.statement} <span className="hint">({claim.setting})</span>
      </blockquote>
      <p className="paper-verdict" data-testid="paper-claim2-verdict">
        <b>Here:</b> {e.verdict}
      </p>
      <p className="hint">
        Each subnet of the hybrid front estimated NPU-only, hetero and parallel on this hardware; placement chosen for latency.{' '}
        <ChartExport
          target={ref}
          name="paper-savings"
          title={`Savings against NPU-only, ${doc.conditions.space} on ${doc.conditions.hwLabel}`}
        />
      </p>
      <div ref={ref} className="paper-pair">
        {chart('latencySaving')}
        {chart('energySaving')}
      </div>
      <dl className="paper-largest" data-testid="paper-largest">
        <dt>Largest latency saving</dt>
        <dd data-value={e.largest.latency.saving}>
          {pct(e.largest.latency.saving)} ({e.largest.latency.schema}, front subnet {e.largest.latency.row + 1}) — the paper:{' '}
          {pct(claim.latency)}
        </dd>
        <dt>Largest energy saving</dt>
        <dd data-value={e.largest.energy.saving}>
          {pct(e.largest.energy.saving)} ({e.largest.energy.schema}, front subnet {e.largest.energy.row + 1}) — the paper:{' '}
          {pct(claim.energy)}
        </dd>
      </dl>
    </section>
  );
}

export function Claim3({ doc }: { readonly doc: PaperDocument }) {
  const s = doc.scaling;
  const claim = PAPER_CLAIMS.scaling;
  const at = (m: number, u: number) => s.points.find((p) => p.macros === m && p.units === u);
  return (
    <section className="paper-claim" data-testid="paper-claim3" aria-labelledby="paper-claim3-title">
      <h3 id="paper-claim3-title">{claim.title}</h3>
      <blockquote>
        <b>The paper:</b> {claim.statement} <span className="hint">({claim.setting})</span>
      </blockquote>
      <p className="paper-verdict" data-testid="paper-claim3-verdict">
        <b>Here:</b> {s.verdict}
      </p>
      <div className="table-scroll">
        <table className="data compact" data-testid="paper-sweep">
          <caption>
            Latency saving against NPU-only of front subnet {s.row + 1}, parallel / hetero, by CIM macros M and compute units U
          </caption>
          <thead>
            <tr>
              <th>M</th>
              {SWEEP_UNITS.map((u) => (
                <th key={u} className="num">
                  U = {u}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SWEEP_MACROS.map((m) => (
              <tr key={m}>
                <th>{m}</th>
                {SWEEP_UNITS.map((u) => {
                  const p = at(m, u);
                  return (
                    <td key={u} className="num" data-value={p ? p.parallel.latencySaving : ''}>
                      {p ? `${pct(p.parallel.latencySaving)} / ${pct(p.hetero.latencySaving)}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
