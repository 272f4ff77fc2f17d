import { useRef, useState } from 'react';
import { phaseAt } from '../core';
import { AccuracyChart } from '../plots/AccuracyChart';
import { LossChart } from '../plots/LossChart';
import { ShippedTrainingLog } from './shipped/ShippedTrainingLog';
import { TrainInit } from './shipped/TrainInit';
import { useElementWidth } from '../plots/useElementWidth';
import {
  cancelTraining,
  clearCheckpoint,
  fitPredictor,
  pauseTraining,
  startTraining,
  trainableDataset,
  useTraining,
  type TrainingState,
} from '../state/training';
import { selectProgress } from '../state/trainingProgress';
import { TrainSettings } from './TrainSettings';
import './TrainingPanel.css';
import { ChartExport } from './ChartExport';
import { Panel } from './Panel';
import { Term } from './learn/Term';

const fmtDuration = (sec: number): string =>
  sec < 90 ? `${Math.max(1, Math.round(sec))} s` : sec < 5400 ? `${Math.round(sec / 60)} min` : `${(sec / 3600).toFixed(1)} h`;

/** Where the run is: progress bar, throughput, time left or "evaluating"; follows edited settings at once. */
function Progress({ s }: { s: TrainingState }) {
  const p = selectProgress(s);
  const share = p.steps > 0 ? Math.min(1, p.step / p.steps) : 0;
  const last = p.of === 'run' ? s.history.steps.at(-1) : undefined;
  return (
    <div className="train-progress">
      <progress max={p.steps} value={p.step} aria-label="training progress" />
      <p
        className="hint"
        data-testid="train-progress"
        data-step={p.step}
        data-steps={p.steps}
        data-of={p.of}
        data-activity={p.activity}
        data-eta={p.etaSec === null ? undefined : Math.round(p.etaSec)}
        data-resumed={s.resumed ?? undefined}
      >
        step <b>{p.step}</b> of {p.steps} ({Math.round(share * 100)} %)
        {p.of === 'settings' && <> · the next run</>}
        {last && (
          <>
            {' '}
            · phase {last.phase} · lr {last.lr.toExponential(2)}
          </>
        )}
        {p.of === 'run' && p.imagesPerSec !== null && <> · {p.imagesPerSec.toFixed(1)} images/s</>}
        {p.activity === 'final-evaluation' && (
          <>
            {' '}
            · <b>evaluating</b> the largest and smallest subnets…
          </>
        )}
        {p.activity === 'evaluating' && (
          <>
            {' '}
            · <b>evaluating</b> the largest and smallest subnets…
          </>
        )}
        {p.etaSec !== null && <> · about {fmtDuration(p.etaSec)} left</>}
        {p.activity === 'training' && p.etaSec === null && <> · time left: after the first step</>}
      </p>
    </div>
  );
}

function Predictor() {
  const p = useTraining((s) => s.predictor);
  const status = useTraining((s) => s.status);
  const hasCheckpoint = useTraining((s) => s.checkpoint !== null);
  const [samples, setSamples] = useState(200);
  const busy = status === 'running' || status === 'starting' || status === 'pausing' || p.state === 'fitting';
  return (
    <div className="predictor" data-testid="predictor" data-state={p.state}>
      <h3>
        Accuracy <Term id="predictor">predictor</Term>
      </h3>
      <p className="hint">
        Ridge regression on a one-hot genome encoding, fitted on subnets evaluated with the supernet; its{' '}
        <Term id="kendall-tau">Kendall τ</Term> is measured on a held-out fifth.
      </p>
      <div className="row">
        <label htmlFor="predictor-samples">Subnets</label>
        <input
          id="predictor-samples"
          type="number"
          min={10}
          max={5000}
          value={samples}
          onChange={(e) => setSamples(Math.max(10, Math.min(5000, Math.round(Number(e.target.value) || 10))))}
        />
        <button type="button" disabled={busy || !hasCheckpoint} onClick={() => void fitPredictor(samples)}>
          Fit predictor
        </button>
      </div>
      {p.state === 'fitting' && <progress max={p.total} value={p.done} aria-label="subnets evaluated" />}
      {p.state === 'ready' && (
        <p data-testid="predictor-result">
          Fitted on {p.predictor.trainedOn} subnets: Kendall τ{' '}
          <b>{p.predictor.kendallTau === null ? '—' : p.predictor.kendallTau.toFixed(3)}</b> on {p.predictor.heldOut} held-out subnets
          {p.predictor.heldOutRmse !== null && <>, RMSE {(p.predictor.heldOutRmse * 100).toFixed(2)} points</>}.
        </p>
      )}
      {p.state === 'error' && (
        <p className="errors" role="alert">
          {p.message}
        </p>
      )}
    </div>
  );
}

function statusText(s: TrainingState, phase: 1 | 2): string {
  if (s.status === 'starting')
    return s.history.steps.length > 0 ? 'Resuming from the checkpoint…' : 'Loading data and building the supernet…';
  if (s.status === 'pausing') return 'Pausing after this step…';
  if (s.status === 'running') {
    if (s.evaluating)
      return s.step >= s.steps
        ? 'Final evaluation of the largest and smallest subnets…'
        : `Evaluating the largest and smallest subnets at step ${s.step}…`;
    return `Training, phase ${phase}${s.resumed ? ` (resumed from the checkpoint ${s.resumed === 'memory' ? 'kept in memory' : 'in the browser store'})` : ''}.`;
  }
  return s.message ?? 'Not trained yet.';
}

/** The supernet training panel: settings, controls, progress, loss and accuracy curves, predictor. */
export function TrainingPanel() {
  const s = useTraining((st) => st);
  const chartBox = useRef<HTMLDivElement>(null);
  const width = useElementWidth(chartBox, 640);
  const trainable = trainableDataset(s.config.space) !== null;
  const active = s.status === 'running' || s.status === 'starting' || s.status === 'pausing';
  const fitting = s.predictor.state === 'fitting';
  const canResume =
    !active &&
    s.predictor.state !== 'fitting' &&
    s.checkpoint !== null &&
    s.checkpoint.step < s.checkpoint.steps &&
    s.checkpoint.space === s.config.space;
  // no curves yet: the axes follow the settings too
  const total = s.history.steps.length === 0 ? selectProgress(s).steps : s.steps;
  const boundary = s.config.twoPhase ? Math.round(total * s.config.phase1Share) : null;
  const phase = s.step > 0 ? phaseAt({ ...s.config, steps: s.steps }, s.step - 1) : 1;
  return (
    <Panel id="training" title="Supernet training" className="training" data-testid="training" data-train-status={s.status}>
      {!trainable ? (
        <p className="hint">
          {s.config.space} is estimate-only (ImageNet scale): its accuracy comes from the proxy or an imported table. Pick mini
          (Fashion-MNIST) or mini-cifar (your CIFAR-10 files) to train a supernet here.
        </p>
      ) : (
        <>
          <p className="hint">
            One <Term id="weight-sharing">weight-sharing</Term> <Term id="supernet">supernet</Term> of {s.config.space}: every step trains
            the largest, the smallest and {s.config.randomSubnets} random subnets on one batch (
            <Term id="sandwich-rule">sandwich rule</Term>){s.config.distill ? ', the others learning from the largest' : ''}. Before a
            subnet is evaluated, its <Term id="batchnorm-recalibration">BatchNorm statistics are recalibrated</Term>.
          </p>
          <TrainSettings disabled={active || fitting} />
          <TrainInit spaceId={s.config.space} disabled={active || fitting} />
          <div className="row train-controls" data-learn="training-run">
            <button
              type="button"
              className="train-primary"
              data-testid="train-start"
              disabled={active || fitting}
              onClick={() => void startTraining(false)}
            >
              {s.checkpoint ? 'New run' : 'Train'}
            </button>
            <button type="button" data-testid="train-resume" disabled={!canResume} onClick={() => void startTraining(true)}>
              Resume{s.checkpoint ? ` from step ${s.checkpoint.step}` : ''}
            </button>
            <button type="button" data-testid="train-pause" disabled={s.status !== 'running'} onClick={pauseTraining}>
              Pause
            </button>
            <button type="button" data-testid="train-cancel" disabled={!active} onClick={cancelTraining}>
              Cancel
            </button>
            <button
              type="button"
              data-testid="train-clear"
              disabled={active || s.checkpoint === null}
              onClick={() => void clearCheckpoint()}
            >
              Delete checkpoint
            </button>
          </div>
          <p className={s.status === 'error' ? 'errors' : 'hint'} role="status" aria-live="polite" data-testid="train-status">
            {statusText(s, phase)}
          </p>
          <Progress s={s} />
          <div ref={chartBox} className="train-charts">
            <LossChart history={s.history} totalSteps={total} phaseBoundary={boundary} width={width} />
            <AccuracyChart evals={s.history.evals} totalSteps={total} phaseBoundary={boundary} width={width} />
          </div>
          <ChartExport target={chartBox} name="training" title={`supernet training of ${s.config.space}: loss and validation accuracy`} />
          <ShippedTrainingLog spaceId={s.config.space} width={width} />
          <Predictor />
        </>
      )}
    </Panel>
  );
}
