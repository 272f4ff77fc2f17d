/**
 * `h4h export --kind pytorch` (issue 18), run for real where the machine has PyTorch (Debian's
 * python3-torch; `.ci/run` installs it, so CI always runs these): the module's conv and linear
 * weights equal `h4h estimate`'s params on random subnets of both spaces (MBConv and transformer
 * blocks, NASViT's SE, shortcuts and talking heads), a random batch gives one logit per class, and
 * the training script runs a few steps on one process and on two under torchrun.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, getSpace, largestGenome, pythonArch, sampleGenome, smallestGenome, type PythonArch } from '../core/index.js';
import { runCli } from './runInProcess.js';

/** Debian's interpreter (python3-torch installs there), unless H4H_PYTHON names another. */
const PYTHON = process.env.H4H_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
// CI installs python3-torch: there a missing PyTorch is a failure, not a skip
if (!hasTorch && process.env.CI) throw new Error(`${PYTHON} cannot import torch: .ci/run installs python3-torch`);

const dir = mkdtempSync(join(tmpdir(), 'h4h-export-'));

/** A TCP port free on the loopback now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
const py = (cwd: string, args: string[], timeout = 300_000) => spawnSync(PYTHON, args, { cwd, encoding: 'utf8', timeout });

describe('h4h export --kind pytorch', () => {
  it('writes the module, the training script and the description, with estimate’s params as the weight count', () => {
    const space = getSpace('mini');
    const arch = JSON.stringify(largestGenome(space));
    const out = join(dir, 'mini');
    const r = runCli('export', '--kind', 'pytorch', '--space', 'mini', '--arch', arch, '--out', out, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { arch_id: string; weights: number; files: string[] };
    const est = JSON.parse(runCli('estimate', '--space', 'mini', '--arch', arch, '--json').stdout) as { params: number; macs: number };
    expect(doc.weights).toBe(est.params);
    expect(doc.files.map((f) => f.slice(out.length + 1))).toEqual(['h4h_model.py', 'train.py', 'arch.json']);
    const desc = JSON.parse(readFileSync(join(out, 'arch.json'), 'utf8')) as PythonArch;
    expect(desc.expected).toEqual({ weights: est.params, macs: est.macs });
    expect(desc.h4h.arch_id).toBe(doc.arch_id);
    expect(readFileSync(join(out, 'h4h_model.py'), 'utf8')).toContain(JSON.stringify(desc));
  });

  it('bad flags are named', () => {
    for (const [args, message] of [
      [['--kind', 'onnx', '--out', dir], /--kind/],
      [['--kind', 'pytorch', '--space', 'mini', '--arch', '{}'], /--out/],
      [['--kind', 'pytorch', '--space', 'mini', '--arch', '{"r": 3}', '--out', join(dir, 'x')], /--arch/],
    ] as const) {
      const r = runCli('export', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it.skipIf(!hasTorch)('PyTorch: the weights equal H4H’s on random subnets of both spaces; a batch gives one logit per class', () => {
    const out = join(dir, 'many');
    runCli('export', '--kind', 'pytorch', '--space', 'mini', '--arch', JSON.stringify(smallestGenome(getSpace('mini'))), '--out', out);
    const archs: PythonArch[] = [];
    for (const id of ['mini', 'nasvit']) {
      const s = getSpace(id);
      const rng = createRng(17);
      archs.push(pythonArch(s, smallestGenome(s), 't'), pythonArch(s, largestGenome(s), 't'));
      for (let i = 0; i < (id === 'mini' ? 40 : 12); i++) archs.push(pythonArch(s, sampleGenome(s, rng), 't'));
    }
    writeFileSync(join(out, 'archs.json'), JSON.stringify(archs));
    writeFileSync(
      join(out, 'many.py'),
      [
        'import json',
        'from h4h_model import build_model, h4h_weights, check',
        'archs = json.load(open("archs.json"))',
        'print(json.dumps({"weights": [h4h_weights(build_model(a)) for a in archs],',
        '                  "shapes": [check(a, 2)["output_shape"] for a in archs[:4] + archs[42:44]]}))',
      ].join('\n'),
    );
    const r = py(out, ['many.py']);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { weights: number[]; shapes: number[][] };
    expect(got.weights).toEqual(archs.map((a) => a.expected.weights));
    expect(got.shapes).toEqual([
      [2, 10],
      [2, 10],
      [2, 10],
      [2, 10],
      [2, 1000],
      [2, 1000],
    ]);
    // the module checks itself: its own subnet, exit 0
    const self = py(out, ['h4h_model.py']);
    expect(self.status, self.stderr).toBe(0);
    expect(JSON.parse(self.stdout)).toMatchObject({ output_shape: [2, 10], weights: archs[0]?.expected.weights });
  });

  it.skipIf(!hasTorch)(
    'train.py: a few steps on one process and on two under torchrun, ending in a row of the accuracy table',
    async () => {
      const out = join(dir, 'mini');
      const row = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
      const args = ['train.py', '--data', 'synthetic', '--epochs', '1', '--max-steps', '2', '--batch-size', '8'];
      const one = py(out, [...args, '--checkpoint', join(dir, 'one.pt')]);
      expect(one.status, one.stderr).toBe(0);
      const arch = JSON.parse(readFileSync(join(out, 'arch.json'), 'utf8')) as PythonArch;
      expect(row(one.stdout)).toMatchObject({ arch_id: arch.h4h.arch_id, dataset: 'synthetic', epochs: 1, source: 'torchrun' });
      // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default --redirects/--tee of 0 (its
      // Std flag has no member 0 there); 2 sends each worker's stderr to a log and the console. The
      // rendezvous is a free port on the loopback (1.13's --standalone takes the fixed port 29400), and
      // Gloo talks over the loopback whatever the host name resolves to.
      const port = await freePort();
      const two = spawnSync(
        PYTHON,
        [
          '-m',
          'torch.distributed.run',
          '--nnodes',
          '1',
          '--nproc_per_node',
          '2',
          '--master_addr',
          '127.0.0.1',
          '--master_port',
          String(port),
          '--redirects',
          '2',
          '--tee',
          '2',
          ...args,
          '--checkpoint',
          join(dir, 'two.pt'),
        ],
        { cwd: out, encoding: 'utf8', timeout: 300_000, env: { ...process.env, GLOO_SOCKET_IFNAME: 'lo' } },
      );
      expect(two.status, two.stderr).toBe(0);
      expect(two.stdout).toContain('2 process(es) on cpu');
      const accuracy = row(two.stdout).accuracy as number;
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
    },
  );
});
