import { z } from '../zod.js';
import { preview, zodMessages, type Validated } from '../model/genome.js';
import { hasSystem, SYSTEMS } from './systems.js';

export { getSystem, hasSystem, SYSTEMS } from './systems.js';

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
