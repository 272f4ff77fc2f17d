/** `h4h paper` without --json: each claim as the paper states it, our numbers beside it, and the conditions. */
import { PAPER_CLAIMS, type PaperDocument } from '../core/index.js';

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
const acc = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : (x * 100).toFixed(2));
const pts = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`);

function claim1(doc: PaperDocument): string[] {
  const h = doc.hybrid;
  const out = [PAPER_CLAIMS.hybrid.title, `  the paper: ${PAPER_CLAIMS.hybrid.statement}`];
  if (!h.testable) return [...out, `  here: not testable. ${h.reason}`];
  out.push(
    `  here: hybrid front ${h.fronts.hybrid.length} subnets (${h.evaluated.hybrid} scored), MBConv-only front ${h.fronts.mbOnly.length} subnets (${h.evaluated.mbOnly} scored)`,
  );
  const m = doc.measured;
  out.push(`  budget ms   hybrid %   MBConv-only %   difference${m ? `   | measured: hybrid %   MBConv-only %   difference` : ''}`);
  h.budgets.forEach((b, i) => {
    const mb = m?.claim.budgets[i];
    out.push(
      `  ${b.latencyMs.toFixed(3).padStart(9)}   ${acc(b.hybrid?.accuracy).padStart(8)}   ${acc(b.mbOnly?.accuracy).padStart(13)}   ${pts(b.differencePoints).padStart(10)}` +
        (mb ? `   | ${acc(mb.hybrid).padStart(18)}   ${acc(mb.mbOnly).padStart(13)}   ${pts(mb.differencePoints).padStart(10)}` : ''),
    );
  });
  out.push(`  ${h.verdict}`);
  if (m)
    out.push(
      `  ${m.claim.verdict} (supernet ${m.supernet}, ${m.images} validation images; ${m.subnets.filter((s) => s.source === 'measured').length} measured now, ${m.subnets.filter((s) => s.source === 'shipped').length} measured when shipped)`,
    );
  return out;
}

function claims23(doc: PaperDocument): string[] {
  const e = doc.execution;
  const s = doc.scaling;
  const lines = [
    PAPER_CLAIMS.execution.title,
    `  the paper: ${PAPER_CLAIMS.execution.statement}`,
    `  here, along the hybrid front (${e.rows.length} subnets): ${e.verdict}`,
    '',
    PAPER_CLAIMS.scaling.title,
    `  the paper: ${PAPER_CLAIMS.scaling.statement}`,
    `  here, front subnet ${s.row + 1} (claim 2's largest latency saving):`,
    '   M   U   npu ms   hetero ms (saving)       parallel ms (saving)',
    ...s.points.map(
      (p) =>
        `  ${String(p.macros).padStart(2)}  ${String(p.units).padStart(2)}  ${p.npu.latencyMs.toFixed(3).padStart(7)}  ${p.hetero.latencyMs.toFixed(3).padStart(9)} (${pct(p.hetero.latencySaving).padStart(8)})  ${p.parallel.latencyMs.toFixed(3).padStart(9)} (${pct(p.parallel.latencySaving).padStart(8)})`,
    ),
    `  ${s.verdict}`,
  ];
  return lines;
}

export function paperText(doc: PaperDocument): string {
  const c = doc.conditions;
  const prov = Object.entries(c.hwProvenance)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return `${[
    `${doc.paper.title} (${doc.paper.id}): its claims re-run`,
    `conditions: space ${c.spaceLabel}; hardware ${c.hwLabel} (parameters: ${prov}); schema ${c.schema}; NSGA-II population ${c.search.population}, ${c.search.generations} generations, seed ${c.search.seed}`,
    `accuracy: ${c.accuracy.from}`,
    '',
    ...claim1(doc),
    '',
    ...claims23(doc),
  ].join('\n')}\n`;
}
