// Issue 14: `h4h train` right after `npm ci` (no public/data yet) failed with "manifest.json is
// missing: run `npm run data`"; it prepares the datasets itself, saying so on stderr. Tested on a
// temporary data root (public/data stays as it is).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MINI } from '../core/index.js';
import { loadEmbeddedDataset } from './datasets.js';
import { runTrain } from './train.js';

const root = mkdtempSync(join(tmpdir(), 'h4h-data-root-'));
beforeAll(() => void execFileSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-data.ts'])); // public/data, to compare with
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the CLI prepares the embedded datasets when they are missing', () => {
  it('train on an empty data root: one line on stderr, the datasets prepared as `npm run data` does, the run trains', async () => {
    expect(existsSync(join(root, 'fashion-mnist', 'manifest.json'))).toBe(false);
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
    let stdout = '';
    try {
      const doc = await runTrain(
        {
          space: MINI,
          overrides: { steps: 1, batch: 4, randomSubnets: 0, evalImages: 8, calibrationImages: 8 },
          cifar: undefined,
          json: true,
          predictor: 0,
          dataRoot: root,
        },
        (s) => void (stdout += s),
      );
      expect(doc.steps).toBe(1);
      expect(doc.loss.every(Number.isFinite)).toBe(true);
    } finally {
      spy.mockRestore();
    }
    expect(stderr.trim().split('\n')).toEqual([
      `h4h: the embedded datasets are not prepared yet; preparing them under ${root} (what \`npm run data\` does, a few seconds)`,
    ]);
    expect(JSON.parse(stdout).dataset).toBe('fashion-mnist'); // stdout keeps to the JSON document
    // the same files as `npm run data` writes (its manifest names the script's version and hash)
    for (const name of ['fashion-mnist', 'mnist']) {
      const ours = JSON.parse(readFileSync(join(root, name, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      const theirs = JSON.parse(readFileSync(join('public/data', name, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      expect(ours).toEqual(theirs);
    }
    // prepared once: the next load reads them and says nothing
    const note = vi.fn();
    const ds = await loadEmbeddedDataset('mnist', root, note);
    expect(note).not.toHaveBeenCalled();
    expect([ds.train.count, ds.val.count, ds.test.count]).toEqual([8006, 997, 997]);
  }, 120_000);
});
