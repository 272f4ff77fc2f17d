import { useMemo, useRef } from 'react';
import { explainPlacement, SCHEMA_IDS, type Estimate, type SchemaId, type System } from '../core';
import { Timeline } from '../plots/Timeline';
import { useElementWidth } from '../plots/useElementWidth';
import { selectBaselineEstimate } from '../state/baseline';
import { selectLayer, useApp } from '../state/store';
import { download } from './download';
import { Panel } from './Panel';
import { Term } from './learn/Term';

/** Reasons per schema, computed the first time a bar of that schema is hovered. */
function lazyReasons(estimate: Estimate, system: System): (schema: SchemaId, layer: number) => string {
  const cache = new Map<SchemaId, readonly string[]>();
  return (schema, layer) => {
    let r = cache.get(schema);
    if (!r) cache.set(schema, (r = explainPlacement(estimate.layers, estimate.costs, estimate.schemas[schema], system.params)));
    return r[layer] ?? '';
  };
}

/** The placement timeline of the selected subnet under every schema, on one time axis (SPEC §8). */
export function TimelinePanel({
  estimate,
  system,
  selected,
}: {
  readonly estimate: Estimate;
  readonly system: System;
  readonly selected: number | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 800);
  const reasons = useMemo(() => lazyReasons(estimate, system), [estimate, system]);
  const baseline = useApp(selectBaselineEstimate);
  const baselineMs = useMemo(
    () =>
      baseline ? (Object.fromEntries(SCHEMA_IDS.map((id) => [id, baseline.schemas[id].latencyMs])) as Record<SchemaId, number>) : null,
    [baseline],
  );
  return (
    <Panel id="timeline" title="Placement timeline">
      <p className="hint">
        Each schema's schedule of this subnet, on one time axis: a lane for the <Term id="npu">NPU</Term>, one per <Term id="cim">CIM</Term>{' '}
        <Term id="compute-unit">compute unit</Term> ({system.params.cimUnits}) and the <Term id="link">link</Term>, which carries each{' '}
        <Term id="hand-off">hand-off</Term>.
        {selected !== null && (
          <>
            {' '}
            Layer #{selected} {estimate.layers[selected]?.name} is selected (click it again, or elsewhere, to clear).
          </>
        )}
        {baselineMs && <> Dashed: where the pinned baseline ends under each schema.</>}
      </p>
      <div ref={ref} data-learn="timeline">
        <Timeline
          estimate={estimate}
          schemas={SCHEMA_IDS}
          cimUnits={system.params.cimUnits}
          width={width}
          selectedLayer={selected}
          onSelectLayer={selectLayer}
          reason={reasons}
          onFile={download}
          baselineMs={baselineMs}
        />
      </div>
    </Panel>
  );
}
