/** Number and label formatting for display only; tests read the full-precision `data-value` instead. */
import type { Genome } from '../core';
import type { BackendInfo, BackendName } from '../workers/protocol';

const sig4 = new Intl.NumberFormat('en-US', { minimumSignificantDigits: 4, maximumSignificantDigits: 4 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const plain = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 });

/** 4 significant digits, thousands separated: 0.1234, 12.34, 1,234, 12,340. */
export const fmt4 = (x: number): string => (x === 0 ? '0' : Number.isFinite(x) ? sig4.format(x) : String(x));
/** An exact integer count, thousands separated. */
export const fmtInt = (x: number): string => integer.format(x);
/** A parameter value as written: 256, 0.45, 1,024. */
export const fmtNum = (x: number): string => plain.format(x);
/** A short count: 12.35M, 1.2K. */
export const fmtCompact = (x: number): string => compact.format(x);
export const fmtKiB = (bytes: number): string => fmt4(bytes / 1024);

/** Relative saving of `value` against `baseline`, in %, signed: "+12.3 %" means smaller than baseline. */
export function fmtSaving(value: number, baseline: number): string {
  if (baseline === 0) return '—';
  const pct = (1 - value / baseline) * 100;
  const rounded = Math.abs(pct) < 0.05 ? 0 : pct;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(1)} %`;
}

const BACKEND_LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/** "WebGPU · SwiftShader (software adapter)", "WebGL · ANGLE (…)", "CPU". */
export function backendLabel(info: BackendInfo): string {
  const name = BACKEND_LABEL[info.backend];
  const a = info.adapter;
  if (!a) return name;
  const text = [a.vendor, a.architecture, a.description].join(' ');
  const adapter = /swiftshader/i.test(text)
    ? 'SwiftShader'
    : a.description || [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  return `${name} · ${adapter}${a.isFallbackAdapter ? ' (software adapter)' : ''}`;
}

/** Genome JSON with one stage per line: short enough to read and edit in a textarea. */
export function formatGenome(genome: Genome): string {
  const inline = (value: unknown): string => JSON.stringify(value).replace(/,/g, ', ');
  const { stages, ...top } = genome;
  const head = Object.entries(top).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const body = stages.map((stage, i) => {
    const fields = Object.entries(stage).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return `    { ${fields.join(', ')} }${i < stages.length - 1 ? ',' : ''}`;
  });
  return ['{', ...head, '  "stages": [', ...body, '  ]', '}'].join('\n');
}

/**
 * One line for a subnet (tooltips, tables): resolution and stem (and a head width other than the default), then per stage width × depth, kernel,
 * expansion, and a letter per block (M MBConv, V ViT), e.g. "r28 stem16 · 16×2 k5 e2 MM · 32×3 k3 e4 MMV".
 */
export function genomeSummary(genome: Genome): string {
  const stages = genome.stages.map(
    (s) => `${s.c}×${s.d} k${s.k} e${s.e}${s.t.includes('vit') ? ` m${s.m}` : ''} ${s.t.map((t) => (t === 'vit' ? 'V' : 'M')).join('')}`,
  );
  return [`r${genome.r} stem${genome.stem}${genome.head !== undefined ? ` head${genome.head}` : ''}`, ...stages].join(' · ');
}
