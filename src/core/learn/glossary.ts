/**
 * The glossary (SPEC §8.1): one table of the technical terms the page shows, each with a one-line
 * definition (the tooltip), a short paragraph (the Glossary panel) and where it appears. Plain text,
 * never HTML. What it says is what this app's model does (cost.ts, schedule.ts, parallel.ts, …), not
 * what the field in general means, where the two differ.
 */

export interface GlossaryEntry {
  /** kebab-case, stable: `<Term id>` and the DOM id `glossary-<id>` use it */
  readonly id: string;
  readonly term: string;
  /** one line, at most `GLOSSARY_SHORT_MAX` characters: the tooltip */
  readonly short: string;
  /** a short paragraph, 2–5 sentences */
  readonly text: string;
  /** the panels it appears in, as their titles read */
  readonly where: readonly string[];
  /** ids of related entries */
  readonly see?: readonly string[];
}

export const GLOSSARY_SHORT_MAX = 140;
export const GLOSSARY_TEXT_MAX = 800;

const HW = 'Hardware parameters';
const EST = 'Estimate';
const TL = 'Placement timeline';
const LAYERS = 'Architecture and layers';
const SWEEP = 'CIM design sweep';
const SUBNET = 'Subnet';
const SEARCH = 'Search';
const TRAIN = 'Supernet training';
const HELP = 'Help';
const INTRO = 'Introduction';

/** Every entry, in no particular order (the panel sorts by term). */
export const GLOSSARY: readonly GlossaryEntry[] = [
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
  // blocks
  {
    id: 'mbconv',
    term: 'MBConv block',
    where: [SUBNET, LAYERS],
    see: ['gene-e', 'gene-k', 'vit-block'],
    short: 'Inverted residual block: 1×1 expand by e, k×k depthwise conv, 1×1 project to c; a residual add when the shapes match.',
    text: 'MBConv (from MobileNetV2) is the CNN block of the space: a pointwise conv expands the channels e times (omitted when e = 1), a k×k depthwise conv filters each channel and carries the stage’s stride, and a pointwise conv projects to c channels; BatchNorm and activations are folded into the convs. A residual add joins input and output when the stride is 1 and the widths match. All its convs have static weights, so all may run on the CIM; the depthwise conv uses the NPU’s MAC array poorly (about 9 % for 3×3).',
  },
  {
    id: 'vit-block',
    term: 'Transformer (ViT) block',
    where: [SUBNET, LAYERS],
    see: ['gene-m', 'gene-t', 'mbconv'],
    short: 'Self-attention and an MLP over the H·W feature-map positions as tokens of width c; its attention matmuls cannot use a CIM.',
    text: 'A ViT block treats the N = H·W positions as tokens: LayerNorm, a Q,K,V linear (c→3c), per head QKᵀ (N×N) and softmax, attention × V, an output linear and a residual add, then LayerNorm and an MLP (c→m·c→c) with a second residual. There are c ÷ 8 heads. The four linears have static weights and may go to the CIM; QKᵀ and attention·V multiply activations by activations, so they always run on the NPU, as do softmax, norms and adds.',
  },
  // genes
  {
    id: 'gene-r',
    term: 'r (input resolution)',
    where: [SUBNET, SEARCH],
    see: ['gene-stem', 'vit-block'],
    short: 'Input resolution: the image is resized to r × r before the stem (mini: 20 to 28; mini-cifar: 24 to 32; nasvit: 192 to 288).',
    text: 'r sets the size of every feature map, so the MACs and activation bytes of most layers grow with r², and the attention matmuls of a ViT block with r⁴ (N² token pairs). Weights do not depend on r: it moves layers along the roofline without changing what the CIM must hold.',
  },
  {
    id: 'gene-stem',
    term: 'stem (stem width)',
    where: [SUBNET],
    see: ['gene-r', 'gene-c'],
    short: 'Output channels of the stem: the 3×3 stride-2 convolution that first processes the image.',
    text: 'The stem is a 3×3 convolution with stride 2 (BatchNorm and activation folded in) that turns the input image into stem channels. It works at the highest resolution of the network, so its activations are large next to its few weights.',
  },
  {
    id: 'gene-head',
    term: 'head (head width)',
    where: [SUBNET],
    see: ['gene-c', 'gene-stem'],
    short: 'nasvit only: width of the head’s last 1×1 convolution, after the pool and before the classifier (1792 or 1984).',
    text: 'NASViT’s head expands the last stage to 6·c channels with a 1×1 convolution, pools them to one vector, maps it to the head width with a second 1×1 convolution and classifies. The head width is a gene of the nasvit space, 1792 or 1984 as in NASViT; a genome without it has 1792. It runs on a 1×1 map, so it adds weights (6·c and 1000 classes per channel) far more than MACs.',
  },
  {
    id: 'gene-c',
    term: 'c (stage width)',
    where: [SUBNET],
    see: ['gene-d', 'gene-e'],
    short: 'Output channels of every block of a stage; also a ViT block’s token width (c ÷ 8 heads).',
    text: 'Every block of a stage outputs c channels; the first block changes the width from the previous stage’s. The weights and MACs of pointwise and linear layers grow with the product of their input and output widths, so c is the main lever on how many weights the CIM must hold.',
  },
  {
    id: 'gene-d',
    term: 'd (depth)',
    where: [SUBNET],
    see: ['gene-t', 'supernet'],
    short: 'Number of active blocks in a stage: the first d of the stage’s block slots run, the rest are skipped.',
    text: 'Each extra block adds its layers’ MACs and weights at the stage’s width and resolution, and on the NPU a fixed overhead per layer. In the supernet a subnet of depth d uses the stage’s first d blocks.',
  },
  {
    id: 'gene-k',
    term: 'k (kernel size)',
    where: [SUBNET],
    see: ['mbconv'],
    short: 'Kernel size of the depthwise convolution in a stage’s MBConv blocks (3 or 5).',
    text: 'MACs and weights of the depthwise layer grow with k². On the CIM each channel’s k² weights take their own rows (block-diagonal packing), so a 5×5 kernel fits fewer channels in an array than a 3×3. In the supernet a 3×3 kernel is the centre of the largest one.',
  },
  {
    id: 'gene-e',
    term: 'e (expansion ratio)',
    where: [SUBNET],
    see: ['mbconv'],
    short: 'MBConv expansion: the first pointwise conv widens the block to e × its input channels (no expand layer when e = 1).',
    text: 'A larger e gives the depthwise conv more channels to filter and adds weights and MACs to both pointwise convs in proportion to e. It is often the gene that decides whether a stage’s weights fit in the CIM.',
  },
  {
    id: 'gene-t',
    term: 't (block type)',
    where: [SUBNET, LAYERS],
    see: ['mbconv', 'vit-block'],
    short: 'Type of each active block: mb (MBConv) or vit (transformer). The first block of every stage is MBConv.',
    text: 'In hybrid stages every block after the first may be an MBConv or a ViT block; other stages allow only MBConv. The type decides what the CIM can take: all of an MBConv’s convs, but not a ViT block’s attention matmuls. In the supernet each hybrid slot holds both an MBConv and a ViT parameter set.',
  },
  {
    id: 'gene-m',
    term: 'm (MLP ratio)',
    where: [SUBNET],
    see: ['vit-block'],
    short: 'Width of a ViT block’s MLP: c → m·c → c. It changes nothing in a stage without ViT blocks.',
    text: 'Each of the two MLP linears holds m·c² weights and does N·m·c² MACs. Both have static weights, so they are candidates for the CIM, and with a larger m they hold a larger share of the block’s weights.',
  },
  // training
  {
    id: 'supernet',
    term: 'Supernet',
    where: [TRAIN, SEARCH],
    see: ['weight-sharing', 'sandwich-rule', 'batchnorm-recalibration'],
    short: 'One network that contains every subnet of the space; a subnet runs on slices of its weights.',
    text: 'The supernet holds full-size weights for the largest choices: a subnet uses the first c channels, the first d blocks, the centre k×k of the largest kernel, the first expansion channels and MLP units, and each hybrid slot holds an MBConv and a ViT parameter set. It is trained once in the browser (TF.js, mini space), then any subnet is evaluated with the weights it inherits instead of being trained alone. Accuracy measured this way is the supernet source.',
  },
  {
    id: 'weight-sharing',
    term: 'Weight sharing',
    where: [TRAIN],
    see: ['supernet', 'two-phase-training'],
    short: 'Subnets reuse the same supernet weights instead of having their own, so training one moves the others.',
    text: 'Because every subnet is a slice of the supernet, a step on one subnet changes weights others use too. That is what makes training every subnet at once affordable, but subnets pull shared weights in different directions (gradient conflict). The sandwich rule, in-place distillation and two-phase training are the remedies used here; inherited-weight accuracy remains an estimate of what a subnet would reach trained alone.',
  },
  {
    id: 'sandwich-rule',
    term: 'Sandwich rule',
    where: [TRAIN],
    see: ['in-place-distillation', 'supernet'],
    short: 'Each training step trains the largest subnet, the smallest and n random ones (n = 2 by default).',
    text: 'Training the two extremes every step keeps the whole range of subnet sizes improving, not just the ones sampled most often; the random subnets cover the middle. Largest and smallest are by MACs; in phase 1 of two-phase training they are taken among MBConv-only subnets.',
  },
  {
    id: 'in-place-distillation',
    term: 'In-place distillation',
    where: [TRAIN],
    see: ['sandwich-rule'],
    short: 'The largest subnet learns from the labels; the other sampled subnets learn from its soft predictions in the same step.',
    text: 'The largest subnet serves as a free teacher: its predictions are computed in every sandwich step anyway. It is trained on the labels with label smoothing (0.1 by default); the smaller subnets learn to match its output distribution, which is softer than one-hot labels. It can be switched off in the training settings.',
  },
  {
    id: 'two-phase-training',
    term: 'Two-phase training',
    where: [TRAIN],
    see: ['weight-sharing', 'gene-t'],
    short: 'Phase 1 samples only MBConv subnets; phase 2 turns ViT blocks on and continues (half the steps each by default).',
    text: 'Training CNN and transformer blocks together from the start can make their gradients conflict. Two-phase incremental training, the paper’s remedy, first trains MBConv-only subnets for a share of the steps (0.5 by default), then enables ViT blocks. Single-phase training samples every block type from the first step, so the two loss curves can be compared.',
  },
  {
    id: 'batchnorm-recalibration',
    term: 'BatchNorm recalibration',
    where: [TRAIN],
    see: ['supernet'],
    short: 'Before a subnet is evaluated, its BatchNorm statistics are recomputed on a few training images (256 by default).',
    text: 'BatchNorm layers keep running means and variances of their inputs, but in a supernet these were gathered over many different subnets and match none of them. Recalibration runs the chosen subnet forward on training images and resets those statistics without changing any weight. Without it, inherited-weight accuracy can be far too low.',
  },
  // accuracy
  {
    id: 'proxy',
    term: 'Proxy accuracy',
    where: [SEARCH, EST, TRAIN],
    see: ['predictor', 'supernet'],
    short: 'An analytic accuracy stand-in from MACs and depth, fitted to published points; always labelled “proxy — not measured”.',
    text: 'Before any training, and for the nasvit space that is not trained in the browser, accuracy comes from a curve that rises with a subnet’s MACs (a deeper subnet counts as more) and saturates. For ImageNet it passes exactly through NASViT A0–A2 (208 M MACs → 78.2 %, 309 M → 79.7 %, 421 M → 80.5 %); for small datasets through assumed points across the space’s MAC range. It says nothing about which choices help beyond size and depth.',
  },
  {
    id: 'predictor',
    term: 'Accuracy predictor',
    where: [TRAIN, SEARCH],
    see: ['kendall-tau', 'proxy'],
    short: 'Ridge regression on a one-hot encoding of the genome, fitted on supernet accuracies; its Kendall τ is shown with it.',
    text: 'Evaluating a subnet on the supernet takes seconds; the predictor takes microseconds, so a search can score thousands of subnets. It is fitted on at least 10 (genome, measured accuracy) pairs, its penalty chosen by 5-fold cross-validation, and reports Kendall τ and RMSE on a held-out part before it is refitted on all of them.',
  },
  {
    id: 'kendall-tau',
    term: 'Kendall τ',
    where: [TRAIN, SEARCH],
    see: ['predictor'],
    short: 'Rank agreement of predicted and measured accuracy on held-out subnets: 1 same order, 0 unrelated, −1 reversed.',
    text: 'Kendall τ compares every pair of held-out subnets: pairs the predictor orders as the measurement does count for it, pairs it orders the other way against it (τ-b also corrects for ties). A search needs the right order more than the right values, so τ says more than the error about whether the predictor can guide it.',
  },
  // search
  {
    id: 'pareto-front',
    term: 'Pareto front',
    where: [SEARCH],
    see: ['dominated', 'hypervolume', 'nsga-ii'],
    short: 'The subnets that no other subnet beats on every objective at once: the best trade-offs found.',
    text: 'With several objectives (accuracy up, latency down) there is usually no single best subnet. A subnet is on the Pareto front when no other is at least as good on every objective and better on one. The plots highlight the front and fade the dominated points; the previous front stays as a ghost after a hardware or space change.',
  },
  {
    id: 'dominated',
    term: 'Dominated',
    where: [SEARCH],
    see: ['pareto-front', 'budget'],
    short: 'A subnet is dominated when another is at least as good on every objective and strictly better on one.',
    text: 'A dominated subnet is never the right pick under the chosen objectives: the subnet that dominates it is as good or better everywhere. With budgets, constraint domination applies: a feasible subnet beats any infeasible one, and of two infeasible ones the smaller total violation wins.',
  },
  {
    id: 'hypervolume',
    term: 'Hypervolume',
    where: [SEARCH],
    see: ['pareto-front'],
    short: 'The part of objective space a front dominates, up to a reference point, on normalised objectives: bigger is better.',
    text: 'Hypervolume measures a whole front in one number. Each objective is normalised to [0, 1] (0 the best end of its range) and the volume between the front and the reference point (1.1 in every dimension by default) is computed exactly. It grows when the front moves to better values or covers more of the trade-off; compare values only with the same objectives, bounds and reference point.',
  },
  {
    id: 'nsga-ii',
    term: 'NSGA-II',
    where: [SEARCH],
    see: ['pareto-front', 'dominated'],
    short: 'The evolutionary multi-objective search used here: non-dominated sorting, crowding distance, binary tournaments.',
    text: 'NSGA-II (Deb et al., 2002) evolves a population of subnets. Each generation makes children by uniform crossover (probability 0.5) and per-gene mutation (0.1), then keeps the best of parents and children, ranked by front and, within a front, by crowding distance, which favours spread. It is seeded: the same settings and seed give the same front, bit for bit.',
  },
  {
    id: 'budget',
    term: 'Budget',
    where: [SEARCH],
    see: ['dominated', 'co-search'],
    short:
      'An upper limit on latency, energy, params, CIM use or area: subnets over it are infeasible. One objective plus a budget is budget mode.',
    text: 'A budget is a constraint, not an objective: the search prefers any subnet within every budget to any subnet over one. With accuracy as the only objective the search is in budget mode, as in once-for-all: the most accurate subnet within the budget. When no subnet can meet a budget, it says so and shows the smallest value reached instead of searching on.',
  },
  {
    id: 'co-search',
    term: 'Hardware co-search',
    where: [SEARCH],
    see: ['macro', 'compute-unit', 'budget'],
    short: 'CIM macros M, compute units U and NPU MACs per cycle P become genes too, searched with the subnet.',
    text: 'Instead of a fixed system, co-search lets the evolution choose hardware along with the subnet: by default M from {1, 2, 4, 8, 16}, U among the divisors of M and P from {64, 128, 256, 512}. CIM area (an assumed 0.2 mm² per macro) can then be an objective or a budget, so more macros are not free. Each point of the front is a (subnet, hardware) pair.',
  },
  // provenance
  {
    id: 'measured-public',
    term: 'measured-public',
    where: [HW],
    see: ['vendor-default', 'assumed'],
    short: 'Provenance: the default comes from a published measurement, named beside it (e.g. a 7 nm SRAM CIM macro, JSSC 2021).',
    text: 'A parameter tagged measured-public takes its default from a publicly reported measurement, with the source named. It is the strongest provenance here, but it was measured on someone else’s chip under their conditions. Once you edit the value it becomes your assumption, shown as “yours”.',
  },
  {
    id: 'vendor-default',
    term: 'vendor-default',
    where: [HW],
    see: ['measured-public', 'assumed'],
    short: 'Provenance: the default comes from a vendor’s configuration or tool (e.g. Arm Vela’s Ethos-U55 system), not a measurement.',
    text: 'A vendor-default value is what a vendor ships as a configuration: a real design point, but not a measurement of the behaviour this model derives from it. The NPU’s MACs per cycle, clock and bandwidths are vendor defaults. Once you edit the value it becomes your assumption, shown as “yours”.',
  },
  {
    id: 'assumed',
    term: 'assumed',
    where: [HW],
    see: ['measured-public', 'vendor-default'],
    short:
      'Provenance: the default is this model’s assumption (a typical value, a design axis or your own edit); check it before trusting a result.',
    text: 'Most energies, the CIM clock and array shape, the link and the static powers are assumed: typical values, not measurements of one chip. Design axes such as the macro count M and compute units U are assumed too, as they are meant to be varied. Every value you edit becomes an assumption too (shown as “yours”), whatever its preset’s source was.',
  },
];

const BY_ID: ReadonlyMap<string, GlossaryEntry> = new Map(GLOSSARY.map((e) => [e.id, e]));

/** The entry with this id; throws naming the id when there is none (a typo in a `<Term id>`). */
export function glossaryEntry(id: string): GlossaryEntry {
  const e = BY_ID.get(id);
  if (!e) throw new Error(`glossary: no entry "${id}"`);
  return e;
}

/** Whether `id` names an entry. */
export const hasGlossaryEntry = (id: string): boolean => BY_ID.has(id);
