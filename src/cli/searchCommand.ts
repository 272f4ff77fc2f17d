/**
 * `h4h search`: its options read and checked (the accuracy source and its table, the schema, the
 * budgets, the search settings), then the run itself (`search.ts`).
 */
import { BUDGETS, presetIdOf, type BudgetId, type SchemaId } from '../core/index.js';
import { enumArg, hwArg, spaceArg, spaceFileArg, tableArg, UsageError } from './args.js';
import { str, type Values } from './options.js';
import { runSearch, searchSettingsArgs } from './search.js';

/** A positive number option (`--max-latency 5.5`). */
function positiveArg(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = /^\d*\.?\d+(e[+-]?\d+)?$/i.test(value) ? Number(value) : NaN;
  if (!(x > 0 && Number.isFinite(x))) throw new UsageError(`${field}: must be a positive number, got "${value.slice(0, 30)}"`);
  return x;
}

/** `--max-latency`, `--max-energy`, `--max-params` (core's vocabulary, BUDGETS): the budgets given. */
export function budgetsArg(v: Values): Partial<Record<BudgetId, number>> {
  const budgets: Partial<Record<BudgetId, number>> = {};
  for (const { cli, id } of Object.values(BUDGETS)) {
    // the flag's option name (`max-latency`); the vocabulary test runs each flag
    const x = cli === null ? undefined : positiveArg(cli, str(v, cli.slice(2) as Parameters<typeof str>[1]));
    if (x !== undefined) budgets[id] = x;
  }
  return budgets;
}

export function cmdSearch(v: Values): void {
  const accuracy = enumArg('--accuracy', str(v, 'accuracy'), ['proxy', 'predictor', 'supernet', 'table'] as const, 'proxy');
  if (accuracy === 'supernet')
    throw new UsageError(
      '--accuracy: supernet needs a trained supernet, which the CLI search does not load; measure subnets with `h4h train --predictor N --json` and pass its output with --accuracy table|predictor --table FILE (or use the app)',
    );
  if (accuracy === 'proxy' && str(v, 'table') !== undefined) throw new UsageError('--table: applies to --accuracy table or predictor');
  const space = spaceFileArg(str(v, 'space'));
  // a table holds subnets of the preset; a trimmed search scores those inside its trim
  const table = accuracy === 'proxy' ? undefined : tableArg(str(v, 'table'), spaceArg(presetIdOf(space.id)));
  const schema = enumArg<SchemaId>('--schema', str(v, 'schema'), ['npu', 'cim', 'hetero', 'parallel'], 'hetero');
  const budgets = budgetsArg(v);
  const settings = searchSettingsArgs(
    {
      objectives: str(v, 'objectives'),
      schema,
      population: str(v, 'population'),
      generations: str(v, 'generations'),
      seed: str(v, 'seed'),
      accuracy,
      budgets,
      exhaustive: v.exhaustive === true,
    },
    space,
  );
  runSearch(
    {
      space,
      accuracy,
      ...(table ? { table } : {}),
      system: hwArg(str(v, 'hw')),
      objectives: settings.objectives,
      schema,
      population: settings.population,
      generations: settings.generations,
      seed: settings.seed,
      budgets,
      exhaustive: settings.exhaustive,
      json: v.json === true,
    },
    (s) => process.stdout.write(s),
    v.json !== true || v.progress === true ? (line) => void process.stderr.write(`${line}\n`) : undefined,
  );
}
