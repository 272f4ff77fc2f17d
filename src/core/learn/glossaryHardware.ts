/**
 * Glossary entries of the hardware and its cost model: the units, the placement schemas and the
 * roofline terms, in the order `GLOSSARY` lists them.
 */
import { HW, EST, TL, LAYERS, SWEEP, SEARCH, HELP, INTRO, type GlossaryTerm } from './glossaryPanels.js';

/** Hardware, schemas, roofline. */
export const HARDWARE_TERMS: readonly GlossaryTerm[] = [
  // hardware
  {
    id: 'npu',
    term: 'NPU',
    where: [INTRO, HW, EST, TL, LAYERS],
    see: ['roofline', 'flash-weight-streaming', 'cim', 'schema-npu'],
    short:
      'Neural processing unit: a MAC-array accelerator (here Ethos-U55-class) that fetches its weights from memory on every inference.',
  },
  {
    id: 'cim',
    term: 'CIM',
    where: [INTRO, HW, EST, TL, LAYERS, SWEEP],
    see: ['macro', 'compute-unit', 'weight-stationary', 'npu'],
    short: 'Compute-in-memory: memory arrays that multiply the weights they hold by input vectors in place (here STT-MRAM or SRAM macros).',
  },
  {
    id: 'macro',
    term: 'Macro',
    where: [HW, SWEEP],
    see: ['cim', 'compute-unit'],
    short: 'One CIM memory array (256 × 64 8-bit weights by default) with its own weight capacity (1 MiB for the default STT-MRAM macro).',
  },
  {
    id: 'compute-unit',
    term: 'Compute unit',
    where: [HW, SWEEP, TL],
    see: ['macro', 'schema-parallel'],
    short: 'A group of ⌊M/U⌋ CIM macros that works on one layer, or one share of its output channels, at a time; U units run concurrently.',
  },
  {
    id: 'weight-stationary',
    term: 'Weight-stationary',
    where: [HW, LAYERS],
    see: ['cim', 'flash-weight-streaming'],
    short: 'Weights stay in the arrays that compute with them; only activations move on each inference.',
  },
  {
    id: 'flash-weight-streaming',
    term: 'Flash weight streaming',
    where: [HW, LAYERS],
    see: ['npu', 'bound', 'weight-stationary'],
    short: 'The NPU reads each layer’s weights from flash/NVM (0.5 GB/s by default) on every inference, as it has no room to keep them.',
  },
  {
    id: 'hand-off',
    term: 'Hand-off',
    where: [TL, LAYERS, HELP],
    see: ['link', 'schema-hetero'],
    short: 'A layer’s output crossing the link because the next layer runs on the other unit: out bytes ÷ link bandwidth.',
  },
  {
    id: 'link',
    term: 'Link',
    where: [HW, TL],
    see: ['hand-off'],
    short: 'The on-chip interconnect between NPU and CIM (4 GB/s and 1 pJ/B by default, both assumed): the timeline’s third lane.',
  },
  // schemas
  {
    id: 'schema-npu',
    term: 'NPU only (npu)',
    where: [EST, TL, LAYERS, HELP],
    see: ['npu', 'schema-cim', 'schema-hetero'],
    short: 'Execution schema: every layer on the NPU. The baseline the other schemas’ savings are measured against.',
  },
  {
    id: 'schema-cim',
    term: 'CIM first (cim)',
    where: [EST, TL, LAYERS, HELP],
    see: ['schema-hetero', 'cim'],
    short: 'Execution schema: in layer order, each layer the CIM can run goes there while its weights still fit; the rest stay on the NPU.',
  },
  {
    id: 'schema-hetero',
    term: 'Layer-wise heterogeneous (hetero)',
    where: [EST, TL, LAYERS, SEARCH, HELP],
    see: ['hand-off', 'schema-parallel', 'schema-cim'],
    short:
      'Execution schema: the exact per-layer NPU/CIM placement that minimises latency (or energy), hand-offs and CIM capacity included.',
  },
  {
    id: 'schema-parallel',
    term: 'NPU ‖ CIM (parallel)',
    where: [EST, TL, LAYERS, HELP],
    see: ['schema-hetero', 'compute-unit'],
    short: 'Execution schema: hetero’s placement, with CIM layers split by output channels between NPU and CIM and over the compute units.',
  },
  // roofline
  {
    id: 'roofline',
    term: 'Roofline',
    where: [LAYERS],
    see: ['bound', 'ridge-point', 'arithmetic-intensity'],
    short: 'A layer takes as long as the slowest of its compute and its memory traffic; the largest term is its bound.',
  },
  {
    id: 'bound',
    term: 'Bound (compute / weights / activations)',
    where: [LAYERS],
    see: ['roofline', 'flash-weight-streaming'],
    short: 'Which roofline term limits a layer on a unit: compute, weight fetch (NPU only) or activation traffic.',
  },
  {
    id: 'ridge-point',
    term: 'Ridge point',
    where: [LAYERS],
    see: ['roofline', 'arithmetic-intensity'],
    short: 'The arithmetic intensity at which a layer’s compute time equals its memory time on a unit; to the right it is compute-bound.',
  },
  {
    id: 'arithmetic-intensity',
    term: 'Arithmetic intensity',
    where: [LAYERS],
    see: ['ridge-point', 'roofline'],
    short: 'MACs per byte moved (MAC/B): how much compute a layer does for each byte of weights and activations it moves.',
  },
];
