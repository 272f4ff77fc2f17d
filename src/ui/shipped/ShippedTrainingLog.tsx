import { useState } from 'react';
import { AccuracyChart } from '../../plots/AccuracyChart';
import { LossChart } from '../../plots/LossChart';
import { loadShippedLog, shippedInfo, useShipped } from '../../state/shipped';
import { provenance } from './ShippedAccuracy';
import './shipped.css';

/**
 * The shipped supernet's training log in the training panel: its loss and validation-accuracy
 * curves in the panel's own charts, fetched (and checked against the manifest) when opened.
 */
export function ShippedTrainingLog({ spaceId, width }: { readonly spaceId: string; readonly width: number }) {
  const info = useShipped((s) => shippedInfo(spaceId, s));
  const log = useShipped((s) => s.logs[spaceId]);
  const [open, setOpen] = useState(false);
  if (!info) return null;
  const toggle = (e: React.SyntheticEvent<HTMLDetailsElement>): void => {
    const o = e.currentTarget.open;
    setOpen(o);
    if (o) void loadShippedLog(spaceId);
  };
  let body: React.ReactNode = null;
  if (open) {
    if (log?.state === 'ready') {
      const c = log.log.config;
      const boundary = c.twoPhase ? Math.round(c.steps * c.phase1Share) : null;
      body = (
        <div className="train-charts" data-testid="shipped-log-charts" data-steps={log.log.history.steps.length}>
          <p className="hint">
            {log.log.history.steps.length.toLocaleString('en-US')} logged steps of {c.steps.toLocaleString('en-US')}; made by{' '}
            <code>{log.log.command}</code>
          </p>
          <LossChart history={log.log.history} totalSteps={c.steps} phaseBoundary={boundary} width={width} />
          <AccuracyChart evals={log.log.history.evals} totalSteps={c.steps} phaseBoundary={boundary} width={width} />
        </div>
      );
    } else if (log?.state === 'error') {
      body = (
        <p className="errors" role="alert">
          {log.message}
        </p>
      );
    } else {
      body = (
        <p className="hint" role="status">
          Loading the training log…
        </p>
      );
    }
  }
  return (
    <details className="shipped-log" data-testid="shipped-log" onToggle={toggle}>
      <summary>Training log of the shipped supernet {provenance(info)}</summary>
      {body}
    </details>
  );
}
