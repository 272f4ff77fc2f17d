/**
 * The selected subnet, next to the search's plots: the point picked from a plot or the front table
 * (or, with none picked, the page's subnet) — its accuracy and where that number comes from, its
 * totals under the four schemas with the saving against NPU only, and a small placement timeline.
 * "Open in the estimate" goes to the full view above.
 */
import { useEffect, useRef } from 'react';
import { ACCURACY_LABELS, getSpace, measuredAccuracy, proxyAccuracy, SCHEMA_IDS, SCHEMA_LABELS, type Estimate, type Genome } from '../core';
import { MiniTimeline } from '../plots/MiniTimeline';
import { SchemaMark } from '../plots/SchemaMark';
import { useElementWidth } from '../plots/useElementWidth';
import { accuracyLabel, useSearch } from '../state/search';
import { useShippedAccuracy } from '../state/shipped';
import { selectEstimate } from '../state/selectors';
import { currentSystem, useApp } from '../state/store';
import { BaselineBar } from './BaselineBar';
import { fmt4, fmtSaving, genomeSummary } from './format';
import { goToPanel } from './navigate';
import './details.css';

/** Same architecture, whatever space id it carries (a trimmed run's genome is shown in its parent space). */
const sameArch = (a: Genome, b: Genome): boolean =>
  JSON.stringify([a.r, a.stem, a.head, a.stages]) === JSON.stringify([b.r, b.stem, b.head, b.stages]);

export function SelectionDetails() {
  const estimate = useApp(selectEstimate);
  const genome = useApp((s) => s.genome);
  const spaceId = useApp((s) => s.spaceId);
  const system = useApp(currentSystem);
  const selectedKey = useSearch((s) => s.selectedKey);
  const point = useSearch((s) =>
    s.selectedKey === null ? undefined : (s.front.find((p) => p.key === s.selectedKey) ?? s.points.find((p) => p.key === s.selectedKey)),
  );
  const choice = useSearch((s) => s.context?.accuracy ?? 'proxy');
  const measured = useSearch((s) => (s.selectedKey === null ? undefined : measuredAccuracy(s.measured, s.selectedKey)));
  const picked = point !== undefined && sameArch(point.genome, genome);
  // the page's own subnet: its shipped-supernet measurement once there is one, else the proxy
  const shipped = useShippedAccuracy(spaceId, genome);
  const accuracy = picked ? (measured ?? point.metrics.accuracy) : (shipped ?? proxyAccuracy(getSpace(spaceId), genome, estimate.layers));
  const source = picked
    ? accuracyLabel(choice, measured !== undefined)
    : shipped !== null
      ? ACCURACY_LABELS.supernet
      : ACCURACY_LABELS.proxy;
  const card = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box, 320);
  // a new pick brings the card into view (it may sit above a long front table)
  useEffect(() => {
    if (selectedKey !== null) card.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey]);
  return (
    <section
      ref={card}
      className="selection-details"
      aria-labelledby="selection-title"
      data-testid="selection-details"
      data-key={picked ? point.key : ''}
    >
      <h3 id="selection-title">{picked ? 'Selected subnet' : 'The page’s subnet'}</h3>
      <p className="details-what">
        {genomeSummary(genome)} <span className="details-hw">on {system.label}</span>
        {!picked && (
          <span className="details-hint">
            {point ? ' — edited since the point was picked.' : ' — click a point or a front row to see it here.'}
          </span>
        )}
      </p>
      <p className="details-accuracy" data-testid="details-accuracy" data-value={accuracy}>
        Accuracy <b>{(100 * accuracy).toFixed(1)} %</b> <span className="details-source">({source})</span>
      </p>
      <DetailsTotals estimate={estimate} />
      <div ref={box} className="details-timeline">
        <MiniTimeline estimate={estimate} schemas={SCHEMA_IDS} cimUnits={system.params.cimUnits} width={width} />
      </div>
      <div className="details-actions">
        <button type="button" className="btn-secondary" data-testid="details-open-estimate" onClick={() => goToPanel('estimate')}>
          Open in the estimate
        </button>
        <BaselineBar where="details" />
      </div>
    </section>
  );
}

/** The subnet's totals under the four schemas, with the saving against NPU only under each. */
function DetailsTotals({ estimate }: { estimate: Estimate }) {
  const npu = estimate.schemas.npu;
  return (
    <div className="details-scroll">
      <table className="data details-totals" data-testid="details-totals">
        <caption className="visually-hidden">
          Totals of the subnet under the four schemas, with the saving against NPU only under each
        </caption>
        <thead>
          <tr>
            <th scope="col">Schema</th>
            <th scope="col" className="num">
              Latency (ms)
            </th>
            <th scope="col" className="num">
              Energy (µJ)
            </th>
          </tr>
        </thead>
        <tbody>
          {SCHEMA_IDS.map((id) => {
            const s = estimate.schemas[id];
            return (
              <tr key={id} data-schema={id}>
                <th scope="row">
                  <SchemaMark schema={id} />
                  {SCHEMA_LABELS[id]}
                </th>
                <td className="num" data-field="latencyMs" data-value={s.latencyMs}>
                  {fmt4(s.latencyMs)}
                  {id !== 'npu' && <span className="saving">saves {fmtSaving(s.latencyMs, npu.latencyMs)}</span>}
                </td>
                <td className="num" data-field="energyUj" data-value={s.energyUj}>
                  {fmt4(s.energyUj)}
                  {id !== 'npu' && <span className="saving">saves {fmtSaving(s.energyUj, npu.energyUj)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
