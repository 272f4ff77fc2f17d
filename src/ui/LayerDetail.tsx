import { explainLayer, roofline, SCHEMA_LABELS, type Estimate, type RooflinePoint, type SchemaId } from '../core';
import { fmt4, fmtInt } from './format';
import { Term } from './learn/Term';

function roofText(unit: string, point: RooflinePoint | null, bound: string | null): string {
  if (!bound) return 'not placeable here';
  if (!point) return `${bound}-bound; no MACs, so not on a roofline`;
  return `${bound}-bound: ${fmt4(point.intensity)} MAC/B against a ridge of ${fmt4(point.ridge)} MAC/B, ${
    point.ratio >= 1 ? `${fmt4(point.ratio)}× past the ridge` : `${fmt4(point.ratio * 100)} % of the ${unit} compute roof`
  }`;
}

/**
 * The selected layer in full, in a drawer under the layer table (held at the window's foot while the
 * table scrolls by): why the picked schema placed it where it did, the cost terms on both units, its
 * roofline position and its traffic. The table keeps one short line per layer (it fits its box
 * instead of hiding columns behind a sideways scroll); the long text is here.
 */
export function LayerDetail({
  estimate,
  schema,
  reasons,
  selected,
  onClose,
}: {
  readonly estimate: Estimate;
  /** clears the selection (the drawer closes) */
  readonly onClose?: () => void;
  readonly schema: SchemaId;
  readonly reasons: readonly string[];
  readonly selected: number | null;
}) {
  const layer = selected === null ? undefined : estimate.layers[selected];
  const cost = selected === null ? undefined : estimate.costs[selected];
  if (selected === null || !layer || !cost) {
    return (
      <p className="hint layer-detail-empty" data-testid="layer-detail" data-index="">
        Pick a layer (its name in the table, or a bar in the timeline) to see why it was placed where it is, its cost on each unit, its
        roofline and its traffic. The <Term id="bound">bound</Term> is the largest term of a unit’s time; past its{' '}
        <Term id="ridge-point">ridge point</Term> a layer is compute-bound. The NPU reads weights from flash on every run unless they fit
        its weight buffer (<Term id="flash-weight-streaming">flash weight streaming</Term>); the CIM keeps them in place (
        <Term id="weight-stationary">weight-stationary</Term>).
      </p>
    );
  }
  const placement = estimate.schemas[schema].placement[selected] ?? 'NPU';
  const r = roofline(layer, cost);
  return (
    <section className="layer-detail" data-testid="layer-detail" data-index={selected} aria-labelledby="layer-detail-title">
      <h4 id="layer-detail-title">
        #{selected} <code>{layer.name}</code> <span className={`kind kind-${layer.kind}`}>{layer.kind}</span>
        {onClose && (
          <button type="button" className="layer-detail-close" onClick={onClose} aria-label={`Close the details of layer ${layer.name}`}>
            Close
          </button>
        )}
      </h4>
      <p data-field="reason">
        <span className={`unit unit-${placement}`}>{placement}</span> by {SCHEMA_LABELS[schema]}: {reasons[selected] ?? ''}
      </p>
      <p className="layer-detail-cost" data-field="explain">
        {explainLayer(layer, cost)}
      </p>
      <dl className="layer-detail-facts">
        <div>
          <dt>NPU roofline</dt>
          <dd>{roofText('NPU', r.npu, cost.npu.bound)}</dd>
        </div>
        <div>
          <dt>CIM roofline</dt>
          <dd>{roofText('CIM', r.cim, cost.cim?.bound ?? null)}</dd>
        </div>
        <div>
          <dt>MACs</dt>
          <dd data-field="macs">{fmtInt(layer.macs)}</dd>
        </div>
        <div>
          <dt>Weights</dt>
          <dd>{fmtInt(layer.weightBytes)} B</dd>
        </div>
        <div>
          <dt>Input / output</dt>
          <dd>
            {fmtInt(layer.inBytes)} B / {fmtInt(layer.outBytes)} B
          </dd>
        </div>
        <div>
          <dt>Intensity</dt>
          <dd>{fmt4(cost.intensity)} MAC/B</dd>
        </div>
      </dl>
      <p className="hint layer-detail-terms">
        Terms: <Term id="bound">bound</Term> · <Term id="ridge-point">ridge point</Term> ·{' '}
        <Term id="flash-weight-streaming">flash weight streaming</Term> (NPU) · <Term id="weight-stationary">weight-stationary</Term> (CIM)
      </p>
    </section>
  );
}
