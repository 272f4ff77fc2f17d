/**
 * The `table` accuracy source (SPEC §5.4): measured accuracies imported as CSV or JSON, matched by
 * genome. With a table the candidates are the table's subnets: `scoreTable` scores every one of them
 * (no sampling, so the front is exact and the same for any seed).
 */
import { at } from '../at.js';
import { genomeFromLink } from '../record/linkCodec.js';
import { genomeKey, presetIdOf, preview, validateGenome } from '../model/genome.js';
import { maxOf, minOf, shorten } from '../numbers.js';
import { hypervolumeOfCosts, nonDominatedIndices, normalise } from '../search/pareto.js';
import { reportInfeasible, type SearchGeneration } from '../search/search.js';
import { searchProblem, type SearchConfig, type SearchPoint } from '../search/searchProblem.js';
import type { BudgetId, ObjectiveId } from '../search/objectives.js';
import type { Genome, SearchSpace } from '../types.js';

export interface AccuracyEntry {
  readonly genome: Genome;
  /** top-1 accuracy as a fraction 0–1 */
  readonly accuracy: number;
}

export interface AccuracyTable {
  readonly space: string;
  readonly entries: readonly AccuracyEntry[];
  /** how the numbers were read: fractions, or percentages divided by 100 */
  readonly unit: 'fraction' | 'percent';
}

const MAX_ERRORS = 5;
/** The most a table may hold: rows, and characters of its text (the page and the CLI refuse larger files before reading them). */
export const MAX_TABLE_ROWS = 200_000;
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;
/** A decimal number as people write it: no hexadecimal, no `Infinity`, no trailing text. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/**
 * A row's subnet: its genome (JSON), or `arch_id` — the subnet's id as the link's `g=` writes it, which
 * `h4h export`'s PyTorch and Optuna files print — read back into a genome of `space` (left as the text
 * when it is not one: validation names the row).
 */
function subnetOf(space: string, genome: unknown, archId: unknown): unknown {
  if (genome !== undefined) return genome;
  return typeof archId === 'string' ? (genomeFromLink(space, archId.trim()) ?? archId) : archId;
}

/** Raw rows: a genome (object) and an accuracy (anything), each with its row label for messages. */
function rowsOf(text: string, space: string): { label: string; genome: unknown; accuracy: unknown }[] | string {
  const trimmed = text.trim();
  if (trimmed === '') return 'table: the file is empty';
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      return `table: not valid JSON (${(e as Error).message})`;
    }
    // an array of rows, `{ entries | pairs: [...] }`, or `h4h train --predictor N --json` output
    const obj = data as { entries?: unknown; pairs?: unknown; predictor?: { pairs?: unknown } };
    const list = Array.isArray(data) ? data : (obj.entries ?? obj.pairs ?? obj.predictor?.pairs);
    if (!Array.isArray(list)) return 'table: JSON must be an array of { "arch": {…}, "accuracy": 0.8 } (or have "entries" or "pairs")';
    return list.map((r: unknown, i) => {
      const o = (typeof r === 'object' && r !== null ? r : {}) as {
        arch?: unknown;
        genome?: unknown;
        arch_id?: unknown;
        accuracy?: unknown;
      };
      return { label: `table[${i}]`, genome: subnetOf(space, o.arch ?? o.genome, o.arch_id), accuracy: o.accuracy };
    });
  }
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const gi = header.findIndex((h) => h === 'genome' || h === 'arch');
  const ii = header.indexOf('arch_id');
  const ai = header.indexOf('accuracy');
  if ((gi < 0 && ii < 0) || ai < 0)
    return 'table: CSV needs a header with a "genome" (or "arch") column of genome JSON, or an "arch_id" column, and an "accuracy" column';
  return rows.slice(1).map((r, i) => {
    const raw = r[gi] ?? '';
    let genome: unknown = raw;
    try {
      genome = JSON.parse(raw);
    } catch {
      // left as text: validation names the row
    }
    if (gi < 0) genome = subnetOf(space, undefined, r[ii] ?? '');
    const acc = (r[ai] ?? '').trim();
    return { label: `table row ${i + 2}`, genome, accuracy: acc === '' ? undefined : acc };
  });
}

/** A row's accuracy as a number: a JSON number, or CSV text that is a plain decimal number; else null. */
function accuracyNumber(a: unknown): number | null {
  if (typeof a === 'number') return Number.isFinite(a) ? a : null;
  if (typeof a !== 'string' || !DECIMAL.test(a)) return null;
  const x = Number(a);
  return Number.isFinite(x) ? x : null;
}

/** What a row gave as its accuracy, for a message: CSV text as written, a JSON value shortened. */
const given = (a: unknown): string => (a === undefined ? 'nothing' : typeof a === 'string' ? `"${shorten(a, 30)}"` : preview(a));

const someLabels = (labels: readonly string[]): string =>
  labels.length <= 3 ? labels.join(', ') : `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more`;

/**
 * Reads a table of measured accuracies for `space`. Accuracies are all fractions 0–1 or all
 * percentages 0–100: a table with values on both sides of 1 is refused, naming rows of each, as is
 * any value that is not a plain decimal number (`0x1`, `85%`, `=1+1`, `1e400`, NaN: each quoted as
 * given). Each bad row is named (the first few); a subnet listed twice is refused. Returns the table
 * or the messages.
 */
export function parseAccuracyTable(space: SearchSpace, text: string): { ok: true; value: AccuracyTable } | { ok: false; errors: string[] } {
  if (text.length > MAX_TABLE_BYTES)
    return {
      ok: false,
      errors: [
        `table: ${text.length.toLocaleString('en-US')} characters; a table may have at most ${MAX_TABLE_BYTES.toLocaleString('en-US')}`,
      ],
    };
  const rows = rowsOf(text.replace(/^\uFEFF/, ''), space.id);
  if (typeof rows === 'string') return { ok: false, errors: [rows] };
  if (rows.length === 0) return { ok: false, errors: ['table: no rows'] };
  if (rows.length > MAX_TABLE_ROWS)
    return {
      ok: false,
      errors: [`table: ${rows.length.toLocaleString('en-US')} rows; a table may have at most ${MAX_TABLE_ROWS.toLocaleString('en-US')}`],
    };
  const errors: string[] = [];
  const values = rows.map((r) => accuracyNumber(r.accuracy));
  const fractions = rows.filter((_, i) => (values[i] ?? 0) > 0 && (values[i] ?? 0) <= 1).map((r) => r.label);
  const percents = rows.filter((_, i) => (values[i] ?? 0) > 1).map((r) => r.label);
  if (fractions.length > 0 && percents.length > 0) {
    return {
      ok: false,
      errors: [
        `table: accuracies on two scales: ${someLabels(fractions)} ≤ 1 (fractions?), ${someLabels(percents)} > 1 (percentages?); give all as fractions 0–1 or all as percentages 0–100`,
      ],
    };
  }
  const percent = percents.length > 0;
  const max = percent ? 100 : 1;
  const seen = new Map<string, string>();
  const entries: AccuracyEntry[] = [];
  rows.forEach((r, i) => {
    const g = validateGenome(space, r.genome);
    if (!g.ok) {
      errors.push(`${r.label}: genome: ${g.errors[0] ?? 'invalid'}`);
      return;
    }
    const a = values[i];
    if (a === null || a === undefined || a < 0 || a > max) {
      errors.push(`${r.label}: accuracy: must be a number 0–1, or 0–100 when given in % (got ${given(r.accuracy)})`);
      return;
    }
    const key = genomeKey(space, g.value);
    const before = seen.get(key);
    if (before) {
      errors.push(`${r.label}: the same subnet as ${before}`);
      return;
    }
    seen.set(key, r.label);
    entries.push({ genome: g.value, accuracy: percent ? a / 100 : a });
  });
  if (errors.length > 0)
    return {
      ok: false,
      errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`] : errors,
    };
  return { ok: true, value: { space: space.id, entries, unit: percent ? 'percent' : 'fraction' } };
}

/**
 * Scores every subnet of a table (accuracy from the table; latency, energy, params from the model) and
 * returns the result in the search's form: one generation, its exact front and hypervolume, plus the
 * points. Budgets, bounds and reference point are the search's.
 */
export function scoreTable(
  config: SearchConfig,
  table: AccuracyTable,
): { generation: SearchGeneration; points: SearchPoint[]; outsideTrim: number } {
  if (config.coSearch) throw new Error('coSearch: a table holds accuracies of subnets only; untick co-search');
  if (presetIdOf(table.space) !== presetIdOf(config.space.id))
    throw new Error(`table: its subnets are of space "${shorten(table.space, 60)}", the search is on "${shorten(config.space.id, 60)}"`);
  // a trimmed space restricts the candidates to the table's rows inside the trim
  const rows = table.entries.filter((e) => validateGenome(config.space, e.genome).ok);
  if (rows.length === 0)
    throw new Error(
      `table: none of its ${table.entries.length.toLocaleString('en-US')} subnets is in the trimmed space "${shorten(config.space.id, 60)}"`,
    );
  const byKey = new Map(rows.map((e) => [genomeKey(config.space, e.genome), e.accuracy]));
  const problem = searchProblem(config, {
    accuracy: (g) => {
      const a = byKey.get(genomeKey(config.space, g));
      if (a === undefined) throw new Error('table: a subnet outside the table was scored');
      return a;
    },
  });
  const points = rows.map((e) => problem.evaluate({ ...e.genome, space: config.space.id }, null));
  const feasible = points.filter((p) => p.feasible);
  const frontIdx = nonDominatedIndices(
    feasible.map((p) => p.values),
    problem.directions,
  );
  const front = frontIdx
    .map((i) => at(feasible, i))
    .sort((a, b) => {
      const d = problem.directions[0] === 'max' ? at(b.values, 0) - at(a.values, 0) : at(a.values, 0) - at(b.values, 0);
      return d || (a.key < b.key ? -1 : 1);
    });
  const hv = hypervolumeOfCosts(
    front.map((p) => normalise(p.values, problem.bounds)),
    problem.ref,
  );
  const bestFeasible: Partial<Record<ObjectiveId, number>> = {};
  problem.objectives.forEach((o, k) => {
    const vs = feasible.map((p) => at(p.values, k));
    if (vs.length > 0) bestFeasible[o] = problem.directions[k] === 'max' ? maxOf(vs) : minOf(vs);
  });
  // no row within the budgets: the same report as the search's (the smallest value of the table, the least-violating row)
  const budgetIds = Object.keys(problem.budgets) as BudgetId[];
  let infeasible = null;
  let least: SearchPoint[] = [];
  if (feasible.length === 0 && budgetIds.length > 0 && points.length > 0) {
    const minima: Partial<Record<BudgetId, number>> = {};
    for (const b of budgetIds) minima[b] = minOf(points.map((p) => p.metrics[b]));
    const leastViolating = points.reduce((best, p) => (p.violation < best.violation ? p : best));
    infeasible = reportInfeasible(
      problem.budgets,
      minima,
      leastViolating,
      `of the table's ${points.length.toLocaleString('en-US')} subnets`,
    );
    least = [leastViolating];
  }
  return {
    points,
    outsideTrim: table.entries.length - rows.length,
    generation: {
      index: 0,
      evaluations: points.length,
      front: infeasible ? least : front,
      hypervolume: hv,
      bestFeasible,
      bounds: problem.bounds,
      ref: problem.ref,
      feasibleInPopulation: feasible.length,
      done: true,
      stopReason: infeasible ? 'infeasible' : 'exhausted',
      infeasible,
    },
  };
}
