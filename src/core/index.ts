/** The pure core of H4H Explorer: no DOM, React or TF.js. Everything the app, workers and CLI use. */
export type * from './types.js';
export { createRng, type Rng } from './rng.js';
export { SPACES, MINI, MINI_CIFAR, NASVIT, getSpace, hasSpace, defaultGenome } from './model/spaces.js';
export * from './training/trainConfig.js';
export {
  validateGenome,
  parseGenome,
  canonicalize,
  genomeKey,
  headWidth,
  spaceSize,
  stageSize,
  preview,
  presetIdOf,
  sampleGenome,
  sampleGenomeTilted,
  mutateGenome,
  crossoverGenomes,
  fieldPath,
  zodMessages,
  type Validated,
} from './model/genome.js';
export { macRange, smallestGenome, largestGenome, type MacRange } from './model/macrange.js';
export { expandGenome, totalMacs, totalParams, INT8, type ByteWidths } from './model/layers.js';
export {
  validateModel,
  expandModel,
  hasBranches,
  BRANCHES_NOTE,
  MODEL_LIMITS,
  mobileNetV2,
  type ModelDescription,
  type ModelOp,
} from './model/model.js';
export {
  HW_PARAMS,
  SYSTEMS,
  getSystem,
  hasSystem,
  validateSystem,
  provenanceOf,
  cimCapacityBytes,
  type HwKey,
  type HwParam,
  type HwParams,
  type System,
  type Provenance,
} from './hardware/hardware.js';
export { layerCosts, npuCost, cimCost, cimEligible, utilisation, staticPowerMw, staticEnergyUj } from './hardware/cost.js';
export { roofline, unitRidges, type RooflinePoint } from './hardware/roofline.js';
export { explainLayer, explainPlacement } from './hardware/explain.js';
export { solveChain, bruteForceChain, chainCost, type Chain } from './schedule/chain.js';
export { MAX_EDP_LAYERS, MAX_EDP_STATES } from './schedule/chainEdp.js';
export { scheduleNpu, scheduleCim, scheduleHetero, runSequential, plainSchedule, type PlainSchedule } from './schedule/schedule.js';
export { scheduleParallel } from './schedule/parallel.js';
export { estimateLayers, estimateGenome, SCHEMA_IDS, SCHEMA_LABELS, type EstimateOptions } from './schedule/estimate.js';
export { estimateDocument } from './schedule/report.js';
export { cimSweep, SWEEP_MACROS, SWEEP_UNITS, type SweepPoint } from './hardware/sweep.js';
export * from './hardware/calibration.js';
export * from './accuracy/predictor.js';
export * from './accuracy/accuracy.js';
export * from './search/pareto.js';
export * from './search/objectives.js';
export * from './search/searchProblem.js';
export * from './search/search.js';
export * from './search/exhaustive.js';
export * from './search/searchSettings.js';
export * from './accuracy/accuracyTable.js';
export * from './record/runRecord.js';
export { RUN_RECORD_LIMITS, MAX_METRIC } from './record/runRecordCheck.js';
export * from './model/blocks.js';
export * from './record/linkCodec.js';
export * from './learn/lesson.js';
export * from './learn/lessonEval.js';
export {
  GLOSSARY_TERMS,
  GLOSSARY_SHORT_MAX,
  GLOSSARY_TEXT_MAX,
  glossaryEntry,
  hasGlossaryEntry,
  type GlossaryEntry,
  type GlossaryTerm,
} from './learn/glossary.js';
export { GLOSSARY, GLOSSARY_TEXTS } from './learn/glossaryTexts.js';
export { LimitError, maxOf, minOf, pushAll, shorten } from './numbers.js';
export { at, IndexError } from './at.js';
export { PAPER_CLAIMS, PAPER_REF, type ClaimId } from './paper/paperClaims.js';
export type * from './paper/paperTypes.js';
export { PAPER_SEARCH, PROXY_REFUSAL, mbOnlySpace, paperRun, runPaper } from './paper/paperRun.js';
export { PAPER_BUDGET_FRACTIONS, bestWithin, budgetWinners, latencyBudgets, measuredHybrid } from './paper/hybridClaim.js';
export { accuracyByKey } from './accuracy/knownAccuracies.js';
export { paperCsv } from './paper/paperCsv.js';
export { PYTORCH_TEMPLATES, pythonArch, pytorchFiles, type PythonArch, type PytorchTemplates } from './record/pytorchExport.js';
export {
  hwFile,
  optunaParams,
  optunaStudy,
  OPTUNA_SCRIPT,
  scoredSubnets,
  type OptunaStudy,
  type ScoredSubnet,
} from './record/optunaStudy.js';
export { agreement, type Agreement } from './accuracy/agreement.js';
