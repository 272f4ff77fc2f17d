/** What the page says of an opened model, and its download. */
import { estimateDocument } from '../core';
import { networkSubject } from '../import/graph';
import { closeModel, modelName, modelNetwork, modelTag, sameTag, type LoadedModel, type ModelTag } from '../state/model';
import { selectEstimate } from '../state/selectors';
import { appStore, currentSystem, useApp } from '../state/store';
import { download } from './download';
import { fmtInt } from './format';
import { FORMAT_LABEL, kib } from './modelText';

export function ModelFacts({ model, linked }: { readonly model: LoadedModel; readonly linked: ModelTag | null }) {
  const network = modelNetwork(model);
  const estimate = useApp(selectEstimate);
  const matches = linked === null ? null : sameTag(linked, modelTag(model));
  return (
    <div className="model-facts" data-testid="model-facts" data-format={model.format} data-sha256={model.sha256}>
      <p>
        <b data-testid="model-name">{modelName(model)}</b> · {FORMAT_LABEL[model.format]} · {kib(model.size)} · SHA-256{' '}
        <code title={model.sha256}>{model.sha256.slice(0, 8)}…</code>
      </p>
      <p>
        {fmtInt(estimate.layers.length)} costed layers, estimated one after another as a chain
        {network
          ? `; weights ${network.bytes.weight} byte(s) and activations ${network.bytes.act} byte(s) each, from the file's tensor types`
          : "; weights and activations at the hardware's byte widths"}
        . The totals, timeline, layer table and sweep below are this model's.
      </p>
      {matches === true ? <p data-testid="model-link-match">This is the file the link named.</p> : null}
      {matches === false && linked ? (
        <p className="errors" data-testid="model-link-mismatch">
          Not the file the link named: its SHA-256 begins {linked.sha8}, this one's {model.sha256.slice(0, 8)}. The numbers may differ from
          the sender's.
        </p>
      ) : null}
      {network && network.unsupported.length > 0 ? (
        <div className="errors" data-testid="model-unsupported">
          Not costed — {network.unsupported.length} operator(s) this estimator does not know (the totals leave them out):
          <ul>
            {network.unsupported.slice(0, 20).map((u) => (
              <li key={u.index}>
                {u.op} at operator {u.index} (node “{u.node.slice(0, 60)}”)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {network && network.notes.length > 0 ? (
        <ul className="model-notes">
          {network.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="row">
        <button type="button" data-testid="model-download" onClick={() => downloadEstimate(model)}>
          Download estimate (JSON)
        </button>
        <button type="button" data-testid="model-close" onClick={closeModel}>
          Back to the space's subnet
        </button>
      </div>
    </div>
  );
}

/** The same document as `h4h estimate --model FILE --json`, with the file's SHA-256. */
function downloadEstimate(model: LoadedModel): void {
  const state = appStore.getState();
  const system = currentSystem(state);
  const network = modelNetwork(model);
  const subject = network
    ? networkSubject(network, model.file)
    : { model: modelName(model), description: model.read.kind === 'description' ? model.read.model : null };
  const doc = {
    ...subject,
    source: { file: model.file, format: model.format, sha256: model.sha256, size: model.size },
    hw: { id: system.id, label: system.label, params: system.params },
    objective: 'latency',
    ...estimateDocument(selectEstimate(state), system.params),
  };
  download(`${model.file.replace(/\.[^.]*$/, '')}-estimate.json`, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
}
