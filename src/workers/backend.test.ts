import { describe, expect, it } from 'vitest';
import { describeProbe, limitAfterCpu, pickFastest, selectBackend, type GpuLike, type Prober, type TfLike } from './backend';
import type { BackendName, ProbeResult } from './protocol';

const software = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
const result = (backend: BackendName, ms: number | null, error: string | null = null, fallback = false, stopped = false): ProbeResult => ({
  backend,
  ms,
  warmupMs: ms === null || stopped ? null : ms * 3,
  stopped,
  adapter: fallback ? software : null,
  error,
});

describe('auto backend: the fastest measured probe', () => {
  it('takes the argmin, a software adapter included only when it is the fastest', () => {
    // the README's case: WebGPU on SwiftShader is slow, WebGL and the CPU close
    expect(pickFastest([result('webgpu', 190, null, true), result('webgl', 61, null, true), result('cpu', 44)])).toBe('cpu');
    expect(pickFastest([result('webgpu', 190, null, true), result('webgl', 41, null, true), result('cpu', 44)])).toBe('webgl');
    expect(pickFastest([result('webgpu', 3.2), result('webgl', 9), result('cpu', 44)])).toBe('webgpu');
  });

  it('leaves out backends without a time, breaks ties in WebGPU → WebGL → CPU order, and gives null when nothing was measured', () => {
    expect(pickFastest([result('webgpu', null, 'no adapter'), result('webgl', null, 'did not initialise'), result('cpu', 300)])).toBe(
      'cpu',
    );
    // a probe stopped at the limit loses to a finished one, even a slow one; among stopped ones, order decides
    expect(pickFastest([result('webgpu', 2000, 'probe over 2.0 s', true, true), result('cpu', 2000)])).toBe('cpu');
    expect(
      pickFastest([result('webgl', 2000, 'probe over 2.0 s', true, true), result('webgpu', 2000, 'probe over 2.0 s', true, true)]),
    ).toBe('webgpu');
    expect(pickFastest([result('cpu', 50), result('webgl', 50), result('webgpu', 50)])).toBe('webgpu');
    expect(pickFastest([result('webgpu', null, 'no adapter'), result('cpu', null, 'probe failed (x)')])).toBeNull();
    expect(pickFastest([])).toBeNull();
  });

  it('gives a backend probed after the CPU 4× the CPU run, between 500 ms and the limit', () => {
    expect(limitAfterCpu(result('cpu', 300), 2000)).toBe(1200);
    expect(limitAfterCpu(result('cpu', 40), 2000)).toBe(500);
    expect(limitAfterCpu(result('cpu', 900), 2000)).toBe(2000);
    expect(limitAfterCpu(result('cpu', null, 'probe failed (x)'), 2000)).toBe(2000);
    expect(limitAfterCpu(undefined, 2000)).toBe(2000);
  });

  it('says why in words', () => {
    const probe = [result('webgpu', 190.4, null, true), result('webgl', 61.2, null, true), result('cpu', 4.44)];
    expect(describeProbe('cpu', probe)).toBe(
      'auto → CPU: 4.4 ms a probe step, against WebGPU 190 ms (software adapter), WebGL 61 ms (software adapter)',
    );
    expect(describeProbe('webgl', [result('webgpu', null, 'no adapter'), result('webgl', 20, null, true), result('cpu', 30)])).toBe(
      'auto → WebGL: 20 ms a probe step (software adapter), against WebGPU no adapter, CPU 30 ms',
    );
    expect(
      describeProbe('cpu', [
        result('webgpu', 2000, 'probe over 2.0 s', true, true),
        result('webgl', 2000, 'probe over 2.0 s', false, true),
        result('cpu', 240),
      ]),
    ).toBe(
      'auto → CPU: 240 ms a probe step, against WebGPU over 2000 ms (probe stopped, software adapter), WebGL over 2000 ms (probe stopped)',
    );
    expect(describeProbe('cpu', [result('webgpu', null, 'no adapter'), result('cpu', null, 'probe failed (x)')])).toBe(
      'auto → CPU: the first backend that works (none could be measured: WebGPU no adapter)',
    );
  });
});

/** A TF.js stand-in: the listed backends initialise; `times` is what the probe measures on each. */
function fakeTf(times: Partial<Record<BackendName, number | 'fail' | 'hang'>>): { tf: TfLike; prober: Prober; log: string[] } {
  let current = '';
  const log: string[] = [];
  const tf: TfLike = {
    async setBackend(name) {
      log.push(`set ${name}`);
      if (!(name in times)) return false;
      current = name;
      return true;
    },
    getBackend: () => current,
    backend: () => null,
  };
  let wake: (() => void) | null = null;
  const prober: Prober = {
    limitMs: 2000,
    // the limit's timer fires at once after a hanging probe started
    sleep: () => new Promise((resolve) => (wake = () => resolve())),
    async probe() {
      const t = times[current as BackendName];
      log.push(`probe ${current}`);
      if (t === undefined) throw new Error(`no time listed for ${String(current)}`);
      if (t === 'fail') throw new Error('out of memory');
      if (t === 'hang') {
        wake?.();
        return new Promise(() => undefined);
      }
      return { ms: t, warmupMs: 3 * t };
    },
  };
  return { tf, prober, log };
}

const swiftShader: GpuLike = { requestAdapter: async () => ({ info: software }) };

describe('selectBackend with a probe', () => {
  it('probes every backend (the CPU first), reports each in WebGPU → WebGL → CPU order and ends on the argmin', async () => {
    const { tf, prober, log } = fakeTf({ webgpu: 190, webgl: 61, cpu: 44 });
    const info = await selectBackend(tf, swiftShader, 'auto', prober);
    expect(info.backend).toBe('cpu');
    expect(info.probe?.map((r) => [r.backend, r.ms])).toEqual([
      ['webgpu', 190],
      ['webgl', 61],
      ['cpu', 44],
    ]);
    expect(info.probe?.[0]?.adapter?.isFallbackAdapter).toBe(true);
    expect(log).toEqual(['set cpu', 'probe cpu', 'set webgl', 'probe webgl', 'set webgpu', 'probe webgpu', 'set cpu']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a failing, hanging or absent backend has no time and the reason; the chosen one is the fastest of the rest', async () => {
    const { tf, prober } = fakeTf({ webgpu: 'hang', webgl: 'fail', cpu: 80 });
    const info = await selectBackend(tf, swiftShader, 'auto', prober);
    expect(info.backend).toBe('cpu');
    expect(info.probe?.map((r) => [r.backend, r.ms, r.stopped, r.error])).toEqual([
      ['webgpu', 500, true, 'probe over 0.5 s'],
      ['webgl', null, false, 'probe failed (out of memory)'],
      ['cpu', 80, false, null],
    ]);
    const noGpu = fakeTf({ webgl: 12, cpu: 80 });
    const info2 = await selectBackend(noGpu.tf, undefined, 'auto', noGpu.prober);
    expect(info2.backend).toBe('webgl');
    expect(info2.probe?.[0]).toEqual({ backend: 'webgpu', ms: null, warmupMs: null, stopped: false, adapter: null, error: 'no adapter' });
  });

  it('a named backend is not probed', async () => {
    const { tf, prober, log } = fakeTf({ webgpu: 190, webgl: 61, cpu: 44 });
    const info = await selectBackend(tf, swiftShader, 'webgpu', prober);
    expect(info).toEqual({ backend: 'webgpu', adapter: software });
    expect(log).toEqual(['set webgpu']);
  });
});
