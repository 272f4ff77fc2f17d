/**
 * What the H4H-NAS paper (arXiv 2410.08326) claims, as it states it: the three results the paper view
 * and `h4h paper` re-run, each with the numbers and the setting the paper gives. Our numbers are put
 * beside these, never in place of them.
 */

export const PAPER_REF = {
  id: 'arXiv 2410.08326',
  title: 'Neural Architecture Search of Hybrid Models for NPU-CIM Heterogeneous AR/VR Devices',
  url: 'https://arxiv.org/abs/2410.08326',
} as const;

export const PAPER_CLAIMS = {
  hybrid: {
    title: 'Claim 1: hybrid search',
    statement:
      'Searching a space that mixes MBConv and transformer blocks at block granularity finds more accurate models at the same cost: up to +1.34 % top-1 on ImageNet against its baselines.',
    /** the paper's largest accuracy gain, percentage points of top-1 */
    upToPoints: 1.34,
    setting: 'ImageNet (1,000 classes, 224 px), a NASViT-style supernet trained for hundreds of epochs, measured top-1',
  },
  execution: {
    title: 'Claim 2: heterogeneous execution',
    statement:
      'Running the searched models on the NPU and the CIM together saves up to 56.08 % latency and 41.72 % energy against NPU-only execution.',
    /** the paper's largest savings, as fractions of the NPU-only figure */
    latency: 0.5608,
    energy: 0.4172,
    setting: "the paper's NPU (real silicon measurements) and CIM macros (industry IP), the searched hybrid models",
  },
  scaling: {
    title: 'Claim 3: more macros and compute units',
    statement:
      'More CIM macros and more compute units help further: latency falls as the CIM grows, through parallel channels and less data movement.',
    setting: "the paper's multi-macro and multi-CU CIM design study",
  },
} as const;

export type ClaimId = keyof typeof PAPER_CLAIMS;
