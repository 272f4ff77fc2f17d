/**
 * Glossary entries of the network: its blocks and the genes of a subnet, in the order `GLOSSARY`
 * lists them.
 */
import { LAYERS, SUBNET, SEARCH, type GlossaryTerm } from './glossaryPanels.js';

/** Blocks and genes. */
export const NETWORK_TERMS: readonly GlossaryTerm[] = [
  // blocks
  {
    id: 'mbconv',
    term: 'MBConv block',
    where: [SUBNET, LAYERS],
    see: ['gene-e', 'gene-k', 'vit-block'],
    short: 'Inverted residual block: 1×1 expand by e, k×k depthwise conv, 1×1 project to c; a residual add when the shapes match.',
  },
  {
    id: 'vit-block',
    term: 'Transformer (ViT) block',
    where: [SUBNET, LAYERS],
    see: ['gene-m', 'gene-t', 'mbconv'],
    short: 'Self-attention and an MLP over the H·W feature-map positions as tokens of width c; its attention matmuls cannot use a CIM.',
  },
  // genes
  {
    id: 'gene-r',
    term: 'r (input resolution)',
    where: [SUBNET, SEARCH],
    see: ['gene-stem', 'vit-block'],
    short: 'Input resolution: the image is resized to r × r before the stem (mini: 20 to 28; mini-cifar: 24 to 32; nasvit: 192 to 288).',
  },
  {
    id: 'gene-stem',
    term: 'stem (stem width)',
    where: [SUBNET],
    see: ['gene-r', 'gene-c'],
    short: 'Output channels of the stem: the 3×3 stride-2 convolution that first processes the image.',
  },
  {
    id: 'gene-head',
    term: 'head (head width)',
    where: [SUBNET],
    see: ['gene-c', 'gene-stem'],
    short: 'nasvit only: width of the head’s last 1×1 convolution, after the pool and before the classifier (1792 or 1984).',
  },
  {
    id: 'gene-c',
    term: 'c (stage width)',
    where: [SUBNET],
    see: ['gene-d', 'gene-e'],
    short: 'Output channels of every block of a stage; also a ViT block’s token width (c ÷ 8 heads).',
  },
  {
    id: 'gene-d',
    term: 'd (depth)',
    where: [SUBNET],
    see: ['gene-t', 'supernet'],
    short: 'Number of active blocks in a stage: the first d of the stage’s block slots run, the rest are skipped.',
  },
  {
    id: 'gene-k',
    term: 'k (kernel size)',
    where: [SUBNET],
    see: ['mbconv'],
    short: 'Kernel size of the depthwise convolution in a stage’s MBConv blocks (3 or 5).',
  },
  {
    id: 'gene-e',
    term: 'e (expansion ratio)',
    where: [SUBNET],
    see: ['mbconv'],
    short: 'MBConv expansion: the first pointwise conv widens the block to e × its input channels (no expand layer when e = 1).',
  },
  {
    id: 'gene-t',
    term: 't (block type)',
    where: [SUBNET, LAYERS],
    see: ['mbconv', 'vit-block'],
    short: 'Type of each active block: mb (MBConv) or vit (transformer). The first block of every stage is MBConv.',
  },
  {
    id: 'gene-m',
    term: 'm (MLP ratio)',
    where: [SUBNET],
    see: ['vit-block'],
    short: 'Width of a ViT block’s MLP: c → m·c → c. It changes nothing in a stage without ViT blocks.',
  },
];
