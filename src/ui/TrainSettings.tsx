import { useState, type ReactNode } from 'react';
import type { TrainConfig } from '../core';
import { chooseBackend } from '../state/backend';
import { useApp } from '../state/store';
import { describeProbe } from '../workers/protocolProbe';
import { loadCifar, setTrainConfig, trainableDataset, useTraining } from '../state/training';
import type { BackendChoice } from '../workers/protocol';
import { ErrorList } from './ErrorList';
import { Term } from './learn/Term';

type NumericKey =
  | 'steps'
  | 'batch'
  | 'seed'
  | 'learningRate'
  | 'warmupSteps'
  | 'randomSubnets'
  | 'phase1Share'
  | 'evalImages'
  | 'calibrationImages'
  | 'checkpointEvery'
  | 'evalEvery';

const NUMBERS: readonly { key: NumericKey; label: string; hint: string; step: string }[] = [
  { key: 'steps', label: 'Steps', hint: 'training steps of the run', step: '1' },
  { key: 'batch', label: 'Batch', hint: 'images per step', step: '1' },
  { key: 'learningRate', label: 'Learning rate', hint: 'peak, after the warm-up', step: 'any' },
  { key: 'warmupSteps', label: 'Warm-up steps', hint: 'linear, at most a tenth of the run', step: '1' },
  { key: 'randomSubnets', label: 'Random subnets', hint: 'per step, besides largest and smallest (sandwich rule)', step: '1' },
  { key: 'phase1Share', label: 'Phase-1 share', hint: 'of the steps spent MBConv-only (two-phase)', step: '0.05' },
  { key: 'seed', label: 'Seed', hint: 'weights, batches and sampled subnets', step: '1' },
  { key: 'evalImages', label: 'Eval images', hint: 'of the validation split per evaluation (0 = all)', step: '1' },
  {
    key: 'calibrationImages',
    label: 'BN calibration images',
    hint: 'training images that recalibrate BatchNorm before an evaluation',
    step: '1',
  },
  { key: 'evalEvery', label: 'Evaluate every', hint: 'steps: largest and smallest accuracy (0 = at the end)', step: '1' },
  { key: 'checkpointEvery', label: 'Checkpoint every', hint: 'steps (and on pause)', step: '1' },
];

/** The settings of the next run. A refused value keeps the previous one and says why. */
export function TrainSettings({ disabled }: { disabled: boolean }) {
  const config = useTraining((s) => s.config);
  const backendChoice = useTraining((s) => s.backendChoice);
  const [errors, setErrors] = useState<readonly string[]>([]);
  // bumped on a refusal: the refused field remounts showing the value in force
  const [revision, setRevision] = useState(0);
  const apply = (patch: Partial<TrainConfig>): void => {
    const refused = setTrainConfig(patch);
    setErrors(refused);
    if (refused.length > 0) setRevision((r) => r + 1);
  };
  const datasets = trainableDataset(config.space) === 'cifar10' ? ['cifar10'] : ['fashion-mnist', 'mnist'];
  return (
    <fieldset className="train-settings" disabled={disabled} data-learn="training-settings" data-control="training-settings">
      <legend>Settings</legend>
      <div className="train-grid">
        <Field id="train-dataset" label="Dataset">
          <select id="train-dataset" value={config.dataset} onChange={(e) => apply({ dataset: e.target.value })}>
            {datasets.map((d) => (
              <option key={d} value={d}>
                {d === 'cifar10' ? 'CIFAR-10 (bring your own)' : d === 'mnist' ? 'MNIST' : 'Fashion-MNIST'}
              </option>
            ))}
          </select>
        </Field>
        <Field id="train-optimizer" label="Optimiser">
          <select
            id="train-optimizer"
            value={config.optimizer}
            onChange={(e) => apply({ optimizer: e.target.value as TrainConfig['optimizer'] })}
          >
            <option value="adam">Adam</option>
            <option value="sgd">SGD, momentum 0.9</option>
          </select>
        </Field>
        <Field id="train-schedule" label="Schedule">
          <select
            id="train-schedule"
            value={config.schedule}
            onChange={(e) => apply({ schedule: e.target.value as TrainConfig['schedule'] })}
          >
            <option value="cosine">cosine decay</option>
            <option value="constant">constant</option>
          </select>
        </Field>
        <Field id="train-backend" label="TF.js backend">
          <select id="train-backend" value={backendChoice} onChange={(e) => chooseBackend(e.target.value as BackendChoice)}>
            <option value="auto">auto (fastest)</option>
            <option value="webgpu">WebGPU</option>
            <option value="webgl">WebGL</option>
            <option value="cpu">CPU</option>
          </select>
        </Field>
        {NUMBERS.map((n) => (
          // keyed by the value: a refused edit snaps back to the value in force
          <NumberField
            key={`${n.key}:${config[n.key]}:${revision}`}
            field={n.key}
            label={n.label}
            hint={n.hint}
            step={n.step}
            value={config[n.key]}
            onCommit={(v) => apply({ [n.key]: v })}
          />
        ))}
      </div>
      <TrainChecks config={config} apply={apply} />
      {backendChoice === 'auto' && <ProbeReason />}
      {config.dataset === 'cifar10' && <CifarPicker />}
      <ErrorList title="Not applied" errors={errors} testId="train-errors" />
    </fieldset>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

/** A number input that commits on change of focus or Enter; the store validates. */
function NumberField(p: { field: NumericKey; label: string; hint: string; step: string; value: number; onCommit: (v: number) => void }) {
  const id = `train-${p.field}`;
  const [text, setText] = useState(String(p.value));
  const commit = (): void => {
    const v = text.trim() === '' ? NaN : Number(text);
    p.onCommit(v);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        data-testid={id}
        type="number"
        step={p.step}
        value={text}
        title={p.hint}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </div>
  );
}

/** Why "auto" took the backend it did: the probe time of each backend. */
function ProbeReason() {
  const backend = useApp((s) => s.backend);
  if (backend.status !== 'ready' || !backend.info.probe) return null;
  const at = backend.info.measuredAt;
  return (
    <p className="hint backend-probe" data-testid="backend-probe" data-measured-at={at ?? ''}>
      {describeProbe(backend.info.backend, backend.info.probe)}
      {at !== undefined && (
        <>
          {' '}
          (measured in this browser on {new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} and kept, so the
          page did not probe again){' '}
          <button
            type="button"
            className="link-button"
            data-testid="backend-remeasure"
            onClick={() => chooseBackend('auto', { remeasure: true })}
          >
            Measure again
          </button>
        </>
      )}
    </p>
  );
}

function CifarPicker() {
  const cifar = useTraining((s) => s.cifar);
  const error = useTraining((s) => s.cifarError);
  return (
    <div className="field cifar">
      <label htmlFor="cifar-files">CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin)</label>
      <input
        id="cifar-files"
        data-testid="cifar-files"
        type="file"
        accept=".bin"
        multiple
        onChange={(e) => void loadCifar([...(e.target.files ?? [])])}
      />
      {cifar && (
        <p className="hint" data-testid="cifar-info">
          Loaded: {cifar.train.toLocaleString('en-US')} training, {cifar.val.toLocaleString('en-US')} validation,{' '}
          {cifar.test.toLocaleString('en-US')} test images ({cifar.shape.join('×')}).
        </p>
      )}
      <ErrorList title="CIFAR-10 files refused" errors={error ? [error] : []} testId="cifar-error" />
    </div>
  );
}

/** The two switches of the recipe: in-place distillation and two-phase training. */
function TrainChecks({ config, apply }: { config: TrainConfig; apply: (patch: Partial<TrainConfig>) => void }) {
  return (
    <div className="train-checks">
      <label>
        <input type="checkbox" checked={config.distill} onChange={(e) => apply({ distill: e.target.checked })} />{' '}
        <Term id="in-place-distillation">in-place distillation</Term> from the largest subnet
      </label>
      <label>
        <input type="checkbox" checked={config.twoPhase} onChange={(e) => apply({ twoPhase: e.target.checked })} />{' '}
        <Term id="two-phase-training">two-phase</Term>: MBConv-only first, then ViT blocks
      </label>
    </div>
  );
}
