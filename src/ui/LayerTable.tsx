import { memo, useEffect, useRef } from 'react';
import { explainLayer, SCHEMA_IDS, SCHEMA_LABELS, type Estimate, type SchemaId } from '../core';
import { fmt4, fmtInt } from './format';

interface Props {
  readonly estimate: Estimate;
  /** whose placement the table shows */
  readonly schema: SchemaId;
  /** one line per layer: why `schema` placed it there */
  readonly reasons: readonly string[];
  readonly onSchema: (schema: string) => void;
  /** the layer selected in the timeline: highlighted and scrolled into view */
  readonly selected?: number | null;
}

/**
 * Every layer with the placement the picked schema chose (next to its name, so the picker's effect
 * is in view) and its cost on both units. A plain table:
 * rows off-screen skip layout and paint (`content-visibility` in the stylesheet), enough for nasvit.
 */
export const LayerTable = memo(function LayerTable({ estimate, schema, reasons, onSchema, selected = null }: Props) {
  const placements = estimate.schemas[schema].placement;
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (selected === null) return;
    body.current?.querySelector(`tr[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <>
      <div className="table-head">
        <h2 id="layers-caption">Layers ({estimate.layers.length})</h2>
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
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="layers-caption">
        <table className="data layers" data-testid="layers" data-schema={schema} aria-labelledby="layers-caption">
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col" className="name">Layer</th>
              <th scope="col">Kind</th>
              <th scope="col" title={`placement by ${SCHEMA_LABELS[schema]}`}>
                Placement <code>{schema}</code>
              </th>
              <th scope="col">Reason</th>
              <th scope="col" className="num">NPU (µs)</th>
              <th scope="col" className="num">CIM (µs)</th>
              <th scope="col">NPU bound</th>
              <th scope="col">CIM bound</th>
              <th scope="col" className="num" title="arithmetic intensity: MACs per byte moved (streamed weights + activations)">MAC/B</th>
              <th scope="col" className="num">MACs</th>
              <th scope="col" className="num">Weights (B)</th>
              <th scope="col" className="num">In (B)</th>
              <th scope="col" className="num">Out (B)</th>
            </tr>
          </thead>
          <tbody ref={body}>
            {estimate.layers.map((layer, i) => {
              const cost = estimate.costs[i];
              const placement = placements[i] ?? 'NPU';
              return (
                <tr key={i} data-layer={layer.name} data-index={i} className={i === selected ? 'selected-layer' : undefined} aria-selected={i === selected || undefined}>
                  <td className="num dim">{i}</td>
                  <td className="name">{layer.name}</td>
                  <td>
                    <span className={`kind kind-${layer.kind}`}>{layer.kind}</span>
                  </td>
                  <td data-field="placement">
                    <span className={`unit unit-${placement}`}>{placement}</span>
                  </td>
                  <td className="reason" title={cost && explainLayer(layer, cost)}>
                    {reasons[i] ?? ''}
                  </td>
                  <td className="num">{cost ? fmt4(cost.npu.timeUs) : ''}</td>
                  <td className="num">{cost?.cim ? fmt4(cost.cim.timeUs) : <span className="dim">—</span>}</td>
                  <td>{cost && <span className={`bound bound-${cost.npu.bound}`}>{cost.npu.bound}</span>}</td>
                  <td>{cost?.cim ? <span className={`bound bound-${cost.cim.bound}`}>{cost.cim.bound}</span> : <span className="dim">n/a</span>}</td>
                  <td className="num">{cost ? fmt4(cost.intensity) : ''}</td>
                  <td className="num">{fmtInt(layer.macs)}</td>
                  <td className="num">{fmtInt(layer.weightBytes)}</td>
                  <td className="num">{fmtInt(layer.inBytes)}</td>
                  <td className="num">{fmtInt(layer.outBytes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
});
