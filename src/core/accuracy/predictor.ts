/**
 * The `predictor` accuracy source (SPEC §5.2), its public door: a model of accuracy fitted on
 * (genome → measured accuracy) pairs, kept as plain JSON-safe data. The parts live beside it: the
 * feature encoding (`predictorFeatures.ts`), the predictor and its predictions (`predict.ts`), the
 * ridge fit (`ridgeFit.ts`), the kernel ridge fit (`kernelFit.ts`) and their solver (`cholesky.ts`).
 */
export { kendallTau } from './kendall.js';
export { encodeGenome, featureNames, NUMERIC_FEATURES } from './predictorFeatures.js';
export { MIN_PREDICTOR_SAMPLES, predict, predictedAccuracy, type AccuracySample, type Predictor } from './predict.js';
export { fitAndValidate, fitRidge, LAMBDA_GRID, type FitOptions } from './ridgeFit.js';
export { fitKernel, KERNEL_GRID } from './kernelFit.js';
