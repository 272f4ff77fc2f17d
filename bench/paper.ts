import {
  estimateGenome,
  getSystem,
  largestGenome,
  NASVIT,
  SCHEMA_IDS,
  smallestGenome,
  type Genome,
  type System,
} from '../src/core/index.js';

const pct = (x: number, base: number): string => `${(100 * (1 - x / base)).toFixed(1)}%`;

/** The model against the paper (SPEC §4.3): nasvit largest/smallest under u55-mram, and the M sweep. */
export function paperCheck(): string[] {
  const sys = getSystem('u55-mram');
  const out: string[] = [];
  const subnets: [string, Genome][] = [
    ['largest', largestGenome(NASVIT)],
    ['smallest', smallestGenome(NASVIT)],
  ];
  for (const [name, g] of subnets) {
    const e = estimateGenome(NASVIT, g, sys);
    const npu = e.schemas.npu;
    out.push(`nasvit ${name} (${(e.macs / 1e6).toFixed(0)} M MACs, ${(e.params / 1e6).toFixed(2)} M params) on u55-mram:`);
    for (const id of SCHEMA_IDS) {
      const s = e.schemas[id];
      out.push(
        `  ${id.padEnd(8)} ${s.latencyMs.toFixed(3).padStart(8)} ms ${s.energyUj.toFixed(1).padStart(8)} µJ   saving vs npu: latency ${pct(s.latencyMs, npu.latencyMs).padStart(6)}, energy ${pct(s.energyUj, npu.energyUj).padStart(6)}   CIM ${(s.cimWeightBytes / 1024).toFixed(0)} KiB`,
      );
    }
  }
  for (const [name, g] of subnets) {
    const row: string[] = [];
    for (const M of [1, 2, 4, 8, 16]) {
      const s: System = { ...sys, params: { ...sys.params, cimMacros: M } };
      const e = estimateGenome(NASVIT, g, s);
      row.push(`M=${M}: ${e.schemas.hetero.latencyMs.toFixed(2)} / ${e.schemas.parallel.latencyMs.toFixed(2)} ms`);
    }
    out.push(
      `nasvit ${name}, hetero / parallel latency by CIM macros: ${row.join(', ')} (npu ${estimateGenome(NASVIT, g, sys).schemas.npu.latencyMs.toFixed(2)} ms)`,
    );
  }
  return out;
}
