import { z } from '../zod.js';
import { preview, zodMessages, type Validated } from '../model/genome.js';

/** Where a default value comes from (SPEC §4): never mistake a default for a measurement. */
export type Provenance = 'measured-public' | 'vendor-default' | 'assumed';

export type HwKey =
  | 'npuMacsPerCycle'
  | 'npuFreqMHz'
  | 'npuSramGBps'
  | 'npuWeightGBps'
  | 'npuWeightBufferKiB'
  | 'npuMacPj'
  | 'sramPjPerByte'
  | 'weightFetchPjPerByte'
  | 'npuStaticMw'
  | 'npuOverheadUs'
  | 'cimMacros'
  | 'cimUnits'
  | 'cimRows'
  | 'cimCols'
  | 'cimMacroKiB'
  | 'cimFreqMHz'
  | 'cimCyclesPerMvm'
  | 'cimMacPj'
  | 'cimBufferGBps'
  | 'cimBufferPjPerByte'
  | 'cimStaticMwPerMacro'
  | 'linkGBps'
  | 'linkPjPerByte'
  | 'bytesPerWeight'
  | 'bytesPerAct';

/** One hardware parameter: label, unit, valid range, provenance of the default. */
export interface HwParam {
  readonly key: HwKey;
  readonly group: 'NPU' | 'CIM' | 'Link' | 'Data';
  readonly label: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly provenance: Provenance;
  /** where the default comes from, in a few words */
  readonly source: string;
}

const p = (
  key: HwKey,
  group: HwParam['group'],
  label: string,
  unit: string,
  min: number,
  max: number,
  provenance: Provenance,
  source: string,
  integer = false,
): HwParam => ({ key, group, label, unit, min, max, integer, provenance, source });

/** Every parameter of a system, in display order (SPEC §4 table). */
export const HW_PARAMS: readonly HwParam[] = [
  p(
    'npuMacsPerCycle',
    'NPU',
    'NPU MACs per cycle (P)',
    'MAC/cycle',
    32,
    2048,
    'vendor-default',
    'Ethos-U55 configs 32–256; Meta 7 nm AR test chip 1024',
    true,
  ),
  p('npuFreqMHz', 'NPU', 'NPU clock', 'MHz', 100, 1500, 'vendor-default', "Vela's Ethos-U55 system config"),
  p('npuSramGBps', 'NPU', 'NPU activation SRAM bandwidth', 'GB/s', 0.5, 64, 'vendor-default', 'Vela system config'),
  p(
    'npuWeightGBps',
    'NPU',
    'NPU weight-fetch bandwidth (flash/NVM)',
    'GB/s',
    0.05,
    25,
    'vendor-default',
    'Vela off-chip flash; 12 GB/s DRAM for U65-like',
  ),
  p('npuWeightBufferKiB', 'NPU', 'NPU on-chip weight buffer', 'KiB', 0, 8192, 'assumed', '0 = weights streamed every inference', true),
  p('npuMacPj', 'NPU', 'NPU energy per MAC', 'pJ', 0.05, 5, 'assumed', 'Siracusa-class 8.8 TOPS/W, ×2 for system overhead'),
  p('sramPjPerByte', 'NPU', 'SRAM energy per byte', 'pJ/B', 0.1, 10, 'assumed', 'typical on-chip SRAM access'),
  p('weightFetchPjPerByte', 'NPU', 'Weight-fetch energy per byte', 'pJ/B', 1, 200, 'assumed', 'on-chip NVM; DRAM ≈ 100 pJ/B'),
  p('npuStaticMw', 'NPU', 'NPU static power', 'mW', 0, 500, 'assumed', 'edge NPU leakage'),
  p('npuOverheadUs', 'NPU', 'NPU fixed overhead per layer', 'µs', 0, 100, 'assumed', 'command/DMA set-up per layer'),
  p('cimMacros', 'CIM', 'CIM macros (M)', 'macros', 1, 64, 'assumed', 'design axis: the paper studies multi-macro CIM', true),
  p('cimUnits', 'CIM', 'CIM compute units (U)', 'units', 1, 64, 'assumed', 'design axis (1 ≤ U ≤ M): the paper studies multi-CU CIM', true),
  p('cimRows', 'CIM', 'Macro array rows', 'rows', 16, 4096, 'assumed', '256 × 64 array of 8-bit weights', true),
  p('cimCols', 'CIM', 'Macro array columns', 'columns', 8, 1024, 'assumed', '256 × 64 array of 8-bit weights', true),
  p(
    'cimMacroKiB',
    'CIM',
    'Macro weight capacity',
    'KiB',
    64,
    16384,
    'assumed',
    '1 MiB; the STT-MRAM CIM macro we could verify (Cai et al., ISSCC 2023, 28 nm) holds 2 Mb',
    true,
  ),
  p('cimFreqMHz', 'CIM', 'CIM clock', 'MHz', 50, 1000, 'assumed', 'digital CIM macros 100–400 MHz'),
  p('cimCyclesPerMvm', 'CIM', 'Cycles per matrix-vector op', 'cycles', 1, 16, 'assumed', 'bit-serial 8-bit input', true),
  p('cimMacPj', 'CIM', 'CIM energy per MAC', 'pJ', 0.005, 0.2, 'measured-public', '46–160 TOPS/W at 8 bit (published CIM macros)'),
  p('cimBufferGBps', 'CIM', 'CIM buffer bandwidth', 'GB/s', 0.5, 64, 'assumed', 'per compute unit'),
  p('cimBufferPjPerByte', 'CIM', 'CIM buffer energy per byte', 'pJ/B', 0.05, 10, 'assumed', 'small local SRAM buffer'),
  p('cimStaticMwPerMacro', 'CIM', 'CIM static power per macro', 'mW', 0, 50, 'assumed', 'MRAM is non-volatile: low leakage'),
  p('linkGBps', 'Link', 'NPU↔CIM link bandwidth', 'GB/s', 0.5, 64, 'assumed', 'on-chip interconnect'),
  p('linkPjPerByte', 'Link', 'NPU↔CIM link energy per byte', 'pJ/B', 0.1, 10, 'assumed', 'on-chip interconnect'),
  p('bytesPerWeight', 'Data', 'Bytes per weight', 'B', 1, 4, 'assumed', 'int8 weights', true),
  p('bytesPerAct', 'Data', 'Bytes per activation', 'B', 1, 4, 'assumed', 'int8 activations', true),
];

export type HwParams = Readonly<Record<HwKey, number>>;

/** A system: one NPU + one CIM subsystem + the link. Provenance overrides mark preset-specific values. */
export interface System {
  readonly id: string;
  readonly label: string;
  readonly params: HwParams;
  readonly provenance?: Readonly<Partial<Record<HwKey, { readonly provenance: Provenance; readonly source: string }>>>;
  /** a preset built on a published CIM macro: the figures its parameters reproduce (hardware.test.ts) */
  readonly publishedMacro?: PublishedMacro;
}

/** The headline figures of a published CIM macro, as its paper states them. */
export interface PublishedMacro {
  readonly source: string;
  /** multiply-accumulates the macro performs at once (one matrix-vector operation) */
  readonly macsAtOnce: number;
  /** peak throughput, where the paper states it (2 operations a MAC) */
  readonly peakGops?: number;
  /** peak energy efficiency (2 operations a MAC) */
  readonly topsPerWatt: number;
  /** the operand precision those figures are for */
  readonly precision: string;
}

/** A macro's peak figures as the cost model computes them from a system's parameters (one macro). */
export function macroPeak(hw: HwParams): { macsAtOnce: number; gops: number; topsPerWatt: number } {
  const macsAtOnce = hw.cimRows * Math.floor(hw.cimCols / hw.bytesPerWeight);
  return { macsAtOnce, gops: (2 * macsAtOnce * hw.cimFreqMHz) / hw.cimCyclesPerMvm / 1e3, topsPerWatt: 2 / hw.cimMacPj };
}

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

/** Provenance of one parameter of a system (preset override, else the table's). */
export function provenanceOf(system: System, key: HwKey): { provenance: Provenance; source: string } {
  const o = system.provenance?.[key];
  if (o) return o;
  const param = HW_PARAMS.find((x) => x.key === key) as HwParam;
  return { provenance: param.provenance, source: param.source };
}

const paramsSchema = z
  .object(
    Object.fromEntries(
      HW_PARAMS.map((hp) => {
        const range = `allowed ${hp.min}–${hp.max} ${hp.unit}`;
        let s = z
          .number({ error: `must be a number (${range})` })
          .min(hp.min, { error: `below the range (${range})` })
          .max(hp.max, { error: `above the range (${range})` });
        if (hp.integer) s = s.int({ error: `must be a whole number (${range})` });
        return [hp.key, s];
      }),
    ) as Record<HwKey, z.ZodNumber>,
  )
  .strict()
  // checked only when both counts are valid, so one bad value gives one message
  .refine((x) => !(Number.isInteger(x.cimMacros) && x.cimMacros >= 1 && x.cimMacros <= 64) || x.cimUnits <= x.cimMacros, {
    path: ['cimUnits'],
    error: 'must not exceed the number of CIM macros (1 ≤ U ≤ M)',
  });

/**
 * Validates a hardware description: either a full parameter object, or `{ base: presetId, ...overrides }`
 * (what the hardware editor and `--hw <file>` produce). Messages name the field and its range.
 */
export function validateSystem(input: unknown): Validated<System> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, errors: ['hw: must be a JSON object of hardware parameters'] };
  const obj = input as Record<string, unknown>;
  const allowed = Object.keys(SYSTEMS).join(', ');
  if (obj.base !== undefined && typeof obj.base !== 'string')
    return { ok: false, errors: [`base: must be a system id (allowed: ${allowed})`] };
  const baseId = typeof obj.base === 'string' ? obj.base : typeof obj.id === 'string' && hasSystem(obj.id) ? obj.id : 'u55-mram';
  const base = hasSystem(baseId) ? SYSTEMS[baseId] : undefined;
  if (!base) return { ok: false, errors: [`base: unknown system "${baseId.slice(0, 40)}" (allowed: ${allowed})`] };
  const META = ['base', 'id', 'label', 'provenance', 'params', 'publishedMacro'];
  const topLevel = Object.fromEntries(Object.entries(obj).filter(([k]) => !META.includes(k)));
  if (obj.params !== undefined) {
    if (typeof obj.params !== 'object' || obj.params === null || Array.isArray(obj.params))
      return { ok: false, errors: ['params: must be an object of hardware parameters'] };
    const both = Object.keys(topLevel);
    const k = both[0];
    // the key is untrusted text: named as it is when it is a plain name, else shortened
    if (k !== undefined)
      return {
        ok: false,
        errors: [
          `${/^\w{1,40}$/.test(k) ? k : `(root): the key ${preview(k)}`}: give parameters either at the top level or under "params", not both`,
        ],
      };
  }
  const given = (obj.params ?? topLevel) as Record<string, unknown>;
  const parsed = paramsSchema.safeParse({ ...base.params, ...given });
  if (!parsed.success) return { ok: false, errors: zodMessages(parsed.error) };
  const changed = Object.keys(given).filter((k) => given[k] !== base.params[k as HwKey]);
  return {
    ok: true,
    value: {
      id: changed.length === 0 ? base.id : `${base.id}*`,
      label: changed.length === 0 ? base.label : `${base.label}, edited (${changed.join(', ')})`,
      params: parsed.data,
      // an edited value is the user's assumption, whatever the preset's source was
      provenance: {
        ...base.provenance,
        ...Object.fromEntries(
          changed.map((k) => [k, { provenance: 'assumed' as const, source: `edited (preset ${base.id}: ${base.params[k as HwKey]})` }]),
        ),
      },
    },
  };
}

/** Total CIM weight capacity in bytes: M macros × capacity per macro. */
export const cimCapacityBytes = (hw: HwParams): number => hw.cimMacros * hw.cimMacroKiB * 1024;
