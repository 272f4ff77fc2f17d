import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { estimateLayers, expandModel } from '../core';
import { importTflite } from '../import/tflite';
import { readModelFile } from '../workers/modelRead';
import { selectBaselineEstimate } from './baseline';
import { closeModel, decodeModelTag, MODEL_TAG, openModelFile, safeFileName } from './model';
import { selectEstimate } from './selectors';
import { appStore, applyPreset, currentSystem, pinBaseline, resetInputs, selectLayer, setHwParam } from './store';
import { fromHash, toHash } from './url';
import { applyHash, currentUrlState } from './urlSync';
import { URL_DEFAULTS as DEFAULTS } from './fixtures/urlDefaults';

const FILE = 'src/import/fixtures/kws_micronet_m.tflite';
const bytes = (): Uint8Array => new Uint8Array(readFileSync(FILE));
const SHA = createHash('sha256').update(readFileSync(FILE)).digest('hex');

beforeEach(resetInputs);

describe('your model (state)', () => {
  it('an opened .tflite replaces the subnet in the estimate, exactly as the importer and estimator give it; the link names the file', async () => {
    const r = await openModelFile({ name: 'kws_micronet_m.tflite', bytes: bytes() }, readModelFile);
    expect(r.ok).toBe(true);
    const state = appStore.getState();
    expect(state.model?.sha256).toBe(SHA);
    expect(state.model?.format).toBe('tflite');
    const network = importTflite(bytes(), 'kws_micronet_m');
    const expected = estimateLayers(network.layers, currentSystem().params);
    const est = selectEstimate(state);
    expect(est.layers.map((l) => l.name)).toEqual(network.layers.map((l) => l.name));
    expect(est.macs).toBe(expected.macs);
    expect(est.schemas.hetero.latencyMs).toBe(expected.schemas.hetero.latencyMs);
    // the link: format, the first 8 hex digits of SHA-256, the file's name
    const hash = toHash(currentUrlState());
    expect(hash).toContain(`model=tflite.${SHA.slice(0, 8)}.kws_micronet_m.tflite`);
    expect(fromHash(hash, DEFAULTS).state.model).toBe(`tflite.${SHA.slice(0, 8)}.kws_micronet_m.tflite`);
    // pinned as a baseline, the model is what the baseline estimates
    pinBaseline();
    expect(selectBaselineEstimate(appStore.getState())?.macs).toBe(expected.macs);
    // a preset subnet closes the model
    applyPreset('largest');
    expect(appStore.getState().model).toBeNull();
    expect(toHash(currentUrlState())).not.toContain('model=');
  });

  it('a description expands on the hardware’s byte widths; a file that does not read changes nothing and names itself', async () => {
    const description = {
      name: 'tiny',
      input: [32, 32, 3],
      layers: [{ op: 'conv', k: 3, s: 2, c: 16 }, { op: 'pool' }, { op: 'fc', c: 10 }],
    };
    const r = await openModelFile({ name: 'tiny.json', bytes: new TextEncoder().encode(JSON.stringify(description)) }, readModelFile);
    expect(r.ok && r.model.format).toBe('json');
    expect(setHwParam('bytesPerWeight', 2)).toEqual([]);
    const hw = currentSystem().params;
    const expected = expandModel(description as never, { weight: 2, act: hw.bytesPerAct });
    expect(selectEstimate(appStore.getState()).layers).toEqual(expected);
    const before = appStore.getState().model;
    const bad = await openModelFile({ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }, readModelFile);
    expect(bad).toEqual({ ok: false, error: '"notes.txt" is neither a model description (JSON) nor a .tflite or .onnx file' });
    const damaged = await openModelFile({ name: 'cut.tflite', bytes: bytes().subarray(0, 4000) }, readModelFile);
    expect(damaged.ok).toBe(false);
    expect(!damaged.ok && damaged.error).toMatch(/^tflite: /);
    const invalid = await openModelFile(
      { name: 'bad.json', bytes: new TextEncoder().encode('{"name":"x","input":[8,8,1],"layers":[{"op":"conv","k":3,"c":0}]}') },
      readModelFile,
    );
    expect(!invalid.ok && invalid.error).toMatch(/^"bad\.json": layers\[0\]\.c/);
    expect(appStore.getState().model).toBe(before);
    closeModel();
    expect(appStore.getState().model).toBeNull();
  });

  it('a link naming a file the page does not hold asks for it; opening that file keeps the link’s layer; another file is told apart', async () => {
    const tag = `tflite.${SHA.slice(0, 8)}.kws_micronet_m.tflite`;
    const errors = applyHash(`#v=2&space=mini&hw=u55-mram&model=${tag}&layer=3&end`, DEFAULTS);
    expect(errors).toEqual([]);
    expect(appStore.getState().model).toBeNull();
    expect(appStore.getState().linkedModel).toEqual({ format: 'tflite', sha8: SHA.slice(0, 8), file: 'kws_micronet_m.tflite' });
    // the page's own link still names the file while it waits for it
    expect(toHash(currentUrlState())).toContain(`model=${tag}`);
    await openModelFile({ name: 'kws_micronet_m.tflite', bytes: bytes() }, readModelFile);
    expect(appStore.getState().selectedLayer).toBe(3);
    // the same name with other bytes is another file: the layer is not carried over
    applyHash(`#v=2&space=mini&hw=u55-mram&model=tflite.00000000.kws_micronet_m.tflite&layer=3&end`, DEFAULTS);
    expect(appStore.getState().model).toBeNull();
    await openModelFile({ name: 'kws_micronet_m.tflite', bytes: bytes() }, readModelFile);
    expect(appStore.getState().selectedLayer).toBeNull();
    selectLayer(2);
    expect(toHash(currentUrlState())).toContain('layer=2');
  });

  it('a bad model field is named and ignored; tags are bounded to safe characters', () => {
    const { state, errors } = fromHash('#v=2&space=mini&model=exe.12345678.x&end', DEFAULTS);
    expect(state.model).toBeUndefined();
    expect(errors).toEqual(['model: "exe.12345678.x" is not a model file of the form <tflite|onnx|json>.<8 hex digits>.<file name>']);
    expect(safeFileName('my net (v2)&x=1.onnx')).toBe('my_net__v2__x_1.onnx');
    expect(MODEL_TAG.test(`onnx.abcdef01.${safeFileName('é'.repeat(100))}`)).toBe(true);
    expect(decodeModelTag('json.abcdef01.a.json')).toEqual({ format: 'json', sha8: 'abcdef01', file: 'a.json' });
  });
});
