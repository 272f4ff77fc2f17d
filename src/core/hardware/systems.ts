import type { HwParams, System } from './hardware.js';

/**
 * The shipped system presets (SPEC §4): the default (Ethos-U55 + STT-MRAM CIM) and the presets built
 * on it, each changed value with its provenance and source; two reproduce published CIM macros
 * (`publishedMacro`, checked by hardwareMacros.test.ts). The parameters themselves (`HW_PARAMS`)
 * and the validation of user systems are in hardware.ts, which re-exports these.
 */

const U55_MRAM: HwParams = {
  npuMacsPerCycle: 256,
  npuFreqMHz: 500,
  npuSramGBps: 4,
  npuWeightGBps: 0.5,
  npuWeightBufferKiB: 0,
  npuMacPj: 0.45,
  sramPjPerByte: 1,
  weightFetchPjPerByte: 10,
  npuStaticMw: 5,
  npuOverheadUs: 2,
  cimMacros: 1,
  cimUnits: 1,
  cimRows: 256,
  cimCols: 64,
  cimMacroKiB: 1024,
  cimFreqMHz: 200,
  cimCyclesPerMvm: 8,
  cimMacPj: 0.02,
  cimBufferGBps: 4,
  cimBufferPjPerByte: 0.5,
  cimStaticMwPerMacro: 0.5,
  linkGBps: 4,
  linkPjPerByte: 1,
  bytesPerWeight: 1,
  bytesPerAct: 1,
};

/** Static power of an SRAM CIM macro, assumed alike in every SRAM preset. */
const SRAM_LEAK = { provenance: 'assumed', source: 'SRAM leaks: 10× the MRAM macro' } as const;
/** The capacity a published macro's abstract does not give: the least the model allows. */
const UNSTATED_CAPACITY = {
  provenance: 'assumed',
  source: 'the paper’s array capacity is not modelled: 64 KiB (the least allowed)',
} as const;
const measured = (source: string) => ({ provenance: 'measured-public', source }) as const;

/** The shipped system presets (SPEC §4): four, and two built on published CIM macros. */
export const SYSTEMS: Readonly<Record<string, System>> = {
  'u55-mram': { id: 'u55-mram', label: 'Ethos-U55-256 + STT-MRAM CIM (default)', params: U55_MRAM },
  'u55-sram-cim': {
    id: 'u55-sram-cim',
    label: 'Ethos-U55-256 + SRAM CIM',
    params: { ...U55_MRAM, cimMacroKiB: 256, cimStaticMwPerMacro: 5 },
    provenance: {
      cimMacroKiB: { provenance: 'assumed', source: 'SRAM CIM macros hold less: 256 KiB' },
      cimStaticMwPerMacro: SRAM_LEAK,
      cimMacPj: { provenance: 'assumed', source: 'digital SRAM CIM: taken equal to the MRAM macro' },
    },
  },
  'u55-sram7nm': {
    id: 'u55-sram7nm',
    label: 'Ethos-U55-256 + 7 nm SRAM CIM (JSSC 2021)',
    // 1,024 4b × 4b MACs at once, 5.5 ns access at 0.8 V: 64 rows × 16 weights, one access a cycle
    params: {
      ...U55_MRAM,
      cimRows: 64,
      cimCols: 16,
      cimCyclesPerMvm: 1,
      cimFreqMHz: 1000 / 5.5,
      cimMacPj: 2 / 351,
      cimMacroKiB: 64,
      cimStaticMwPerMacro: 5,
    },
    provenance: {
      cimRows: measured('Sinangil et al., JSSC 2021: 1,024 4b×4b MACs at once (64 × 16 taken)'),
      cimCols: measured('Sinangil et al., JSSC 2021: 1,024 4b×4b MACs at once (64 × 16 taken)'),
      cimFreqMHz: measured('Sinangil et al., JSSC 2021: 5.5 ns access at 0.8 V'),
      cimCyclesPerMvm: measured('Sinangil et al., JSSC 2021: one access per MAC set'),
      cimMacPj: measured('Sinangil et al., JSSC 2021: 351 TOPS/W (4b×4b)'),
      cimMacroKiB: UNSTATED_CAPACITY,
      cimStaticMwPerMacro: SRAM_LEAK,
    },
    publishedMacro: {
      source:
        'M. E. Sinangil et al., “A 7-nm Compute-in-Memory SRAM Macro Supporting Multi-Bit Input, Weight and Output and Achieving 351 TOPS/W and 372.4 GOPS”, IEEE JSSC 56(1), 2021, doi:10.1109/JSSC.2020.3031290',
      macsAtOnce: 1024,
      peakGops: 372.4,
      topsPerWatt: 351,
      precision: '4-bit inputs and weights',
    },
  },
  'u55-c2c22nm': {
    id: 'u55-c2c22nm',
    label: 'Ethos-U55-256 + 22 nm C-2C CIM (VLSI 2022)',
    // 2k 8b × 8b MACs in one clock cycle: 128 rows × 16 weights; the clock is not in the abstract
    params: {
      ...U55_MRAM,
      cimRows: 128,
      cimCols: 16,
      cimCyclesPerMvm: 1,
      cimFreqMHz: 100,
      cimMacPj: 2 / 32.2,
      cimMacroKiB: 64,
      cimStaticMwPerMacro: 5,
    },
    provenance: {
      cimRows: measured('Wang et al., VLSI 2022: 2k 8b MACs in one cycle (128 × 16 taken)'),
      cimCols: measured('Wang et al., VLSI 2022: 2k 8b MACs in one cycle (128 × 16 taken)'),
      cimCyclesPerMvm: measured('Wang et al., VLSI 2022: one clock cycle'),
      cimMacPj: measured('Wang et al., VLSI 2022: 32.2 TOPS/W peak (8b×8b)'),
      cimFreqMHz: { provenance: 'assumed', source: 'the clock is not in the abstract: 100 MHz' },
      cimMacroKiB: UNSTATED_CAPACITY,
      cimStaticMwPerMacro: SRAM_LEAK,
    },
    publishedMacro: {
      source:
        'H. Wang et al., “A 32.2 TOPS/W SRAM Compute-in-Memory Macro Employing a Linear 8-bit C-2C Ladder for Charge Domain Computation in 22nm for Edge Inference”, VLSI Symposium 2022, doi:10.1109/VLSITechnologyandCir46769.2022.9830322',
      macsAtOnce: 2048,
      topsPerWatt: 32.2,
      precision: '8-bit inputs and weights',
    },
  },
  'npu1024-mram': {
    id: 'npu1024-mram',
    label: '1024-MAC NPU + STT-MRAM CIM',
    params: { ...U55_MRAM, npuMacsPerCycle: 1024 },
    provenance: { npuMacsPerCycle: { provenance: 'vendor-default', source: "Meta's 7 nm AR test chip: 1024 MACs" } },
  },
  'u65-dram': {
    id: 'u65-dram',
    label: 'Ethos-U65-512 (DRAM weights) + STT-MRAM CIM',
    params: { ...U55_MRAM, npuMacsPerCycle: 512, npuFreqMHz: 1000, npuSramGBps: 16, npuWeightGBps: 12, weightFetchPjPerByte: 100 },
    provenance: {
      npuMacsPerCycle: { provenance: 'vendor-default', source: 'Ethos-U65 512-MAC config' },
      npuFreqMHz: { provenance: 'vendor-default', source: 'Vela Ethos_U65_Client_Server: 1 GHz core clock' },
      npuSramGBps: { provenance: 'vendor-default', source: 'Vela Ethos_U65_Client_Server: 16 GB/s SRAM' },
      npuWeightGBps: { provenance: 'vendor-default', source: 'Vela U65 system: 12 GB/s DRAM' },
      weightFetchPjPerByte: { provenance: 'assumed', source: 'DRAM ≈ 100 pJ/B' },
    },
  },
};

/** Whether `id` names a shipped system preset (own keys only). */
export const hasSystem = (id: string): boolean => Object.hasOwn(SYSTEMS, id);

/** Looks a preset up by id; throws naming the allowed ids otherwise. */
export function getSystem(id: string): System {
  const s = hasSystem(id) ? SYSTEMS[id] : undefined;
  if (!s) throw new Error(`hw: unknown system "${id.slice(0, 40)}" (allowed: ${Object.keys(SYSTEMS).join(', ')})`);
  return s;
}
