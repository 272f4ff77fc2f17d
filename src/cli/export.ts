/**
 * `h4h export` (issue 18), written into `--out`:
 * - `--kind pytorch`: a subnet as a standalone PyTorch module (`h4h_model.py`, whose conv and linear
 *   weights are the `params` of `h4h estimate`), a `torchrun` training script (`train.py`) and the
 *   subnet's description (`arch.json`);
 * - `--kind optuna`: a search as an Optuna study (`study.json`, `hw.json`) and the script that runs it
 *   on `NSGAIISampler` over shared storage (`optuna_search.py`).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hwFile, OPTUNA_SCRIPT, optunaStudy, PYTORCH_TEMPLATES, pytorchFiles, scoredSubnets, type SchemaId } from '../core/index.js';
import { archArg, enumArg, hwArg, spaceArg, tableArg, UsageError } from './args.js';
import { str, type Values } from './options.js';
import { searchSettingsArgs } from './searchArgs.js';
import { budgetsArg } from './searchCommand.js';

/** The version written into the files (package.json's, read once). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const template = (file: string): string => readFileSync(new URL(`../../public/${file}`, import.meta.url), 'utf8');

/** `--out`: the folder, created when missing. */
function outArg(v: Values): string {
  const out = str(v, 'out');
  if (out === undefined) throw new UsageError('--out: give the folder to write the files into (created if missing)');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out: "${out.slice(0, 80)}" exists and is not a folder`);
  return out;
}

function writeAll(out: string, files: Readonly<Record<string, string>>): string[] {
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  return Object.keys(files).map((f) => join(out, f));
}

export function cmdExport(v: Values, write: (s: string) => void): void {
  const kind = enumArg('--kind', str(v, 'kind'), ['pytorch', 'optuna'] as const, 'pytorch');
  if (kind === 'optuna') return exportOptuna(v, write);
  const out = outArg(v);
  const space = spaceArg(str(v, 'space'));
  const genome = archArg(space, str(v, 'arch'));
  const files = pytorchFiles(space, genome, version(), {
    model: template(PYTORCH_TEMPLATES.model),
    train: template(PYTORCH_TEMPLATES.train),
  });
  const written = writeAll(out, files);
  const arch = JSON.parse(files['arch.json']) as { h4h: { arch_id: string }; expected: { weights: number; macs: number } };
  const doc = {
    kind,
    space: space.id,
    arch_id: arch.h4h.arch_id,
    weights: arch.expected.weights,
    macs: arch.expected.macs,
    files: written,
  };
  write(
    v.json === true
      ? `${JSON.stringify(doc)}\n`
      : `wrote ${doc.files.join(', ')}\nsubnet ${doc.arch_id}: ${doc.weights.toLocaleString('en-US')} weights, ${doc.macs.toLocaleString('en-US')} MACs\n` +
          `check: cd ${out} && python3 h4h_model.py\ntrain: cd ${out} && torchrun --standalone --nproc_per_node=gpu train.py --data /path/to/data\n`,
  );
}

/** `--kind optuna`: the study of a search with the flags of `h4h search`, and its runner. */
function exportOptuna(v: Values, write: (s: string) => void): void {
  const out = outArg(v);
  const space = spaceArg(str(v, 'space'));
  const system = hwArg(str(v, 'hw'));
  const schema = enumArg<SchemaId>('--schema', str(v, 'schema'), ['npu', 'cim', 'hetero', 'parallel'], 'hetero');
  const settings = searchSettingsArgs(
    {
      objectives: str(v, 'objectives'),
      schema,
      population: str(v, 'population'),
      generations: str(v, 'generations'),
      seed: str(v, 'seed'),
      accuracy: 'proxy',
      budgets: budgetsArg(v),
      exhaustive: false,
    },
    space,
  );
  // subnets already measured (a table: genome or arch_id, accuracy) start the study as finished trials
  const table = str(v, 'table') === undefined ? null : tableArg(str(v, 'table'), space);
  const scored = table ? scoredSubnets(space, system, schema, table.entries) : [];
  let study;
  try {
    study = optunaStudy(space, system, settings, version(), scored);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  const written = writeAll(out, {
    'study.json': `${JSON.stringify(study, null, 2)}\n`,
    'hw.json': `${JSON.stringify(hwFile(system), null, 2)}\n`,
    'optuna_search.py': template(OPTUNA_SCRIPT),
  });
  const doc = {
    kind: 'optuna',
    study: study.name,
    space: space.id,
    hw: system.id,
    objectives: settings.objectives,
    scored: scored.length,
    files: written,
  };
  write(
    v.json === true
      ? `${JSON.stringify(doc)}\n`
      : `wrote ${written.join(', ')}\nstudy ${study.name}: NSGA-II, population ${study.nsga.population}, objectives ${settings.objectives.join(', ')}\n` +
          `run (one machine or many, one storage): python3 ${join(out, 'optuna_search.py')} --storage sqlite:///h4h.db --trials 100 --accuracy-cmd "…" --h4h-dir ${process.cwd()}\n`,
  );
}
