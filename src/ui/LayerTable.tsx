import { memo, useEffect, useRef } from 'react';
import {
  roofline,
  SCHEMA_IDS,
  SCHEMA_LABELS,
  unitRidges,
  type Bound,
  type Estimate,
  type HwParams,
  type RooflinePoint,
  type SchemaId,
} from '../core';
import type { LayerDiff } from '../state/baseline';
import { fmt4 } from './format';
import { LayerDetail } from './LayerDetail';
import { Term } from './learn/Term';

interface Props {
  readonly estimate: Estimate;
  /** whose placement the table shows */
  readonly schema: SchemaId;
  /** one line per layer: why `schema` placed it there */
  readonly reasons: readonly string[];
  readonly onSchema: (schema: string) => void;
  /** the layer selected in the timeline: highlighted and scrolled into view */
  readonly selected?: number | null;
  /** the hardware the estimate is for: its nominal ridge points head the roofline column */
  readonly hw: HwParams;
  /** against the pinned baseline: each layer's time change (null: added by the edit) and the removed layers */
  readonly diff?: LayerDiff | null;
  /** picks a layer (its name is a button) for the detail drawer under the table; null clears */
  readonly onSelect?: (layer: number | null) => void;
}

const ROOF_HELP =
  "Which roof binds the layer on this unit (compute, streamed weights, activations), and its arithmetic intensity over the unit's ridge point for this layer: the unit's MAC rate for this shape (utilisation, tiling) over the bandwidth of all the bytes it moves there, weights and activations together. ≥ 1× is compute-bound; below 1× it is the share of the compute roof the layer reaches. (The nominal ridges below are per traffic channel and at full utilisation, so a row's ridge differs from them.)";

/** One unit's side of the roofline: the binding roof, and how far the layer sits from that unit's ridge point. */
function RoofCell({
  unit,
  bound,
  point,
}: {
  readonly unit: 'NPU' | 'CIM';
  readonly bound: Bound | null;
  readonly point: RooflinePoint | null;
}) {
  if (!bound)
    return (
      <td className="roofline dim" data-field={`roofline-${unit}`}>
        n/a
      </td>
    );
  const title = point
    ? `${unit}: ${fmt4(point.intensity)} MAC/B against a ridge point of ${fmt4(point.ridge)} MAC/B → ${bound}-bound, ${
        point.ratio >= 1 ? `${fmt4(point.ratio)}× past the ridge` : `${fmt4(point.ratio * 100)} % of its compute roof`
      }`
    : `${unit}: ${bound}-bound; no MACs, so not on a roofline`;
  return (
    <td className="roofline" data-field={`roofline-${unit}`} title={title}>
      <span className={`bound bound-${bound}`}>{bound}</span>
      {point && (
        <span className={`roof roof-${point.ratio >= 1 ? 'compute' : 'memory'}`} data-unit={unit} data-ratio={point.ratio}>
          {point.ratio >= 10 ? Math.round(point.ratio) : point.ratio.toFixed(2)}×
        </span>
      )}
    </td>
  );
}

/**
 * Every layer with the placement the picked schema chose (next to its name, so the picker's effect
 * is in view), its time on both units and its roofline: columns that fit the panel. The reason, the
 * cost terms and the traffic of one layer are in the detail drawer under it (`LayerDetail`).
 * A plain table:
 * rows off-screen skip layout and paint (`content-visibility` in the stylesheet), enough for nasvit.
 */
export const LayerTable = memo(function LayerTable({
  estimate,
  schema,
  reasons,
  onSchema,
  selected = null,
  hw,
  onSelect,
  diff = null,
}: Props) {
  const ridges = unitRidges(hw);
  const placements = estimate.schemas[schema].placement;
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (selected === null) return;
    body.current?.querySelector(`tr[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <>
      <div className="table-head">
        <h3 id="layers-caption">Layers ({estimate.layers.length})</h3>
        <div className="inline-field">
          <label htmlFor="layer-schema">Placement by</label>
          <select id="layer-schema" data-testid="layer-schema" value={schema} onChange={(e) => onSchema(e.target.value)}>
            {SCHEMA_IDS.map((id) => (
              <option key={id} value={id}>
                {SCHEMA_LABELS[id]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="table-scroll layers-scroll" tabIndex={0} role="region" aria-labelledby="layers-caption" data-learn="layer-table">
        <table className="data layers" data-testid="layers" data-schema={schema} aria-labelledby="layers-caption">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col" className="name">
                Layer
              </th>
              <th scope="col">Kind</th>
              <th scope="col" title={`placement by ${SCHEMA_LABELS[schema]}`}>
                Placement <code>{schema}</code>
              </th>
              <th scope="col" className="num">
                NPU (µs)
              </th>
              <th scope="col" className="num">
                CIM (µs)
              </th>
              <th
                scope="col"
                title={`${ROOF_HELP} NPU nominal ridge at full utilisation: ${fmt4(ridges.npuWeights)} MAC/B over streamed weights, ${fmt4(ridges.npuSram)} MAC/B over SRAM.`}
              >
                NPU <Term id="roofline">roofline</Term>
              </th>
              <th
                scope="col"
                title={`${ROOF_HELP} CIM nominal ridge (one compute unit, every array each MVM): ${fmt4(ridges.cim)} MAC/B over its buffer; weights stay in the macros.`}
              >
                CIM roofline
              </th>
              <th scope="col" className="num" title="arithmetic intensity: MACs per byte moved (streamed weights + activations)">
                <Term id="arithmetic-intensity">MAC/B</Term>
              </th>
            </tr>
          </thead>
          <tbody ref={body}>
            {estimate.layers.map((layer, i) => {
              const cost = estimate.costs[i];
              const placement = placements[i] ?? 'NPU';
              return (
                <tr
                  key={i}
                  data-layer={layer.name}
                  data-index={i}
                  className={
                    [i === selected ? 'selected-layer' : '', diff && diff.deltaUs[i] === null ? 'layer-added' : ''].join(' ').trim() ||
                    undefined
                  }
                  aria-selected={i === selected || undefined}
                >
                  <td className="num dim">{i}</td>
                  <td className="name">
                    {onSelect ? (
                      <button
                        type="button"
                        className="link layer-pick"
                        aria-pressed={i === selected}
                        onClick={() => onSelect(i === selected ? null : i)}
                      >
                        {layer.name}
                      </button>
                    ) : (
                      layer.name
                    )}
                    {diff && <BaselineMark delta={diff.deltaUs[i]} />}
                  </td>
                  <td>
                    <span className={`kind kind-${layer.kind}`}>{layer.kind}</span>
                  </td>
                  <td data-field="placement">
                    <span className={`unit unit-${placement}`}>{placement}</span>
                  </td>
                  <td className="num">{cost ? fmt4(cost.npu.timeUs) : ''}</td>
                  <td className="num">{cost?.cim ? fmt4(cost.cim.timeUs) : <span className="dim">—</span>}</td>
                  {cost ? (
                    <Roof layer={layer} cost={cost} />
                  ) : (
                    <>
                      <td />
                      <td />
                    </>
                  )}
                  <td className="num">{cost ? fmt4(cost.intensity) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {diff && diff.removed.length > 0 && (
        <p className="layers-removed" data-testid="layers-removed">
          <span className="layer-badge layer-badge-removed">removed</span> since the baseline: {diff.removed.join(', ')}
        </p>
      )}
      <LayerDetail
        estimate={estimate}
        schema={schema}
        reasons={reasons}
        selected={selected}
        {...(onSelect ? { onClose: () => onSelect(null) } : {})}
      />
    </>
  );
});

/** Next to a layer's name while a baseline is pinned: "added", or its time change under the table's schema. */
function BaselineMark({ delta }: { readonly delta: number | null | undefined }) {
  if (delta === null)
    return (
      <span className="layer-badge layer-badge-added" data-baseline="added">
        added
      </span>
    );
  if (delta === undefined || Math.abs(delta) < 1e-9) return null;
  return (
    <span className={`layer-delta ${delta > 0 ? 'delta-worse' : 'delta-better'}`} data-baseline="changed" data-delta-us={delta}>
      {delta > 0 ? '+' : '−'}
      {fmt4(Math.abs(delta))} µs
    </span>
  );
}

function Roof({ layer, cost }: { readonly layer: Estimate['layers'][number]; readonly cost: Estimate['costs'][number] }) {
  const r = roofline(layer, cost);
  return (
    <>
      <RoofCell unit="NPU" bound={cost.npu.bound} point={r.npu} />
      <RoofCell unit="CIM" bound={cost.cim?.bound ?? null} point={r.cim} />
    </>
  );
}
