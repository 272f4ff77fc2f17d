import { useMemo, useRef } from 'react';
import { expandGenome, getSpace, type HwParams } from '../core';
import { SweepChart } from '../plots/SweepChart';
import { cimSweep } from '../plots/sweep';
import { useElementWidth } from '../plots/useElementWidth';
import { modelLayers, modelName } from '../state/model';
import { currentSystem, useApp } from '../state/store';
import { ChartExport } from './ChartExport';
import { Panel } from './Panel';

/** The CIM design sweep of the selected subnet (or the opened model): what more macros (M) and compute units (U) buy under each schema. */
export function SweepPanel() {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 800);
  const spaceId = useApp((s) => s.spaceId);
  const genome = useApp((s) => s.genome);
  const model = useApp((s) => s.model);
  const systemId = useApp((s) => s.systemId);
  const edits = useApp((s) => s.hwOverrides);
  const system = useApp(currentSystem);
  const calibration = useApp((s) => s.calibration);
  const points = useMemo(() => {
    const space = getSpace(spaceId);
    const layersOf = model
      ? (hw: HwParams) => modelLayers(model, hw)
      : (hw: HwParams) => expandGenome(space, genome, { weight: hw.bytesPerWeight, act: hw.bytesPerAct });
    return cimSweep(layersOf, systemId, edits, calibration);
  }, [spaceId, genome, model, systemId, edits, calibration]);
  const current = useMemo(() => ({ macros: system.params.cimMacros, units: system.params.cimUnits }), [system]);
  const what = model ? `model ${modelName(model)}` : `${genome.space} subnet`;
  return (
    <Panel id="sweep" title="CIM design sweep">
      <p className="hint">
        This {model ? 'model' : 'subnet'}'s latency and energy as the CIM grows: M ∈ {'{'}1, 2, 4, 8, 16{'}'} macros split into U compute
        units (U divides M), every other parameter as set above{calibration ? ', calibrated from measurements' : ''}. The dashed line is NPU
        only; the ring marks the current hardware when it is on the grid.{' '}
        <ChartExport target={ref} name="cim-sweep" title={`CIM design sweep of ${what} on ${system.label}`} />
      </p>
      <div ref={ref} data-learn="sweep">
        <SweepChart points={points} current={current} width={width} />
      </div>
    </Panel>
  );
}
