import { useEffect, type ReactNode } from 'react';
import { ACCURACY_LABELS, getSpace, predict, type Genome } from '../../core';
import { useApp } from '../../state/store';
import {
  loadShipped,
  measureKey,
  measureShipped,
  shippedInfo,
  shippedPredictorQuality,
  supernetTag,
  useShipped,
  type ShippedLoad,
  type ShippedMeasure,
} from '../../state/shipped';
import type { ShippedInfo } from '../../workers/protocol';
import { Term } from '../learn/Term';
import './shipped.css';

/** "mini-fashion-mnist (500 steps, SHA-256 cebe0020…)": which shipped supernet a number comes from. */
export function provenance(info: ShippedInfo): string {
  return `${info.entry.id} (${info.entry.steps.toLocaleString('en-US')} steps, SHA-256 ${info.entry.weights.sha256.slice(0, 8)}…)`;
}

/** The shipped predictor's held-out ranking quality, as every place that shows its numbers says it. */
export function predictorProvenance(info: ShippedInfo): string {
  return `shipped predictor: ${info.predictor.predictor.kind === 'kernel' ? 'kernel ridge' : 'ridge'} fitted on ${info.predictor.samples.length} subnets measured with ${info.entry.id}; ${shippedPredictorQuality(info).text}`;
}

/**
 * The selected subnet's accuracy with the shipped supernet, measured (in its own CPU worker) the first
 * time it is shown, with no training: the same number `h4h evaluate` prints for the subnet.
 */
export function ShippedAccuracy({ spaceId, genome }: { readonly spaceId: string; readonly genome: Genome }) {
  const load = useShipped((s) => s.loads[spaceId]);
  const info = useShipped((s) => shippedInfo(spaceId, s));
  const key = info ? measureKey(info, spaceId, genome) : null;
  const m = useShipped((s) => (key ? s.measured[key] : undefined));
  // not before the training backend is chosen: "auto" times each backend, and a measurement running
  // beside the probe would slow it (and bias the choice)
  const backendKnown = useApp((s) => s.backend.status !== 'pending');

  useEffect(() => {
    if (backendKnown) void loadShipped(spaceId);
  }, [spaceId, backendKnown]);
  useEffect(() => {
    if (info && backendKnown && (!m || m.state === 'error')) void measureShipped(spaceId, genome);
    // an error stays until the subnet changes (no retry loop)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [info, key, backendKnown]);

  if (!info || !load || load.state !== 'ready') return <ShippedNotReady spaceId={spaceId} load={load} />;
  const from = <span className="shipped-from">shipped supernet {provenance(info)}</span>;
  // the same two lines before and after the measurement, so nothing below the line moves when it lands
  const images = m?.state === 'ready' ? m.result.images : info.entry.evaluation.images;
  const how = (
    <span className="shipped-how">
      <span className="accuracy-source">{ACCURACY_LABELS.supernet}</span> on {images.toLocaleString('en-US')} validation images, BatchNorm
      recalibrated — {from}, no training needed
    </span>
  );
  if (!m || m.state === 'pending') {
    return (
      <span className="shipped-line" role="status" data-testid="shipped-accuracy" data-state="pending" data-supernet={supernetTag(info)}>
        <span className="shipped-head">
          <Term id="supernet">supernet</Term> accuracy <i>measuring…</i>{' '}
          <progress
            className="shipped-progress"
            aria-label={`Measuring the subnet with the shipped supernet: ${m?.stage ?? 'starting'}`}
            title={m?.stage ?? 'starting'}
          />
        </span>
        {how}
      </span>
    );
  }
  if (m.state === 'error') {
    return (
      <span className="errors" role="alert" data-testid="shipped-accuracy" data-state="error" data-supernet={supernetTag(info)}>
        Supernet accuracy could not be measured with the {from}: {m.message}
      </span>
    );
  }
  return <ShippedMeasured info={info} m={m} how={how} />;
}

/** The shipped predictor's figure for the subnet, with its provenance and held-out Kendall τ. */
export function ShippedPrediction({ spaceId, genome }: { readonly spaceId: string; readonly genome: Genome }) {
  const info = useShipped((s) => shippedInfo(spaceId, s));
  if (!info) return null;
  const value = predict(info.predictor.predictor, getSpace(spaceId), genome);
  return (
    <span data-testid="shipped-predicted-accuracy" data-value={String(value)}>
      predicted <b>{(value * 100).toFixed(1)} %</b> ({predictorProvenance(info)})
    </span>
  );
}

/** The line while the shipped supernet loads, when it failed to load, or when none is shipped for the space. */
function ShippedNotReady({ spaceId, load }: { readonly spaceId: string; readonly load: ShippedLoad | undefined }) {
  if (load?.state === 'error') {
    return (
      <span className="errors shipped-error" role="alert" data-testid="shipped-accuracy" data-state="error">
        The shipped supernet could not be loaded: {load.message}. Accuracy is the proxy ({ACCURACY_LABELS.proxy}) until you train a supernet
        below.
      </span>
    );
  }
  if (!load || load.state === 'loading') {
    return (
      <span className="shipped-line" role="status" data-testid="shipped-accuracy" data-state="loading">
        <span className="shipped-head">
          <Term id="supernet">supernet</Term> accuracy <i>loading the shipped supernet…</i>
        </span>
        <span className="shipped-how">from the supernet the project trained and ships, each file checked against its SHA-256</span>
      </span>
    );
  }
  // loaded: no supernet is shipped for this space
  return (
    <i data-testid="shipped-accuracy" data-state="none">
      not trained yet (Supernet training, below); no supernet is shipped for {spaceId}
    </i>
  );
}

/** The measured accuracy, with where the number comes from. */
function ShippedMeasured({
  info,
  m,
  how,
}: {
  readonly info: ShippedInfo;
  readonly m: Extract<ShippedMeasure, { state: 'ready' }>;
  readonly how: ReactNode;
}) {
  const r = m.result;
  return (
    <span
      className="shipped-line"
      data-testid="shipped-accuracy"
      data-state="ready"
      data-value={String(r.accuracy)}
      data-images={r.images}
      data-ms={Math.round(m.ms)}
      data-source={m.source}
      data-supernet={supernetTag(info)}
    >
      <span className="shipped-head">
        <Term id="supernet">supernet</Term> accuracy <b>{(r.accuracy * 100).toFixed(1)} %</b>
      </span>
      {how}
      {m.source === 'kept' ? <i className="shipped-kept">measured on an earlier visit, kept by this browser</i> : null}
      {m.source === 'shipped' ? (
        <i className="shipped-kept">measured when the supernet was shipped (listed in its predictor file)</i>
      ) : null}
    </span>
  );
}
