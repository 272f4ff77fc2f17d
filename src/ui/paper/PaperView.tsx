/**
 * The paper view (issue 17), loaded the first time its panel opens: the run settings, the conditions
 * of the run beside the paper's, and its three claims, each as the paper states it with our number
 * beside it. The numbers are core's `paperRun`, the same as `h4h paper --json` prints; they export as
 * CSV and JSON, the charts as SVG and PNG.
 */
import { PAPER_REF, PAPER_SEARCH, paperCsv, type PaperDocument, type PaperResult } from '../../core';
import { usePaper, type PaperMeasuring } from '../../state/paper';
import { download } from '../download';
import { Claim1 } from './Claim1';
import { Claim2, Claim3 } from './Claim23';
import { PaperForm } from './PaperForm';
import './paper.css';

function documentOf(result: PaperResult, measuring: PaperMeasuring): PaperDocument {
  return { paper: PAPER_REF, ...result, measured: measuring.state === 'done' ? measuring.measurement : null };
}

function Conditions({ doc }: { readonly doc: PaperDocument }) {
  const c = doc.conditions;
  const p = c.hwProvenance;
  return (
    <dl className="paper-conditions" data-testid="paper-conditions">
      <dt>Space</dt>
      <dd>{c.spaceLabel} — the paper: ImageNet with its NASViT-style space</dd>
      <dt>Hardware</dt>
      <dd>
        {c.hwLabel}: of its parameters {p['measured-public']} come from public measurements, {p['vendor-default']} are vendor defaults and{' '}
        {p.assumed} are assumptions (see the hardware panel) — the paper: its NPU silicon and CIM IP
      </dd>
      <dt>Accuracy</dt>
      <dd data-testid="paper-accuracy-source">{c.accuracy.from}</dd>
      <dt>Search</dt>
      <dd>
        NSGA-II of accuracy against {c.schema} latency, population {c.search.population}, {c.search.generations} generations, seed{' '}
        {c.search.seed}; both searches the same
      </dd>
    </dl>
  );
}

export default function PaperView() {
  const settings = usePaper((s) => s.settings);
  const run = usePaper((s) => s.run);
  const measuring = usePaper((s) => s.measuring);
  const doc = run.state === 'done' ? documentOf(run.result, measuring) : null;
  const stem = doc ? `h4h-paper-${doc.conditions.space}-${doc.conditions.hw.replace(/\*/g, '-edited')}` : '';
  return (
    <div className="paper-view" data-testid="paper-view" data-state={run.state} data-measuring={measuring.state}>
      <p className="hint">
        The paper (<a href={PAPER_REF.url}>{PAPER_REF.id}</a>) makes three claims. This re-runs each on this page's space and hardware with
        the same code as <code>npm run -s h4h -- paper</code>, and puts our number beside the paper's. Where they disagree it says so: the
        point is an honest comparison, not a match.
      </p>
      <PaperForm
        key={JSON.stringify(settings ?? PAPER_SEARCH)}
        settings={settings ?? PAPER_SEARCH}
        running={run.state === 'running'}
        ran={run.state !== 'idle'}
      />
      {run.state === 'running' && (
        <p className="hint" role="status" data-testid="paper-progress">
          {run.progress
            ? `${run.progress.phase === 'hybrid' ? 'Hybrid' : 'MBConv-only'} search: generation ${run.progress.generation} of ${run.progress.generations}`
            : 'Starting…'}
        </p>
      )}
      {run.state === 'error' && (
        <p className="errors" role="alert" data-testid="paper-error">
          The experiment failed: {run.message}
        </p>
      )}
      {doc && (
        <>
          <Conditions doc={doc} />
          <p className="paper-exports">
            <button type="button" data-testid="paper-csv" onClick={() => download(`${stem}.csv`, paperCsv(doc), 'text/csv')}>
              CSV
            </button>{' '}
            <button
              type="button"
              data-testid="paper-json"
              onClick={() => download(`${stem}.json`, `${JSON.stringify(doc, null, 2)}\n`, 'application/json')}
            >
              JSON
            </button>{' '}
            <span className="hint">
              every number below, as <code>h4h paper --json</code> prints it
            </span>
          </p>
          <Claim1 doc={doc} measuring={measuring} />
          <Claim2 doc={doc} />
          <Claim3 doc={doc} />
        </>
      )}
    </div>
  );
}
