/** The pure core of H4H Explorer: no DOM, React or TF.js. Everything the app, workers and CLI use. */
export type * from './types.js';
export { createRng, type Rng } from './rng.js';
export { SPACES, MINI, MINI_CIFAR, NASVIT, getSpace, hasSpace, defaultGenome } from './spaces.js';
export * from './trainConfig.js';
export {
  validateGenome, parseGenome, canonicalize, genomeKey, headWidth, spaceSize, stageSize, preview, presetIdOf,
  sampleGenome, sampleGenomeTilted, mutateGenome, crossoverGenomes, fieldPath, zodMessages, type Validated,
} from './genome.js';
export { macRange, smallestGenome, largestGenome, type MacRange } from './macrange.js';
export { expandGenome, totalMacs, totalParams, INT8, type ByteWidths } from './layers.js';
export { validateModel, expandModel, hasBranches, BRANCHES_NOTE, MODEL_LIMITS, mobileNetV2, type ModelDescription, type ModelOp } from './model.js';
export {
  HW_PARAMS, SYSTEMS, getSystem, hasSystem, validateSystem, provenanceOf, cimCapacityBytes,
  type HwKey, type HwParam, type HwParams, type System, type Provenance,
} from './hardware.js';
export { layerCosts, npuCost, cimCost, cimEligible, utilisation, staticPowerMw, staticEnergyUj, roofline, unitRidges, type RooflinePoint } from './cost.js';
export { explainLayer, explainPlacement } from './explain.js';
export { solveChain, bruteForceChain, chainCost, type Chain } from './chain.js';
export { MAX_EDP_LAYERS, MAX_EDP_STATES } from './chainEdp.js';
export { scheduleNpu, scheduleCim, scheduleHetero, runSequential, plainSchedule, type PlainSchedule } from './schedule.js';
export { scheduleParallel } from './parallel.js';
export { estimateLayers, estimateGenome, SCHEMA_IDS, SCHEMA_LABELS, type EstimateOptions } from './estimate.js';
export { estimateDocument } from './report.js';
export * from './calibration.js';
export * from './predictor.js'; export * from './accuracy.js';
export * from './pareto.js';
export * from './searchProblem.js';
export * from './search.js';
export * from './exhaustive.js';
export * from './searchSettings.js';
export * from './accuracyTable.js';
export * from './runRecord.js';
export { RUN_RECORD_LIMITS, MAX_METRIC } from './runRecordCheck.js';
export * from './blocks.js';
export * from './linkCodec.js';
export * from './lesson.js';
export * from './lessonEval.js';
export { GLOSSARY, GLOSSARY_SHORT_MAX, GLOSSARY_TEXT_MAX, glossaryEntry, hasGlossaryEntry, type GlossaryEntry } from './glossary.js';
export { LimitError, maxOf, minOf, pushAll, shorten } from './numbers.js';
