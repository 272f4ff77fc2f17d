/**
 * Glossary entries of the network: its blocks and the genes of a subnet, in the order `GLOSSARY`
 * lists them.
 */
import { LAYERS, SUBNET, SEARCH, type GlossaryEntry } from './glossaryPanels.js';

/** Blocks and genes. */
export const NETWORK_TERMS: readonly GlossaryEntry[] = [
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
];
