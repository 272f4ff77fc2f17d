/**
 * Glossary entries of training, accuracy, search and the provenance of hardware values, in the
 * order `GLOSSARY` lists them.
 */
import { HW, EST, SEARCH, TRAIN, type GlossaryTerm } from './glossaryPanels.js';

/** Training, accuracy, search, provenance. */
export const SEARCH_TERMS: readonly GlossaryTerm[] = [
  // training
  {
    id: 'supernet',
    term: 'Supernet',
    where: [TRAIN, SEARCH],
    see: ['weight-sharing', 'sandwich-rule', 'batchnorm-recalibration'],
    short: 'One network that contains every subnet of the space; a subnet runs on slices of its weights.',
  },
  {
    id: 'weight-sharing',
    term: 'Weight sharing',
    where: [TRAIN],
    see: ['supernet', 'two-phase-training'],
    short: 'Subnets reuse the same supernet weights instead of having their own, so training one moves the others.',
  },
  {
    id: 'sandwich-rule',
    term: 'Sandwich rule',
    where: [TRAIN],
    see: ['in-place-distillation', 'supernet'],
    short: 'Each training step trains the largest subnet, the smallest and n random ones (n = 2 by default).',
  },
  {
    id: 'in-place-distillation',
    term: 'In-place distillation',
    where: [TRAIN],
    see: ['sandwich-rule'],
    short: 'The largest subnet learns from the labels; the other sampled subnets learn from its soft predictions in the same step.',
  },
  {
    id: 'two-phase-training',
    term: 'Two-phase training',
    where: [TRAIN],
    see: ['weight-sharing', 'gene-t'],
    short: 'Phase 1 samples only MBConv subnets; phase 2 turns ViT blocks on and continues (half the steps each by default).',
  },
  {
    id: 'batchnorm-recalibration',
    term: 'BatchNorm recalibration',
    where: [TRAIN],
    see: ['supernet'],
    short: 'Before a subnet is evaluated, its BatchNorm statistics are recomputed on a few training images (256 by default).',
  },
  // accuracy
  {
    id: 'proxy',
    term: 'Proxy accuracy',
    where: [SEARCH, EST, TRAIN],
    see: ['predictor', 'supernet'],
    short: 'An analytic accuracy stand-in from MACs and depth, fitted to published points; always labelled “proxy — not measured”.',
  },
  {
    id: 'predictor',
    term: 'Accuracy predictor',
    where: [TRAIN, SEARCH],
    see: ['kendall-tau', 'proxy'],
    short: 'Ridge regression on a one-hot encoding of the genome, fitted on supernet accuracies; its Kendall τ is shown with it.',
  },
  {
    id: 'kendall-tau',
    term: 'Kendall τ',
    where: [TRAIN, SEARCH],
    see: ['predictor'],
    short: 'Rank agreement of predicted and measured accuracy on held-out subnets: 1 same order, 0 unrelated, −1 reversed.',
  },
  // search
  {
    id: 'pareto-front',
    term: 'Pareto front',
    where: [SEARCH],
    see: ['dominated', 'hypervolume', 'nsga-ii'],
    short: 'The subnets that no other subnet beats on every objective at once: the best trade-offs found.',
  },
  {
    id: 'dominated',
    term: 'Dominated',
    where: [SEARCH],
    see: ['pareto-front', 'budget'],
    short: 'A subnet is dominated when another is at least as good on every objective and strictly better on one.',
  },
  {
    id: 'hypervolume',
    term: 'Hypervolume',
    where: [SEARCH],
    see: ['pareto-front'],
    short: 'The part of objective space a front dominates, up to a reference point, on normalised objectives: bigger is better.',
  },
  {
    id: 'nsga-ii',
    term: 'NSGA-II',
    where: [SEARCH],
    see: ['pareto-front', 'dominated'],
    short: 'The evolutionary multi-objective search used here: non-dominated sorting, crowding distance, binary tournaments.',
  },
  {
    id: 'budget',
    term: 'Budget',
    where: [SEARCH],
    see: ['dominated', 'co-search'],
    short:
      'An upper limit on latency, energy, params, CIM use or area: subnets over it are infeasible. One objective plus a budget is budget mode.',
  },
  {
    id: 'co-search',
    term: 'Hardware co-search',
    where: [SEARCH],
    see: ['macro', 'compute-unit', 'budget'],
    short: 'CIM macros M, compute units U and NPU MACs per cycle P become genes too, searched with the subnet.',
  },
  // provenance
  {
    id: 'measured-public',
    term: 'measured-public',
    where: [HW],
    see: ['vendor-default', 'assumed'],
    short: 'Provenance: the default comes from a published measurement, named beside it (e.g. a 7 nm SRAM CIM macro, JSSC 2021).',
  },
  {
    id: 'vendor-default',
    term: 'vendor-default',
    where: [HW],
    see: ['measured-public', 'assumed'],
    short: 'Provenance: the default comes from a vendor’s configuration or tool (e.g. Arm Vela’s Ethos-U55 system), not a measurement.',
  },
  {
    id: 'assumed',
    term: 'assumed',
    where: [HW],
    see: ['measured-public', 'vendor-default'],
    short:
      'Provenance: the default is this model’s assumption (a typical value, a design axis or your own edit); check it before trusting a result.',
  },
];
