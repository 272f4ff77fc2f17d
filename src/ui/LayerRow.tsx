/**
 * One row of the layer table (`LayerTable`): the layer's name (a button that picks it for the detail
 * drawer), kind, placement, time on each unit, roofline cells and intensity, with its change against
 * a pinned baseline.
 */
import { roofline, type Bound, type Estimate, type Placement, type RooflinePoint } from '../core';
import type { LayerDiff } from '../state/baseline';
import { fmt4 } from './format';

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

/** A layer's row: highlighted when selected, marked against the baseline when `diff` is given. */
export function LayerRow({
  layer,
  cost,
  index: i,
  placement,
  selected,
  onSelect,
  diff,
}: {
  readonly layer: Estimate['layers'][number];
  readonly cost: Estimate['costs'][number] | undefined;
  readonly index: number;
  readonly placement: Placement;
  readonly selected: number | null;
  readonly onSelect: ((layer: number | null) => void) | undefined;
  readonly diff: LayerDiff | null;
}) {
  return (
    <tr
      key={i}
      data-layer={layer.name}
      data-index={i}
      className={
        [i === selected ? 'selected-layer' : '', diff && diff.deltaUs[i] === null ? 'layer-added' : ''].join(' ').trim() || undefined
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
}

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
