/**
 * `h4h estimate`: the cost of a subnet of a space (`--arch`) or of your own network (`--model`: a
 * model description, a .tflite or an .onnx file) on a system, per schema, optionally calibrated
 * with measured layers (`--calibrate`).
 */
import {
  BRANCHES_NOTE,
  SCHEMA_LABELS,
  calibrated,
  calibrationLabel,
  estimateDocument,
  estimateGenome,
  estimateLayers,
  expandModel,
  hasBranches,
  presetIdOf,
  type Estimate,
  type HeteroObjective,
  type HwParams,
  type SchemaId,
  type System,
} from '../core/index.js';
import { fitCalibration, parseMeasurements, type CalibrationFit } from '../core/hardware/calibrationFit.js';
import { networkSubject } from '../import/graph.js';
import { archArg, enumArg, hwArg, jsonArg, modelSourceArg, schemaArg, spaceFileArg, UsageError } from './args.js';
import { readInputText } from './files.js';
import { out, str, type Values } from './options.js';
import { estimateText } from './text.js';

/** The estimate and what it is of (the document's fields before `hw`; `notes` printed first in text). */
interface Estimated {
  est: Estimate;
  subject: Record<string, unknown> & { notes?: string[] };
}

export function cmdEstimate(v: Values): void {
  const system: System = hwArg(str(v, 'hw'));
  const schemas: SchemaId[] = schemaArg(str(v, 'schema'));
  const objective = enumArg<HeteroObjective>('--objective', str(v, 'objective'), ['latency', 'energy', 'edp'], 'latency');
  const modelPath = str(v, 'model');
  let { est, subject } = modelPath !== undefined ? estimateModel(v, modelPath, system, objective) : estimateArch(v, system, objective);
  const calibrateFile = str(v, 'calibrate');
  if (calibrateFile !== undefined) ({ est, subject } = withCalibration({ est, subject }, calibrateFile, system, objective));
  const doc = {
    ...subject,
    hw: { id: system.id, label: system.label, params: system.params },
    objective,
    ...estimateDocument(est, system.params, schemas),
  };
  const notes = subject.notes ?? [];
  out(v.json === true, doc, () => [...notes.map((n) => `note: ${n}`), estimateText(est, system, schemas, SCHEMA_LABELS)].join('\n'));
}

/** `--model FILE`: a model description (JSON), a .tflite or an .onnx file. */
function estimateModel(v: Values, modelPath: string, system: System, objective: HeteroObjective): Estimated {
  if (str(v, 'arch') !== undefined) throw new UsageError('--model: give either --arch or --model, not both');
  if (str(v, 'space') !== undefined) throw new UsageError('--space: applies to --arch genomes; a --model file describes its own network');
  const source = modelSourceArg(modelPath);
  if (source.kind === 'description') {
    const model = source.model;
    const est = estimateLayers(
      expandModel(model, { weight: system.params.bytesPerWeight, act: system.params.bytesPerAct }),
      system.params,
      { objective },
    );
    return { est, subject: { model: model.name, ...(hasBranches(model) ? { notes: [BRANCHES_NOTE] } : {}) } };
  }
  return { est: estimateLayers(source.network.layers, system.params, { objective }), subject: networkSubject(source.network, source.file) };
}

/** `--arch GENOME` of `--space` (no --space: the genome's own). */
function estimateArch(v: Values, system: System, objective: HeteroObjective): Estimated {
  const arch = str(v, 'arch');
  let spaceId = str(v, 'space');
  if (spaceId === undefined && arch !== undefined) {
    // no --space: take it from the genome itself
    const raw = jsonArg('--arch', arch);
    const named = typeof raw === 'object' && raw !== null ? (raw as { space?: unknown }).space : undefined;
    // a trimmed space's genome ("mini~r28~…") is a genome of its preset
    if (typeof named === 'string') spaceId = presetIdOf(named);
  }
  const space = spaceFileArg(spaceId);
  const genome = archArg(space, arch);
  return { est: estimateGenome(space, genome, system, { objective }), subject: { space: space.id, arch: genome } };
}

/** The estimate again with the factors fitted to `--calibrate FILE`, the fit in the subject and a note. */
function withCalibration(e: Estimated, file: string, system: System, objective: HeteroObjective): Estimated {
  const fit = calibrationArg(file, e.est, system.params);
  const unmatched = fit.unmatched.length > 0 ? `; not matched: ${fit.unmatched.slice(0, 3).join('; ')}` : '';
  return {
    est: estimateLayers(e.est.layers, calibrated(system.params, fit.calibration), { objective }),
    subject: {
      ...e.subject,
      calibration: { file, factors: fit.calibration, rows: fit.rows, unmatched: fit.unmatched },
      notes: [
        ...(e.subject.notes ?? []),
        `${calibrationLabel(fit.calibration)} (${fit.rows.length} measured layers of ${file}${unmatched})`,
      ],
    },
  };
}

/** `--calibrate FILE`: measurements of the estimated layers, fitted to one factor per layer kind and unit. */
function calibrationArg(file: string, est: Estimate, hw: HwParams): CalibrationFit {
  const m = parseMeasurements(readInputText('--calibrate', file));
  if (!m.ok) throw new UsageError(m.errors.map((e) => `--calibrate ${e}`).join('\n'));
  const fit = fitCalibration(est.layers, est.costs, hw, m.value);
  if (!fit.ok) throw new UsageError(fit.errors.map((e) => `--calibrate ${e}`).join('\n'));
  return fit.value;
}
