/**
 * Claims 2 and 3 of the paper, on our estimator: the saving of heterogeneous (`hetero`) and
 * parallel execution against NPU-only along the hybrid front, the largest and where it occurs; and,
 * for the subnet of the largest latency saving, the CIM design sweep over macros M and compute units U.
 */
import { expandGenome } from '../model/layers.js';
import { cimSweep } from '../hardware/sweep.js';
import type { System } from '../hardware/hardware.js';
import { estimateGenome } from '../schedule/estimate.js';
import type { SearchSpace } from '../types.js';
import { at } from '../at.js';
import { PAPER_CLAIMS } from './paperClaims.js';
import type { ExecutionClaim, ExecutionRow, LargestSaving, PaperPoint, ScalingClaim, ScalingPoint, SchemaFigures } from './paperTypes.js';

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

function figures(s: { latencyMs: number; energyUj: number }, npu: { latencyMs: number; energyUj: number }): SchemaFigures {
  return {
    latencyMs: s.latencyMs,
    energyUj: s.energyUj,
    latencySaving: 1 - s.latencyMs / npu.latencyMs,
    energySaving: 1 - s.energyUj / npu.energyUj,
  };
}

/** The largest saving of `metric` over rows and the two schemas (the first row and `hetero` on ties). */
function largestOf(
  rows: readonly { readonly hetero: SchemaFigures; readonly parallel: SchemaFigures }[],
  metric: 'latencySaving' | 'energySaving',
): LargestSaving {
  let best: LargestSaving = { schema: 'hetero', saving: -Infinity, row: 0 };
  rows.forEach((r, row) => {
    for (const schema of ['hetero', 'parallel'] as const)
      if (r[schema][metric] > best.saving) best = { schema, saving: r[schema][metric], row };
  });
  return best;
}

const compare = (ours: number, theirs: number): string =>
  Math.abs(ours - theirs) < 0.005 ? 'about the same as' : ours > theirs ? 'more than' : 'less than';

/** Claim 2 along `front` (sorted by latency): every subnet estimated under npu, hetero and parallel. */
export function executionClaim(space: SearchSpace, system: System, front: readonly PaperPoint[]): ExecutionClaim {
  const rows: ExecutionRow[] = front.map((point) => {
    const e = estimateGenome(space, point.arch, system);
    const npu = { latencyMs: e.schemas.npu.latencyMs, energyUj: e.schemas.npu.energyUj };
    return { point, npu, hetero: figures(e.schemas.hetero, npu), parallel: figures(e.schemas.parallel, npu) };
  });
  const latency = largestOf(rows, 'latencySaving');
  const energy = largestOf(rows, 'energySaving');
  const paper = PAPER_CLAIMS.execution;
  const verdict =
    rows.length === 0
      ? 'The front is empty: nothing to estimate.'
      : `Largest latency saving here ${pct(latency.saving)} (${latency.schema}, front subnet ${latency.row + 1} of ${rows.length}): ${compare(latency.saving, paper.latency)} the paper's ${pct(paper.latency)}. ` +
        `Largest energy saving ${pct(energy.saving)} (${energy.schema}, subnet ${energy.row + 1}): ${compare(energy.saving, paper.energy)} the paper's ${pct(paper.energy)}.`;
  return { rows, largest: { latency, energy }, verdict };
}

/** Claim 3: the M × U sweep of the subnet of claim 2's largest latency saving, on the system's other parameters. */
export function scalingClaim(space: SearchSpace, system: System, execution: ExecutionClaim): ScalingClaim {
  const row = execution.largest.latency.row;
  const arch = at(execution.rows, row).point.arch;
  const base = system.id.replace(/\*$/, '');
  const grid = cimSweep((hw) => expandGenome(space, arch, { weight: hw.bytesPerWeight, act: hw.bytesPerAct }), base, system.params);
  const points: ScalingPoint[] = grid.map((g) => ({
    macros: g.macros,
    units: g.units,
    npu: g.schemas.npu,
    hetero: figures(g.schemas.hetero, g.schemas.npu),
    parallel: figures(g.schemas.parallel, g.schemas.npu),
  }));
  let best: ScalingClaim['best'] = { macros: 1, units: 1, schema: 'hetero', saving: -Infinity };
  for (const p of points)
    for (const schema of ['hetero', 'parallel'] as const)
      if (p[schema].latencySaving > best.saving) best = { macros: p.macros, units: p.units, schema, saving: p[schema].latencySaving };
  const u1 = points.filter((p) => p.units === 1);
  const monotoneInMacros = u1.every((p, i) => i === 0 || p.parallel.latencyMs <= at(u1, i - 1).parallel.latencyMs);
  const first = u1[0];
  const last = u1.at(-1);
  const verdict =
    first && last
      ? `On this subnet the best latency saving on the grid is ${pct(best.saving)} (${best.schema}, M = ${best.macros}, U = ${best.units}). ` +
        `With one compute unit, going from ${first.macros} to ${last.macros} macros takes parallel execution's saving from ${pct(first.parallel.latencySaving)} to ${pct(last.parallel.latencySaving)}` +
        `${monotoneInMacros ? ', never slower for more macros' : '; more macros do not always help here'}: ${monotoneInMacros ? 'consistent with' : 'only partly consistent with'} the paper's claim.`
      : 'The sweep has no point on this hardware.';
  return { row, arch, points, best, monotoneInMacros, verdict };
}
