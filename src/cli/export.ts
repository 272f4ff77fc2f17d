/**
 * `h4h export --kind pytorch` (issue 18): a subnet as a standalone PyTorch module (`h4h_model.py`,
 * whose conv and linear weights are the `params` of `h4h estimate`), a `torchrun` training script
 * (`train.py`) and the subnet's description (`arch.json`), written into `--out`.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTORCH_TEMPLATES, pytorchFiles } from '../core/index.js';
import { archArg, enumArg, spaceArg, UsageError } from './args.js';
import { str, type Values } from './options.js';

/** The version written into the files (package.json's, read once). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function cmdExport(v: Values, write: (s: string) => void): void {
  const kind = enumArg('--kind', str(v, 'kind'), ['pytorch'] as const, 'pytorch');
  const out = str(v, 'out');
  if (out === undefined) throw new UsageError('--out: give the folder to write the files into (created if missing)');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out: "${out.slice(0, 80)}" exists and is not a folder`);
  const space = spaceArg(str(v, 'space'));
  const genome = archArg(space, str(v, 'arch'));
  const template = (file: string): string => readFileSync(new URL(`../../public/${file}`, import.meta.url), 'utf8');
  const files = pytorchFiles(space, genome, version(), {
    model: template(PYTORCH_TEMPLATES.model),
    train: template(PYTORCH_TEMPLATES.train),
  });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  const arch = JSON.parse(files['arch.json']) as { h4h: { arch_id: string }; expected: { weights: number; macs: number } };
  const doc = {
    kind,
    space: space.id,
    arch_id: arch.h4h.arch_id,
    weights: arch.expected.weights,
    macs: arch.expected.macs,
    files: Object.keys(files).map((f) => join(out, f)),
  };
  write(
    v.json === true
      ? `${JSON.stringify(doc)}\n`
      : `wrote ${doc.files.join(', ')}\nsubnet ${doc.arch_id}: ${doc.weights.toLocaleString('en-US')} weights, ${doc.macs.toLocaleString('en-US')} MACs\n` +
          `check: cd ${out} && python3 h4h_model.py\ntrain: cd ${out} && torchrun --standalone --nproc_per_node=gpu train.py --data /path/to/data\n`,
  );
}
