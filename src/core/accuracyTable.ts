/**
 * The `table` accuracy source (SPEC §5.4): measured accuracies imported as CSV or JSON, matched by
 * genome. With a table the candidates are the table's subnets: `scoreTable` scores every one of them
 * (no sampling, so the front is exact and the same for any seed).
 */
import { genomeKey, validateGenome } from './genome.js';
import { hypervolumeOfCosts, nonDominatedIndices, normalise } from './pareto.js';
import type { SearchGeneration } from './search.js';
import { searchProblem, type ObjectiveId, type SearchConfig, type SearchPoint } from './searchProblem.js';
import type { Genome, SearchSpace } from './types.js';

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

/** Raw rows: a genome (object) and an accuracy (anything), each with its row label for messages. */
function rowsOf(text: string): { label: string; genome: unknown; accuracy: unknown }[] | string {
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
      const o = (typeof r === 'object' && r !== null ? r : {}) as { arch?: unknown; genome?: unknown; accuracy?: unknown };
      return { label: `table[${i}]`, genome: o.arch ?? o.genome, accuracy: o.accuracy };
    });
  }
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const gi = header.findIndex((h) => h === 'genome' || h === 'arch');
  const ai = header.indexOf('accuracy');
  if (gi < 0 || ai < 0) return 'table: CSV needs a header with a "genome" (or "arch") column of genome JSON and an "accuracy" column';
  return rows.slice(1).map((r, i) => {
    const raw = r[gi] ?? '';
    let genome: unknown = raw;
    try {
      genome = JSON.parse(raw);
    } catch {
      // left as text: validation names the row
    }
    const acc = (r[ai] ?? '').trim();
    return { label: `table row ${i + 2}`, genome, accuracy: acc === '' ? undefined : Number(acc) };
  });
}

/**
 * Reads a table of measured accuracies for `space`. Accuracies are fractions 0–1, or percentages when
 * any value exceeds 1 (all then read as %). Each bad row is named (the first few); a subnet listed twice
 * is refused. Returns the table or the messages.
 */
export function parseAccuracyTable(space: SearchSpace, text: string): { ok: true; value: AccuracyTable } | { ok: false; errors: string[] } {
  const rows = rowsOf(text);
  if (typeof rows === 'string') return { ok: false, errors: [rows] };
  if (rows.length === 0) return { ok: false, errors: ['table: no rows'] };
  const errors: string[] = [];
  const numbers = rows.map((r) => r.accuracy).filter((a): a is number => typeof a === 'number' && Number.isFinite(a));
  const percent = numbers.some((a) => a > 1);
  const max = percent ? 100 : 1;
  const seen = new Map<string, string>();
  const entries: AccuracyEntry[] = [];
  for (const r of rows) {
    const g = validateGenome(space, r.genome);
    if (!g.ok) {
      errors.push(`${r.label}: genome: ${g.errors[0] ?? 'invalid'}`);
      continue;
    }
    const a = r.accuracy;
    if (typeof a !== 'number' || !Number.isFinite(a) || a < 0 || a > max) {
      errors.push(`${r.label}: accuracy: must be a number 0–1, or 0–100 when given in % (got ${JSON.stringify(a) ?? 'nothing'})`);
      continue;
    }
    const key = genomeKey(space, g.value);
    const before = seen.get(key);
    if (before) {
      errors.push(`${r.label}: the same subnet as ${before}`);
      continue;
    }
    seen.set(key, r.label);
    entries.push({ genome: g.value, accuracy: percent ? a / 100 : a });
  }
  if (errors.length > 0) return { ok: false, errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`] : errors };
  return { ok: true, value: { space: space.id, entries, unit: percent ? 'percent' : 'fraction' } };
}

/**
 * Scores every subnet of a table (accuracy from the table; latency, energy, params from the model) and
 * returns the result in the search's form: one generation, its exact front and hypervolume, plus the
 * points. Budgets, bounds and reference point are the search's.
 */
export function scoreTable(config: SearchConfig, table: AccuracyTable): { generation: SearchGeneration; points: SearchPoint[] } {
  if (config.coSearch) throw new Error('coSearch: a table holds accuracies of subnets only; untick co-search');
  if (table.space !== config.space.id) throw new Error(`table: its subnets are of space "${table.space}", the search is on "${config.space.id}"`);
  const byKey = new Map(table.entries.map((e) => [genomeKey(config.space, e.genome), e.accuracy]));
  const problem = searchProblem(config, {
    accuracy: (g) => {
      const a = byKey.get(genomeKey(config.space, g));
      if (a === undefined) throw new Error('table: a subnet outside the table was scored');
      return a;
    },
  });
  const points = table.entries.map((e) => problem.evaluate(e.genome, null));
  const feasible = points.filter((p) => p.feasible);
  const frontIdx = nonDominatedIndices(feasible.map((p) => p.values), problem.directions);
  const front = frontIdx.map((i) => feasible[i] as SearchPoint).sort((a, b) => {
    const d = problem.directions[0] === 'max' ? (b.values[0] as number) - (a.values[0] as number) : (a.values[0] as number) - (b.values[0] as number);
    return d || (a.key < b.key ? -1 : 1);
  });
  const hv = hypervolumeOfCosts(front.map((p) => normalise(p.values, problem.bounds)), problem.ref);
  const bestFeasible: Partial<Record<ObjectiveId, number>> = {};
  problem.objectives.forEach((o, k) => {
    const vs = feasible.map((p) => p.values[k] as number);
    if (vs.length > 0) bestFeasible[o] = problem.directions[k] === 'max' ? Math.max(...vs) : Math.min(...vs);
  });
  return {
    points,
    generation: {
      index: 0, evaluations: points.length, front, hypervolume: hv, bestFeasible, bounds: problem.bounds, ref: problem.ref,
      feasibleInPopulation: feasible.length, done: true, stopReason: 'exhausted', infeasible: null,
    },
  };
}
