/**
 * Glossary entries of training, accuracy, search and the provenance of hardware values, in the
 * order `GLOSSARY` lists them.
 */
import { HW, EST, SEARCH, TRAIN, type GlossaryEntry } from './glossaryPanels.js';

/** Training, accuracy, search, provenance. */
export const SEARCH_TERMS: readonly GlossaryEntry[] = [
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
