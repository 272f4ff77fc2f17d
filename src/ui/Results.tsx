import { useDeferredValue, useMemo } from 'react';
import { getSpace } from '../core';
import { diffLayers, selectBaselineEstimate } from '../state/baseline';
import { selectEstimate, selectPlacementReasons } from '../state/selectors';
import { BaselineBar } from './BaselineBar';
import { currentSystem, selectLayer, setLayerSchema, useApp } from '../state/store';
import { ArchitectureView } from './ArchitectureView';
import { SweepPanel } from './SweepPanel';
import { TimelinePanel } from './TimelinePanel';
import { LayerTable } from './LayerTable';
import { Summary } from './Summary';
import { SupernetAccuracy } from './SupernetAccuracy';
import { TotalsTable } from './TotalsTable';
import { Panel } from './Panel';

/** Estimate of the current subnet on the current system: totals, then every layer. */
export function Results() {
  const estimate = useApp(selectEstimate);
  const reasons = useApp(selectPlacementReasons);
  const layerSchema = useApp((s) => s.layerSchema);
  const selectedLayer = useApp((s) => s.selectedLayer);
  const genome = useDeferredValue(useApp((s) => s.genome));
  const space = getSpace(useApp((s) => s.spaceId));
  const system = useApp(currentSystem);
  const model = useApp((s) => s.model);
  // hundreds of rows for nasvit: render the table in an interruptible pass after the totals
  const tableEstimate = useDeferredValue(estimate);
  const tableReasons = useDeferredValue(reasons);
  const tableSchema = useDeferredValue(layerSchema);
  // the store clears the selection whenever the subnet changes; the deferred estimate may lag a render behind
  // a link's layer of a model file not yet opened is kept for the file, not shown on the subnet
  const waitingForFile = useApp((s) => s.linkedModel !== null && s.model === null);
  const selected = selectedLayer !== null && !waitingForFile && selectedLayer < tableEstimate.layers.length ? selectedLayer : null;
  const baseline = useApp(selectBaselineEstimate);
  const diff = useMemo(() => (baseline ? diffLayers(tableEstimate, baseline, tableSchema) : null), [baseline, tableEstimate, tableSchema]);
  return (
    <>
      <Panel id="estimate" title="Estimate">
        <Summary estimate={estimate} space={space} system={system} model={model} />
        {model ? null : <SupernetAccuracy />}
        <BaselineBar where="estimate" />
        <TotalsTable estimate={estimate} baseline={baseline} />
      </Panel>
      <TimelinePanel estimate={tableEstimate} system={system} selected={selected} />
      <SweepPanel />
      <Panel id="layers" title={model ? 'Layers' : 'Architecture and layers'}>
        {model ? null : (
          <ArchitectureView
            estimate={tableEstimate}
            genome={genome}
            schema={tableSchema}
            selectedLayer={selected}
            onSelectLayer={selectLayer}
          />
        )}
        <LayerTable
          estimate={tableEstimate}
          schema={tableSchema}
          reasons={tableReasons}
          onSchema={setLayerSchema}
          selected={selected}
          hw={system.params}
          onSelect={selectLayer}
          diff={diff}
        />
      </Panel>
    </>
  );
}
