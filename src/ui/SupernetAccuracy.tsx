import { useEffect, useState } from 'react';
import { genomeKey, getSpace, predict } from '../core';
import { useApp } from '../state/store';
import { evaluateSubnet, exportSubnet, trainableDataset, useTraining, type TrainingState } from '../state/training';
import { download } from './download';
import { Term } from './learn/Term';
import { ShippedAccuracy, ShippedPrediction } from './shipped/ShippedAccuracy';

/**
 * The selected subnet's accuracy from the trained supernet (BN recalibrated, validation split),
 * measured whenever the subnet or the checkpoint changes while no run is training; and the export
 * of the subnet as a standalone TF.js model.
 */
export function SupernetAccuracy() {
  const spaceId = useApp((s) => s.spaceId);
  const genome = useApp((s) => s.genome);
  const checkpoint = useTraining((s) => s.checkpoint);
  const status = useTraining((s) => s.status);
  const accuracy = useTraining((s) => s.accuracy);
  const exportError = useTraining((s) => s.exportError);
  const predictor = useTraining((s) =>
    s.predictor.state === 'ready' && s.predictor.predictor.space === spaceId ? s.predictor.predictor : null,
  );
  const [exporting, setExporting] = useState(false);
  const key = genomeKey(getSpace(spaceId), genome);
  const active = status === 'running' || status === 'starting' || status === 'pausing';
  const usable = checkpoint !== null && checkpoint.space === spaceId;
  // asked of another subnet, or of another stored supernet (errors stay until one of those changes)
  const stale = !accuracy || accuracy.key !== key || accuracy.checkpointStep !== (checkpoint?.step ?? null);

  useEffect(() => {
    if (usable && !active && stale) void evaluateSubnet(spaceId, genome);
  }, [usable, active, stale, spaceId, genome]);

  if (trainableDataset(spaceId) === null) return null;
  const { text, value, head } = ownAccuracyLine(usable, active, accuracy, key);
  const save = async (): Promise<void> => {
    setExporting(true);
    const model = await exportSubnet(genome);
    setExporting(false);
    if (!model) return;
    download('model.json', model.modelJson, 'application/json');
    download('weights.bin', model.weights, 'application/octet-stream');
  };
  return (
    <div
      className="supernet-accuracy"
      data-testid="supernet-accuracy"
      data-value={value}
      data-state={accuracy?.key === key ? accuracy.state : 'none'}
    >
      {usable ? (
        <span data-supernet="own">
          <Term id="supernet">supernet</Term> accuracy{' '}
          {head !== null ? (
            <>
              <b>{head}</b> {text}
            </>
          ) : (
            <i>{text}</i>
          )}
        </span>
      ) : (
        <ShippedAccuracy spaceId={spaceId} genome={genome} />
      )}
      {!predictor && <ShippedPrediction spaceId={spaceId} genome={genome} />}
      {predictor && (
        <span data-testid="predicted-accuracy">
          predicted <b>{(predict(predictor, getSpace(spaceId), genome) * 100).toFixed(1)} %</b> (your ridge predictor, fitted on this page;
          Kendall τ {predictor.kendallTau === null ? '—' : predictor.kendallTau.toFixed(2)} on held-out subnets)
        </span>
      )}
      <button type="button" data-testid="export-subnet" disabled={!usable || active || exporting} onClick={() => void save()}>
        {exporting ? 'Exporting…' : 'Export as TF.js model'}
      </button>
      {exportError && (
        <span className="errors" role="alert">
          {exportError}
        </span>
      )}
    </div>
  );
}

type AccuracyState = TrainingState['accuracy'];

/** The line for your own supernet's accuracy: what is measured, or why nothing is yet. */
function ownAccuracyLine(
  usable: boolean,
  active: boolean,
  accuracy: AccuracyState,
  key: string,
): { text: string; value: string | undefined; head: string | null } {
  let text: string;
  let value: string | undefined;
  let head: string | null = null;
  if (!usable) text = 'not trained yet (Supernet training, below)';
  else if (active) text = 'measured when training pauses or ends';
  else if (!accuracy || accuracy.key !== key || accuracy.state === 'pending') text = 'measuring…';
  else if (accuracy.state === 'error') text = accuracy.message;
  else {
    value = String(accuracy.result.accuracy);
    head = `${(accuracy.result.accuracy * 100).toFixed(1)} %`;
    text = `on ${accuracy.result.images.toLocaleString('en-US')} validation images (your own supernet, trained on this page: weights of step ${accuracy.result.step}, BatchNorm recalibrated)`;
  }
  return { text, value, head };
}
