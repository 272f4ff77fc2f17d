/**
 * The paper experiment as one CSV in long form (`claim,item,quantity,ours,paper,unit`): a row per
 * number the view shows, with the paper's figure beside ours where it states one. Long form so a
 * spreadsheet or pandas pivots it as it likes; accuracies and savings are fractions.
 */
import { pushAll } from '../numbers.js';
import { PAPER_CLAIMS } from './paperClaims.js';
import type { PaperDocument, SchemaFigures } from './paperTypes.js';

type Row = readonly [claim: string, item: string, quantity: string, ours: number | string | null, paper: number | null, unit: string];

const cell = (v: number | string | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function claim1Rows(doc: PaperDocument): Row[] {
  const h = doc.hybrid;
  if (!h.testable) return [['1', 'claim', 'not_testable', h.reason, null, '']];
  const rows: Row[] = [];
  h.budgets.forEach((b, i) => {
    const item = `budget ${i + 1}`;
    const m = doc.measured?.claim.budgets[i];
    rows.push(
      ['1', item, 'latency_budget', b.latencyMs, null, 'ms'],
      ['1', item, 'hybrid_accuracy', b.hybrid?.accuracy ?? null, null, 'fraction'],
      ['1', item, 'hybrid_subnet', b.hybrid?.key ?? null, null, ''],
      ['1', item, 'mbconv_only_accuracy', b.mbOnly?.accuracy ?? null, null, 'fraction'],
      ['1', item, 'mbconv_only_subnet', b.mbOnly?.key ?? null, null, ''],
      ['1', item, 'difference', b.differencePoints, null, 'points'],
    );
    if (m)
      rows.push(
        ['1', item, 'hybrid_accuracy_measured', m.hybrid, null, 'fraction'],
        ['1', item, 'mbconv_only_accuracy_measured', m.mbOnly, null, 'fraction'],
        ['1', item, 'difference_measured', m.differencePoints, null, 'points'],
      );
  });
  rows.push(['1', 'largest', 'difference', h.largest?.differencePoints ?? null, PAPER_CLAIMS.hybrid.upToPoints, 'points']);
  if (doc.measured)
    rows.push([
      '1',
      'largest',
      'difference_measured',
      doc.measured.claim.largest?.differencePoints ?? null,
      PAPER_CLAIMS.hybrid.upToPoints,
      'points',
    ]);
  for (const [series, front] of [['hybrid', h.fronts.hybrid] as const, ['mbconv_only', h.fronts.mbOnly] as const])
    front.forEach((p, i) =>
      rows.push(
        ['1', `${series} front ${i + 1}`, 'accuracy', p.accuracy, null, 'fraction'],
        ['1', `${series} front ${i + 1}`, 'latency', p.latencyMs, null, 'ms'],
        ['1', `${series} front ${i + 1}`, 'subnet', p.key, null, ''],
      ),
    );
  return rows;
}

const schemaRows = (
  claim: string,
  item: string,
  schema: string,
  f: SchemaFigures,
  paper: { latency: number | null; energy: number | null },
): Row[] => [
  [claim, item, `${schema}_latency`, f.latencyMs, null, 'ms'],
  [claim, item, `${schema}_energy`, f.energyUj, null, 'µJ'],
  [claim, item, `${schema}_latency_saving`, f.latencySaving, paper.latency, 'fraction'],
  [claim, item, `${schema}_energy_saving`, f.energySaving, paper.energy, 'fraction'],
];

function claim23Rows(doc: PaperDocument): Row[] {
  const rows: Row[] = [];
  const none = { latency: null, energy: null };
  doc.execution.rows.forEach((r, i) => {
    const item = `front ${i + 1}`;
    rows.push(
      ['2', item, 'subnet', r.point.key, null, ''],
      ['2', item, 'npu_latency', r.npu.latencyMs, null, 'ms'],
      ['2', item, 'npu_energy', r.npu.energyUj, null, 'µJ'],
    );
    pushAll(rows, [...schemaRows('2', item, 'hetero', r.hetero, none), ...schemaRows('2', item, 'parallel', r.parallel, none)]);
  });
  const { latency, energy } = doc.execution.largest;
  rows.push(
    ['2', 'largest', 'latency_saving', latency.saving, PAPER_CLAIMS.execution.latency, 'fraction'],
    ['2', 'largest', 'latency_saving_schema', latency.schema, null, ''],
    ['2', 'largest', 'latency_saving_front_subnet', latency.row + 1, null, ''],
    ['2', 'largest', 'energy_saving', energy.saving, PAPER_CLAIMS.execution.energy, 'fraction'],
    ['2', 'largest', 'energy_saving_schema', energy.schema, null, ''],
    ['2', 'largest', 'energy_saving_front_subnet', energy.row + 1, null, ''],
  );
  for (const p of doc.scaling.points) {
    const item = `M=${p.macros} U=${p.units}`;
    rows.push(['3', item, 'npu_latency', p.npu.latencyMs, null, 'ms']);
    pushAll(rows, [...schemaRows('3', item, 'hetero', p.hetero, none), ...schemaRows('3', item, 'parallel', p.parallel, none)]);
  }
  return rows;
}

/** The document as CSV text (a header line, then one row per number; CRLF-free). */
export function paperCsv(doc: PaperDocument): string {
  const c = doc.conditions;
  const head: Row[] = [
    ['-', 'conditions', 'space', c.space, null, ''],
    ['-', 'conditions', 'dataset', c.dataset, null, ''],
    ['-', 'conditions', 'hardware', c.hwLabel, null, ''],
    ['-', 'conditions', 'schema', c.schema, null, ''],
    ['-', 'conditions', 'accuracy', c.accuracy.from, null, ''],
    [
      '-',
      'conditions',
      'search',
      `population ${c.search.population}, ${c.search.generations} generations, seed ${c.search.seed}`,
      null,
      '',
    ],
  ];
  const lines = [...head, ...claim1Rows(doc), ...claim23Rows(doc)].map((r) => r.map(cell).join(','));
  return `claim,item,quantity,ours,paper,unit\n${lines.join('\n')}\n`;
}
