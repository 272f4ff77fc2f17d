// Issue 14: `h4h train --checkpoint FILE --resume` validates the whole checkpoint against the space
// before it trains, names the field, and leaves the file it refused as it was. Before, a file
// missing a variable resumed with that variable's fresh weights, silently.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../train/checkpointFile.js';
import { runCliAsync } from './runInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'h4h-ckpt-refusal-'));
const small = [
  'train',
  '--space',
  'mini',
  '--steps',
  '4',
  '--batch',
  '8',
  '--random',
  '0',
  '--eval-images',
  '20',
  '--calibration-images',
  '8',
  '--json',
];

describe('h4h train --resume refuses a damaged checkpoint file', () => {
  it('a variable missing, of another shape or extra: refused with its name, the file untouched', async () => {
    const file = join(dir, 'run.ckpt');
    expect((await runCliAsync(...small, '--checkpoint', file, '--stop-after', '1')).code).toBe(0);
    const c = decodeCheckpoint(new Uint8Array(readFileSync(file)));
    const variants: [string, typeof c, string][] = [
      [
        'missing',
        { ...c, variables: c.variables.filter((v) => v.name !== 's2.b1.mb.dw') },
        `--checkpoint ${join(dir, 'missing.ckpt')}: variable "s2.b1.mb.dw" missing (the mini supernet has`,
      ],
      [
        'shape',
        { ...c, variables: c.variables.map((v) => (v.name === 'head.fc.bias' ? { ...v, shape: [2, 5] } : v)) },
        `--checkpoint ${join(dir, 'shape.ckpt')}: variable "head.fc.bias" has shape [2, 5], the mini supernet's is [10]`,
      ],
      [
        'extra',
        { ...c, variables: [...c.variables, { name: 'stage9.dw', shape: [1], data: Float32Array.of(1) }] },
        `--checkpoint ${join(dir, 'extra.ckpt')}: variable "stage9.dw" is not in the mini supernet`,
      ],
    ];
    for (const [name, bad, message] of variants) {
      const path = join(dir, `${name}.ckpt`);
      const bytes = encodeCheckpoint(bad);
      writeFileSync(path, bytes);
      const r = await runCliAsync(...small, '--checkpoint', path, '--resume');
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(message);
      expect(r.stdout, name).toBe('');
      expect(Buffer.compare(readFileSync(path), bytes), `${name}: the refused file is left as it was`).toBe(0);
    }
  }, 120_000);

  it('a step outside the run, or a history entry outside the steps done, names the field', async () => {
    const file = join(dir, 'h.ckpt');
    expect((await runCliAsync(...small, '--checkpoint', file, '--stop-after', '2')).code).toBe(0);
    const c = decodeCheckpoint(new Uint8Array(readFileSync(file)));
    const path = join(dir, 'h2.ckpt');
    writeFileSync(
      path,
      encodeCheckpoint({ ...c, history: { ...c.history, steps: c.history.steps.map((s, i) => (i === 1 ? { ...s, step: 7 } : s)) } }),
    );
    const r = await runCliAsync(...small, '--checkpoint', path, '--resume');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--checkpoint ${path}: history.steps[1].step: 7 (must be a whole number from 0 to 1)`);
  }, 120_000);
});
