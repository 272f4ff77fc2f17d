/**
 * `h4h paper` (issue 17): the paper's three claims re-run by core's `paperRun`, the same code as the
 * page's paper view. Claim 1's accuracy: the shipped supernet's predictor for a space that has one,
 * an imported table (`--table`), or the proxy (which cannot test claim 1: said, with the reason); the
 * winners at each latency budget are then measured with the shipped supernet itself (`--no-measure`
 * skips that; `--images N` changes the validation images).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  accuracyByKey,
  budgetWinners,
  measuredHybrid,
  PAPER_REF,
  PAPER_SEARCH,
  runPaper,
  type PaperAccuracy,
  type PaperDocument,
  type PaperMeasurement,
  type PaperPoint,
  type PaperResult,
  type SchemaId,
  type SearchSpace,
} from '../core/index.js';
import { parsePredictorFile, supernetEvaluator, type PredictorFile, type ShippedSupernet } from '../train/shipped.js';
import { enumArg, hwArg, intArg, spaceArg, tableArg, UsageError } from './args.js';
import { loadEmbeddedDataset } from './datasets.js';
import { str, type Values } from './options.js';
import { paperText } from './paperText.js';
import { searchSettingsArgs } from './searchArgs.js';
import { SHIPPED_ROOT, shippedEntry, shippedFile } from './supernet.js';

interface Shipped {
  readonly entry: ShippedSupernet;
  readonly file: PredictorFile;
}

async function shippedPredictor(space: SearchSpace, root: string): Promise<Shipped | null> {
  const entry = shippedEntry(space, root);
  if (!entry) return null;
  const bytes = await shippedFile(entry, 'predictor', root);
  try {
    return { entry, file: parsePredictorFile(JSON.parse(new TextDecoder().decode(bytes)), entry.predictor.file) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The accuracy claim 1 runs on, from `--accuracy` (default: the shipped predictor, else a given table, else the proxy). */
function accuracyOf(v: Values, space: SearchSpace, shipped: Shipped | null): PaperAccuracy {
  const given = str(v, 'table');
  const fallback = given !== undefined ? 'table' : shipped ? 'predictor' : 'proxy';
  const source = enumArg('--accuracy', str(v, 'accuracy'), ['predictor', 'table', 'proxy'] as const, fallback);
  if (source !== 'table' && given !== undefined) throw new UsageError('--table: applies to --accuracy table');
  if (source === 'table') return { source, table: tableArg(given, space), from: `the table ${given}` };
  if (source === 'proxy') return { source };
  if (!shipped)
    throw new UsageError(
      `--accuracy: no supernet is shipped for space "${space.id}"; give a table of measured accuracies (--table FILE) or use --accuracy proxy`,
    );
  const p = shipped.file.predictor;
  return {
    source,
    predictor: p,
    from: `predictor fitted on ${shipped.file.samples.length} subnets measured with the shipped supernet ${shipped.entry.id} (${shipped.entry.steps} steps, SHA-256 ${shipped.entry.weights.sha256.slice(0, 8)}); Kendall τ ${p.kendallTau?.toFixed(2) ?? '—'} on ${p.heldOut} held-out subnets`,
  };
}

/** Claim 1's winners measured with the shipped supernet (those the project measured when shipping it are taken as they are). */
async function measureWinners(
  space: SearchSpace,
  shipped: Shipped,
  result: PaperResult,
  images: number,
  root: string,
  progress: (line: string) => void,
): Promise<PaperMeasurement | null> {
  if (!result.hybrid.testable) return null;
  const { entry, file } = shipped;
  const calibrationImages = entry.evaluation.calibrationImages;
  const same = images === file.evaluation.images && calibrationImages === file.evaluation.calibrationImages;
  const known = same ? accuracyByKey(space, [file.samples, file.test?.samples, file.presets]) : new Map<string, number>();
  const winners: PaperPoint[] = budgetWinners(result.hybrid.budgets);
  const subnets: { key: string; accuracy: number; source: 'measured' | 'shipped' }[] = [];
  const todo = winners.filter((w) => {
    const a = known.get(w.key);
    if (a !== undefined) subnets.push({ key: w.key, accuracy: a, source: 'shipped' });
    return a === undefined;
  });
  if (todo.length > 0) {
    await tf.setBackend('cpu');
    await tf.ready();
    const bytes = await shippedFile(entry, 'weights', root);
    const ds = await loadEmbeddedDataset(space.dataset as 'fashion-mnist' | 'mnist');
    const evaluator = supernetEvaluator(space, ds, bytes, { images, calibrationImages }, join(root, entry.weights.file));
    try {
      for (const [i, w] of todo.entries()) {
        progress(`paper: measuring claim 1's winners with the supernet, ${i + 1} of ${todo.length}`);
        subnets.push({ key: w.key, accuracy: (await evaluator.evaluate(w.arch)).accuracy, source: 'measured' });
      }
    } finally {
      evaluator.dispose();
    }
  }
  const byKey = new Map(subnets.map((s) => [s.key, s.accuracy]));
  const order = new Map(winners.map((w, i) => [w.key, i]));
  subnets.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  return {
    supernet: `${entry.id}.${entry.weights.sha256.slice(0, 8)}`,
    images,
    calibrationImages,
    subnets,
    claim: measuredHybrid(result.hybrid.budgets, (k) => byKey.get(k), space.dataset, 'measured (supernet)', images),
  };
}

/** `h4h paper`: the experiment, printed as text or as one JSON document. */
export async function runPaperCommand(
  v: Values,
  write: (s: string) => void,
  progress: (line: string) => void = () => {},
  root = SHIPPED_ROOT,
): Promise<PaperDocument> {
  const space = spaceArg(str(v, 'space'));
  const system = hwArg(str(v, 'hw'));
  const schema = enumArg<SchemaId>('--schema', str(v, 'schema'), ['npu', 'cim', 'hetero', 'parallel'], PAPER_SEARCH.schema);
  const settings = searchSettingsArgs(
    {
      objectives: 'accuracy,latency',
      schema,
      population: str(v, 'population') ?? String(PAPER_SEARCH.population),
      generations: str(v, 'generations') ?? String(PAPER_SEARCH.generations),
      seed: str(v, 'seed') ?? String(PAPER_SEARCH.seed),
      accuracy: 'proxy',
      budgets: {},
      exhaustive: false,
    },
    space,
  );
  const shipped = await shippedPredictor(space, root);
  const accuracy = accuracyOf(v, space, shipped);
  const measure = v['no-measure'] !== true && accuracy.source === 'predictor' && shipped !== null;
  const images = intArg('--images', str(v, 'images'), shipped?.entry.evaluation.images ?? 5000, 100, 10_000);
  const search = { schema, population: settings.population, generations: settings.generations, seed: settings.seed };
  let last = -1;
  const result = runPaper({ space, system, accuracy, search }, (p) => {
    if (p.generation % 10 !== 0 || p.generation === last) return;
    last = p.generation;
    progress(`paper: ${p.phase === 'hybrid' ? 'hybrid' : 'MBConv-only'} search, generation ${p.generation} of ${p.generations}`);
  });
  const measured = measure && shipped ? await measureWinners(space, shipped, result, images, root, progress) : null;
  const doc: PaperDocument = { paper: PAPER_REF, ...result, measured };
  write(v.json === true ? `${JSON.stringify(doc)}\n` : paperText(doc));
  return doc;
}
