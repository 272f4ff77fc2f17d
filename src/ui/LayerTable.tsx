import { memo, useEffect, useRef } from 'react';
import { SCHEMA_IDS, SCHEMA_LABELS, unitRidges, type Estimate, type HwParams, type SchemaId } from '../core';
import type { LayerDiff } from '../state/baseline';
import { fmt4 } from './format';
import { LayerDetail } from './LayerDetail';
import { LayerRow } from './LayerRow';
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
          <LayerColumns schema={schema} hw={hw} />
          <tbody ref={body}>
            {estimate.layers.map((layer, i) => (
              <LayerRow
                key={i}
                layer={layer}
                cost={estimate.costs[i]}
                index={i}
                placement={placements[i] ?? 'NPU'}
                selected={selected}
                onSelect={onSelect}
                diff={diff}
              />
            ))}
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

/** The table's column headings; the roofline columns' titles give the units' nominal ridge points. */
function LayerColumns({ schema, hw }: { readonly schema: SchemaId; readonly hw: HwParams }) {
  const ridges = unitRidges(hw);
  return (
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
  );
}
