/**
 * Glossary entries of the hardware and its cost model: the units, the placement schemas and the
 * roofline terms, in the order `GLOSSARY` lists them.
 */
import { HW, EST, TL, LAYERS, SWEEP, SEARCH, HELP, INTRO, type GlossaryEntry } from './glossaryPanels.js';

/** Hardware, schemas, roofline. */
export const HARDWARE_TERMS: readonly GlossaryEntry[] = [
  // hardware
  {
    id: 'npu',
    term: 'NPU',
    where: [INTRO, HW, EST, TL, LAYERS],
    see: ['roofline', 'flash-weight-streaming', 'cim', 'schema-npu'],
    short:
      'Neural processing unit: a MAC-array accelerator (here Ethos-U55-class) that fetches its weights from memory on every inference.',
    text: 'The NPU has P MACs per cycle at its clock and runs every kind of layer, attention matmuls, softmax and norms included. Its time per layer is a roofline: the slowest of compute (MACs ÷ (P · utilisation · clock)), weight fetch from flash/NVM and activation traffic to its SRAM, plus a fixed overhead per layer. With no on-chip weight buffer (the default) it streams every weight again on every inference.',
  },
  {
    id: 'cim',
    term: 'CIM',
    where: [INTRO, HW, EST, TL, LAYERS, SWEEP],
    see: ['macro', 'compute-unit', 'weight-stationary', 'npu'],
    short: 'Compute-in-memory: memory arrays that multiply the weights they hold by input vectors in place (here STT-MRAM or SRAM macros).',
    text: 'A CIM subsystem of M macros computes matrix-vector products inside its arrays, so a layer’s weights are written once and never fetched again per inference. Only layers with static weights run there: conv, depthwise, pointwise and linear layers; attention’s QKᵀ and attention·V matmuls cannot, as both of their operands change with every input. The weights of all layers placed on the CIM must fit in M × macro capacity. A CIM layer’s time is the larger of its compute (matrix-vector ops × cycles each) and its activation traffic through the CIM buffer.',
  },
  {
    id: 'macro',
    term: 'Macro',
    where: [HW, SWEEP],
    see: ['cim', 'compute-unit'],
    short: 'One CIM memory array (256 × 64 8-bit weights by default) with its own weight capacity (1 MiB for the default STT-MRAM macro).',
    text: 'A macro is the block a CIM is built from: an array of rows × columns that computes one matrix-vector product every few cycles (8 by default: the 8-bit input is fed bit by bit). A layer’s weight matrix is cut into array-sized tiles; the macros of one compute unit work through the tiles together, so more macros per unit mean fewer rounds per input vector. The macro count M also sets the CIM’s total capacity (M × macro capacity) and its static power.',
  },
  {
    id: 'compute-unit',
    term: 'Compute unit',
    where: [HW, SWEEP, TL],
    see: ['macro', 'schema-parallel'],
    short: 'A group of ⌊M/U⌋ CIM macros that works on one layer, or one share of its output channels, at a time; U units run concurrently.',
    text: 'The M macros are divided into U compute units of ⌊M/U⌋ macros each (1 ≤ U ≤ M). In the sequential schemas a CIM layer runs on one unit; under parallel its CIM channels are spread over all U units, which work at the same time. Few large units give each layer more macros, many small units more concurrency: the CIM design sweep compares the two.',
  },
  {
    id: 'weight-stationary',
    term: 'Weight-stationary',
    where: [HW, LAYERS],
    see: ['cim', 'flash-weight-streaming'],
    short: 'Weights stay in the arrays that compute with them; only activations move on each inference.',
    text: 'In a weight-stationary design the weights are loaded into the compute arrays once and reused for every input. The CIM macros here are weight-stationary: a layer on the CIM has no weights term in its cost, only compute and activation traffic. The price is capacity: the weights of every layer placed on the CIM must fit in it at the same time.',
  },
  {
    id: 'flash-weight-streaming',
    term: 'Flash weight streaming',
    where: [HW, LAYERS],
    see: ['npu', 'bound', 'weight-stationary'],
    short: 'The NPU reads each layer’s weights from flash/NVM (0.5 GB/s by default) on every inference, as it has no room to keep them.',
    text: 'With no on-chip weight buffer (the default, 0 KiB) the NPU fetches a layer’s weights from off-chip flash or NVM each time the layer runs. That takes weight bytes ÷ weight-fetch bandwidth and costs the weight-fetch energy per byte (10 pJ/B by default). At 0.5 GB/s this term often exceeds compute time, making layers weights-bound: the main reason moving them to the CIM pays. A non-zero weight buffer keeps the first layers resident, in layer order up to the first that does not fit, and removes their term.',
  },
  {
    id: 'hand-off',
    term: 'Hand-off',
    where: [TL, LAYERS, HELP],
    see: ['link', 'schema-hetero'],
    short: 'A layer’s output crossing the link because the next layer runs on the other unit: out bytes ÷ link bandwidth.',
    text: 'Whenever consecutive layers run on different units, the producing layer’s output activations cross the NPU↔CIM link before the next layer starts. A hand-off takes out bytes ÷ link bandwidth and costs out bytes × link energy per byte. The hetero and parallel schemas count hand-offs in what they minimise, so a layer faster on the CIM alone may stay on the NPU when the transfers around it cost more than it saves.',
  },
  {
    id: 'link',
    term: 'Link',
    where: [HW, TL],
    see: ['hand-off'],
    short: 'The on-chip interconnect between NPU and CIM (4 GB/s and 1 pJ/B by default, both assumed): the timeline’s third lane.',
    text: 'The link carries activations between the NPU and the CIM; its bandwidth and energy per byte set the cost of every hand-off. In the timeline it has a lane of its own. In the sequential schemas nothing else runs while a hand-off is on the link.',
  },
  // schemas
  {
    id: 'schema-npu',
    term: 'NPU only (npu)',
    where: [EST, TL, LAYERS, HELP],
    see: ['npu', 'schema-cim', 'schema-hetero'],
    short: 'Execution schema: every layer on the NPU. The baseline the other schemas’ savings are measured against.',
    text: 'The npu schema runs the whole network on the NPU, with no hand-offs and no CIM. Its latency is the sum of each layer’s NPU roofline time, and its energy includes streaming every weight from flash/NVM (unless held in the NPU’s weight buffer). The savings shown for the other schemas are relative to it.',
  },
  {
    id: 'schema-cim',
    term: 'CIM first (cim)',
    where: [EST, TL, LAYERS, HELP],
    see: ['schema-hetero', 'cim'],
    short: 'Execution schema: in layer order, each layer the CIM can run goes there while its weights still fit; the rest stay on the NPU.',
    text: 'A greedy rule that looks at neither time nor hand-offs: walking from the input, every CIM-eligible layer is placed on the CIM if its weights fit in the capacity still free. A layer that does not fit stays on the NPU and later layers are still tried. With a small CIM it fills up with the early layers, which need not be the ones that gain most.',
  },
  {
    id: 'schema-hetero',
    term: 'Layer-wise heterogeneous (hetero)',
    where: [EST, TL, LAYERS, SEARCH, HELP],
    see: ['hand-off', 'schema-parallel', 'schema-cim'],
    short:
      'Execution schema: the exact per-layer NPU/CIM placement that minimises latency (or energy), hand-offs and CIM capacity included.',
    text: 'hetero places each layer on the NPU or the CIM so that the whole chain’s objective is minimal, counting the hand-off costs between units and keeping within the CIM capacity. It is solved exactly by dynamic programming over the layer chain. Layers still run one after another; it is never worse than npu or cim on its objective, and it is the schema the search reads by default.',
  },
  {
    id: 'schema-parallel',
    term: 'NPU ‖ CIM (parallel)',
    where: [EST, TL, LAYERS, HELP],
    see: ['schema-hetero', 'compute-unit'],
    short: 'Execution schema: hetero’s placement, with CIM layers split by output channels between NPU and CIM and over the compute units.',
    text: 'parallel starts from the hetero placement and list-schedules it on a timeline whose resources are the NPU, the CIM’s U compute units and the link. Each CIM layer may split its output channels between the NPU and the CIM, in the ratio that makes its output ready earliest, and its CIM share is spread over the compute units, which run concurrently. The unsplit hetero choice is always among the options, so parallel is never slower than hetero.',
  },
  // roofline
  {
    id: 'roofline',
    term: 'Roofline',
    where: [LAYERS],
    see: ['bound', 'ridge-point', 'arithmetic-intensity'],
    short: 'A layer takes as long as the slowest of its compute and its memory traffic; the largest term is its bound.',
    text: 'The roofline model says a layer can run no faster than its compute allows and no faster than its memory traffic allows. Here the NPU time is max(compute, weight fetch, activation traffic) plus a fixed overhead, and the CIM time is max(compute, activation traffic), as its weights stay in place. The layer table places each layer against each unit’s ridge point: to the right it is compute-bound, to the left memory-bound.',
  },
  {
    id: 'bound',
    term: 'Bound (compute / weights / activations)',
    where: [LAYERS],
    see: ['roofline', 'flash-weight-streaming'],
    short: 'Which roofline term limits a layer on a unit: compute, weight fetch (NPU only) or activation traffic.',
    text: 'Each unit’s time is the maximum of a few terms, and the bound names the largest. compute: the unit itself is the bottleneck — on the NPU its MAC array, or its output stage, which writes every output element at a fixed rate (Vela’s model), so an addition or a norm without MACs can be compute-bound; on the CIM its arrays; weights: streaming weights from flash/NVM is (NPU only, since the CIM holds its weights); activations: moving input and output feature maps through the SRAM or the CIM buffer is. A weights-bound NPU layer is the classic one to move to the CIM, where that term is zero.',
  },
  {
    id: 'ridge-point',
    term: 'Ridge point',
    where: [LAYERS],
    see: ['roofline', 'arithmetic-intensity'],
    short: 'The arithmetic intensity at which a layer’s compute time equals its memory time on a unit; to the right it is compute-bound.',
    text: 'On a roofline the ridge point is the MAC rate divided by the memory bandwidth, in MACs per byte. The app computes each layer’s own ridge from the MAC rate it really gets (utilisation, tiling) and the traffic it moves, so intensity ≥ ridge exactly when the cost model calls it compute-bound. The layer table’s headers also give each unit’s nominal ridges at full utilisation: the NPU’s over its weight stream and over its SRAM, and one CIM compute unit’s over its buffer.',
  },
  {
    id: 'arithmetic-intensity',
    term: 'Arithmetic intensity',
    where: [LAYERS],
    see: ['ridge-point', 'roofline'],
    short: 'MACs per byte moved (MAC/B): how much compute a layer does for each byte of weights and activations it moves.',
    text: 'Arithmetic intensity is a layer’s MACs divided by the bytes it moves. In the layer table the bytes are its streamed weights (none when resident in the NPU’s weight buffer) plus its input and output activations; on the CIM only activations count, since its weights stay in place. Compared with a unit’s ridge point, low intensity means memory-bound and high intensity compute-bound.',
  },
];
