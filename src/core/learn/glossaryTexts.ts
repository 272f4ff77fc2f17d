/**
 * The glossary's paragraphs (the Glossary panel's text of each entry), by entry id, and the full
 * entries (`GLOSSARY`: each term with its paragraph). A module of its own: the page's first
 * JavaScript carries the terms and their one-line definitions (glossary.ts, for every `<Term>`
 * tooltip) and loads these paragraphs only when the Glossary opens.
 */
import { GLOSSARY_TERMS } from './glossary.js';
import type { GlossaryEntry } from './glossaryPanels.js';

/** Each entry's paragraph, 2–5 sentences, by id. */
export const GLOSSARY_TEXTS: Readonly<Record<string, string>> = {
  npu: 'The NPU has P MACs per cycle at its clock and runs every kind of layer, attention matmuls, softmax and norms included. Its time per layer is a roofline: the slowest of compute (MACs ÷ (P · utilisation · clock)), weight fetch from flash/NVM and activation traffic to its SRAM, plus a fixed overhead per layer. With no on-chip weight buffer (the default) it streams every weight again on every inference.',
  cim: 'A CIM subsystem of M macros computes matrix-vector products inside its arrays, so a layer’s weights are written once and never fetched again per inference. Only layers with static weights run there: conv, depthwise, pointwise and linear layers; attention’s QKᵀ and attention·V matmuls cannot, as both of their operands change with every input. The weights of all layers placed on the CIM must fit in M × macro capacity. A CIM layer’s time is the larger of its compute (matrix-vector ops × cycles each) and its activation traffic through the CIM buffer.',
  macro:
    'A macro is the block a CIM is built from: an array of rows × columns that computes one matrix-vector product every few cycles (8 by default: the 8-bit input is fed bit by bit). A layer’s weight matrix is cut into array-sized tiles; the macros of one compute unit work through the tiles together, so more macros per unit mean fewer rounds per input vector. The macro count M also sets the CIM’s total capacity (M × macro capacity) and its static power.',
  'compute-unit':
    'The M macros are divided into U compute units of ⌊M/U⌋ macros each (1 ≤ U ≤ M). In the sequential schemas a CIM layer runs on one unit; under parallel its CIM channels are spread over all U units, which work at the same time. Few large units give each layer more macros, many small units more concurrency: the CIM design sweep compares the two.',
  'weight-stationary':
    'In a weight-stationary design the weights are loaded into the compute arrays once and reused for every input. The CIM macros here are weight-stationary: a layer on the CIM has no weights term in its cost, only compute and activation traffic. The price is capacity: the weights of every layer placed on the CIM must fit in it at the same time.',
  'flash-weight-streaming':
    'With no on-chip weight buffer (the default, 0 KiB) the NPU fetches a layer’s weights from off-chip flash or NVM each time the layer runs. That takes weight bytes ÷ weight-fetch bandwidth and costs the weight-fetch energy per byte (10 pJ/B by default). At 0.5 GB/s this term often exceeds compute time, making layers weights-bound: the main reason moving them to the CIM pays. A non-zero weight buffer keeps the first layers resident, in layer order up to the first that does not fit, and removes their term.',
  'hand-off':
    'Whenever consecutive layers run on different units, the producing layer’s output activations cross the NPU↔CIM link before the next layer starts. A hand-off takes out bytes ÷ link bandwidth and costs out bytes × link energy per byte. The hetero and parallel schemas count hand-offs in what they minimise, so a layer faster on the CIM alone may stay on the NPU when the transfers around it cost more than it saves.',
  link: 'The link carries activations between the NPU and the CIM; its bandwidth and energy per byte set the cost of every hand-off. In the timeline it has a lane of its own. In the sequential schemas nothing else runs while a hand-off is on the link.',
  'schema-npu':
    'The npu schema runs the whole network on the NPU, with no hand-offs and no CIM. Its latency is the sum of each layer’s NPU roofline time, and its energy includes streaming every weight from flash/NVM (unless held in the NPU’s weight buffer). The savings shown for the other schemas are relative to it.',
  'schema-cim':
    'A greedy rule that looks at neither time nor hand-offs: walking from the input, every CIM-eligible layer is placed on the CIM if its weights fit in the capacity still free. A layer that does not fit stays on the NPU and later layers are still tried. With a small CIM it fills up with the early layers, which need not be the ones that gain most.',
  'schema-hetero':
    'hetero places each layer on the NPU or the CIM so that the whole chain’s objective is minimal, counting the hand-off costs between units and keeping within the CIM capacity. It is solved exactly by dynamic programming over the layer chain. Layers still run one after another; it is never worse than npu or cim on its objective, and it is the schema the search reads by default.',
  'schema-parallel':
    'parallel starts from the hetero placement and list-schedules it on a timeline whose resources are the NPU, the CIM’s U compute units and the link. Each CIM layer may split its output channels between the NPU and the CIM, in the ratio that makes its output ready earliest, and its CIM share is spread over the compute units, which run concurrently. The unsplit hetero choice is always among the options, so parallel is never slower than hetero.',
  roofline:
    'The roofline model says a layer can run no faster than its compute allows and no faster than its memory traffic allows. Here the NPU time is max(compute, weight fetch, activation traffic) plus a fixed overhead, and the CIM time is max(compute, activation traffic), as its weights stay in place. The layer table places each layer against each unit’s ridge point: to the right it is compute-bound, to the left memory-bound.',
  bound:
    'Each unit’s time is the maximum of a few terms, and the bound names the largest. compute: the unit itself is the bottleneck — on the NPU its MAC array, or its output stage, which writes every output element at a fixed rate (Vela’s model), so an addition or a norm without MACs can be compute-bound; on the CIM its arrays; weights: streaming weights from flash/NVM is (NPU only, since the CIM holds its weights); activations: moving input and output feature maps through the SRAM or the CIM buffer is. A weights-bound NPU layer is the classic one to move to the CIM, where that term is zero.',
  'ridge-point':
    'On a roofline the ridge point is the MAC rate divided by the memory bandwidth, in MACs per byte. The app computes each layer’s own ridge from the MAC rate it really gets (utilisation, tiling) and the traffic it moves, so intensity ≥ ridge exactly when the cost model calls it compute-bound. The layer table’s headers also give each unit’s nominal ridges at full utilisation: the NPU’s over its weight stream and over its SRAM, and one CIM compute unit’s over its buffer.',
  'arithmetic-intensity':
    'Arithmetic intensity is a layer’s MACs divided by the bytes it moves. In the layer table the bytes are its streamed weights (none when resident in the NPU’s weight buffer) plus its input and output activations; on the CIM only activations count, since its weights stay in place. Compared with a unit’s ridge point, low intensity means memory-bound and high intensity compute-bound.',
  mbconv:
    'MBConv (from MobileNetV2) is the CNN block of the space: a pointwise conv expands the channels e times (omitted when e = 1), a k×k depthwise conv filters each channel and carries the stage’s stride, and a pointwise conv projects to c channels; BatchNorm and activations are folded into the convs. A residual add joins input and output when the stride is 1 and the widths match. All its convs have static weights, so all may run on the CIM; the depthwise conv uses the NPU’s MAC array poorly (about 9 % for 3×3).',
  'vit-block':
    'A ViT block treats the N = H·W positions as tokens: LayerNorm, a Q,K,V linear (c→3c), per head QKᵀ (N×N) and softmax, attention × V, an output linear and a residual add, then LayerNorm and an MLP (c→m·c→c) with a second residual. There are c ÷ 8 heads. The four linears have static weights and may go to the CIM; QKᵀ and attention·V multiply activations by activations, so they always run on the NPU, as do softmax, norms and adds.',
  'gene-r':
    'r sets the size of every feature map, so the MACs and activation bytes of most layers grow with r², and the attention matmuls of a ViT block with r⁴ (N² token pairs). Weights do not depend on r: it moves layers along the roofline without changing what the CIM must hold.',
  'gene-stem':
    'The stem is a 3×3 convolution with stride 2 (BatchNorm and activation folded in) that turns the input image into stem channels. It works at the highest resolution of the network, so its activations are large next to its few weights.',
  'gene-head':
    'NASViT’s head expands the last stage to 6·c channels with a 1×1 convolution, pools them to one vector, maps it to the head width with a second 1×1 convolution and classifies. The head width is a gene of the nasvit space, 1792 or 1984 as in NASViT; a genome without it has 1792. It runs on a 1×1 map, so it adds weights (6·c and 1000 classes per channel) far more than MACs.',
  'gene-c':
    'Every block of a stage outputs c channels; the first block changes the width from the previous stage’s. The weights and MACs of pointwise and linear layers grow with the product of their input and output widths, so c is the main lever on how many weights the CIM must hold.',
  'gene-d':
    'Each extra block adds its layers’ MACs and weights at the stage’s width and resolution, and on the NPU a fixed overhead per layer. In the supernet a subnet of depth d uses the stage’s first d blocks.',
  'gene-k':
    'MACs and weights of the depthwise layer grow with k². On the CIM each channel’s k² weights take their own rows (block-diagonal packing), so a 5×5 kernel fits fewer channels in an array than a 3×3. In the supernet a 3×3 kernel is the centre of the largest one.',
  'gene-e':
    'A larger e gives the depthwise conv more channels to filter and adds weights and MACs to both pointwise convs in proportion to e. It is often the gene that decides whether a stage’s weights fit in the CIM.',
  'gene-t':
    'In hybrid stages every block after the first may be an MBConv or a ViT block; other stages allow only MBConv. The type decides what the CIM can take: all of an MBConv’s convs, but not a ViT block’s attention matmuls. In the supernet each hybrid slot holds both an MBConv and a ViT parameter set.',
  'gene-m':
    'Each of the two MLP linears holds m·c² weights and does N·m·c² MACs. Both have static weights, so they are candidates for the CIM, and with a larger m they hold a larger share of the block’s weights.',
  supernet:
    'The supernet holds full-size weights for the largest choices: a subnet uses the first c channels, the first d blocks, the centre k×k of the largest kernel, the first expansion channels and MLP units, and each hybrid slot holds an MBConv and a ViT parameter set. It is trained once in the browser (TF.js, mini space), then any subnet is evaluated with the weights it inherits instead of being trained alone. Accuracy measured this way is the supernet source.',
  'weight-sharing':
    'Because every subnet is a slice of the supernet, a step on one subnet changes weights others use too. That is what makes training every subnet at once affordable, but subnets pull shared weights in different directions (gradient conflict). The sandwich rule, in-place distillation and two-phase training are the remedies used here; inherited-weight accuracy remains an estimate of what a subnet would reach trained alone.',
  'sandwich-rule':
    'Training the two extremes every step keeps the whole range of subnet sizes improving, not just the ones sampled most often; the random subnets cover the middle. Largest and smallest are by MACs; in phase 1 of two-phase training they are taken among MBConv-only subnets.',
  'in-place-distillation':
    'The largest subnet serves as a free teacher: its predictions are computed in every sandwich step anyway. It is trained on the labels with label smoothing (0.1 by default); the smaller subnets learn to match its output distribution, which is softer than one-hot labels. It can be switched off in the training settings.',
  'two-phase-training':
    'Training CNN and transformer blocks together from the start can make their gradients conflict. Two-phase incremental training, the paper’s remedy, first trains MBConv-only subnets for a share of the steps (0.5 by default), then enables ViT blocks. Single-phase training samples every block type from the first step, so the two loss curves can be compared.',
  'batchnorm-recalibration':
    'BatchNorm layers keep running means and variances of their inputs, but in a supernet these were gathered over many different subnets and match none of them. Recalibration runs the chosen subnet forward on training images and resets those statistics without changing any weight. Without it, inherited-weight accuracy can be far too low.',
  proxy:
    'Before any training, and for the nasvit space that is not trained in the browser, accuracy comes from a curve that rises with a subnet’s MACs (a deeper subnet counts as more) and saturates. For ImageNet it passes exactly through NASViT A0–A2 (208 M MACs → 78.2 %, 309 M → 79.7 %, 421 M → 80.5 %); for small datasets through assumed points across the space’s MAC range. It says nothing about which choices help beyond size and depth.',
  predictor:
    'Evaluating a subnet on the supernet takes seconds; the predictor takes microseconds, so a search can score thousands of subnets. It is fitted on at least 10 (genome, measured accuracy) pairs, its penalty chosen by 5-fold cross-validation, and reports Kendall τ and RMSE on a held-out part before it is refitted on all of them.',
  'kendall-tau':
    'Kendall τ compares every pair of held-out subnets: pairs the predictor orders as the measurement does count for it, pairs it orders the other way against it (τ-b also corrects for ties). A search needs the right order more than the right values, so τ says more than the error about whether the predictor can guide it.',
  'pareto-front':
    'With several objectives (accuracy up, latency down) there is usually no single best subnet. A subnet is on the Pareto front when no other is at least as good on every objective and better on one. The plots highlight the front and fade the dominated points; the previous front stays as a ghost after a hardware or space change.',
  dominated:
    'A dominated subnet is never the right pick under the chosen objectives: the subnet that dominates it is as good or better everywhere. With budgets, constraint domination applies: a feasible subnet beats any infeasible one, and of two infeasible ones the smaller total violation wins.',
  hypervolume:
    'Hypervolume measures a whole front in one number. Each objective is normalised to [0, 1] (0 the best end of its range) and the volume between the front and the reference point (1.1 in every dimension by default) is computed exactly. It grows when the front moves to better values or covers more of the trade-off; compare values only with the same objectives, bounds and reference point.',
  'nsga-ii':
    'NSGA-II (Deb et al., 2002) evolves a population of subnets. Each generation makes children by uniform crossover (probability 0.5) and per-gene mutation (0.1), then keeps the best of parents and children, ranked by front and, within a front, by crowding distance, which favours spread. It is seeded: the same settings and seed give the same front, bit for bit.',
  budget:
    'A budget is a constraint, not an objective: the search prefers any subnet within every budget to any subnet over one. With accuracy as the only objective the search is in budget mode, as in once-for-all: the most accurate subnet within the budget. When no subnet can meet a budget, it says so and shows the smallest value reached instead of searching on.',
  'co-search':
    'Instead of a fixed system, co-search lets the evolution choose hardware along with the subnet: by default M from {1, 2, 4, 8, 16}, U among the divisors of M and P from {64, 128, 256, 512}. CIM area (an assumed 0.2 mm² per macro) can then be an objective or a budget, so more macros are not free. Each point of the front is a (subnet, hardware) pair.',
  'measured-public':
    'A parameter tagged measured-public takes its default from a publicly reported measurement, with the source named. It is the strongest provenance here, but it was measured on someone else’s chip under their conditions. Once you edit the value it becomes your assumption, shown as “yours”.',
  'vendor-default':
    'A vendor-default value is what a vendor ships as a configuration: a real design point, but not a measurement of the behaviour this model derives from it. The NPU’s MACs per cycle, clock and bandwidths are vendor defaults. Once you edit the value it becomes your assumption, shown as “yours”.',
  assumed:
    'Most energies, the CIM clock and array shape, the link and the static powers are assumed: typical values, not measurements of one chip. Design axes such as the macro count M and compute units U are assumed too, as they are meant to be varied. Every value you edit becomes an assumption too (shown as “yours”), whatever its preset’s source was.',
};

/** Every entry with its paragraph, in the order of `GLOSSARY_TERMS`. */
export const GLOSSARY: readonly GlossaryEntry[] = GLOSSARY_TERMS.map((t) => ({ ...t, text: GLOSSARY_TEXTS[t.id] ?? '' }));
