/**
 * "Your model": drop (or pick) a .tflite, .onnx or JSON model description and the page estimates it
 * in place of the space's subnet. The file is read in a worker on this computer, never uploaded; a
 * link names it (format, SHA-256, name) but cannot carry it, so a link's receiver is told which file
 * to open, and whether the one they opened is it.
 */
import { useState, type DragEvent } from 'react';
import { MODEL_FILE_LIMITS } from '../import/limits';
import { openModelFile, type ModelTag } from '../state/model';
import { useApp } from '../state/store';
import { ModelFacts } from './ModelFacts';
import { FORMAT_LABEL, kib } from './modelText';
const ACCEPT = '.tflite,.onnx,.json,application/json';

export function ModelPanel() {
  const model = useApp((s) => s.model);
  const linked = useApp((s) => s.linkedModel);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const open = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError(null);
    if (file.size > MODEL_FILE_LIMITS.network) {
      setError(
        `"${file.name.slice(0, 60)}": ${file.size.toLocaleString('en-US')} bytes; a model file may have at most ${kib(MODEL_FILE_LIMITS.network)}`,
      );
      return;
    }
    setBusy(file.name);
    try {
      // the worker's client (and comlink) load with the first file, outside the page's initial JavaScript
      const { readModelFile } = await import('../workers/modelClient');
      const r = await openModelFile({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, readModelFile);
      if (!r.ok) setError(r.error);
    } catch (e) {
      setError(`"${file.name.slice(0, 60)}": ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    void open(e.dataTransfer.files[0]);
  };

  return (
    <section className="panel model-panel" aria-labelledby="model-title" data-testid="model-panel">
      <h2 id="model-title">Your model</h2>
      {linked && !model ? <LinkedNotice tag={linked} /> : null}
      <label
        className={`model-drop${over ? ' model-drop-over' : ''}`}
        data-testid="model-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <span>
          Drop a <b>.tflite</b>, <b>.onnx</b> or model-description <b>.json</b> here, or <u>choose a file</u>, to estimate your own network
          on this hardware. It is read on this computer, never uploaded; at most {kib(MODEL_FILE_LIMITS.network)}.
        </span>
        <input
          type="file"
          className="visually-hidden"
          data-testid="model-file"
          accept={ACCEPT}
          disabled={busy !== null}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = ''; // the same file again is a new choice
            void open(f);
          }}
        />
      </label>
      <p aria-live="polite" className="model-status">
        {busy ? `Reading ${busy.slice(0, 60)}…` : null}
      </p>
      {error ? (
        <div className="errors" role="alert" data-testid="model-error">
          {error}. The page still shows {model ? 'the model opened before' : "the space's subnet"}.
        </div>
      ) : null}
      {model ? <ModelFacts model={model} linked={linked} /> : null}
    </section>
  );
}

function LinkedNotice({ tag }: { readonly tag: ModelTag }) {
  return (
    <p className="model-linked" role="status" data-testid="model-linked">
      The link you opened was made with the model file <b>{tag.file}</b> ({FORMAT_LABEL[tag.format]}, SHA-256 {tag.sha8}…). Files do not
      travel in links: open that file here to see the same numbers. Until then the page shows the space's subnet.
    </p>
  );
}
