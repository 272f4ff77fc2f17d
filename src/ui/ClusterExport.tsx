import { useState } from 'react';
import { getSpace, PYTORCH_TEMPLATES, pytorchFiles, type Genome } from '../core';
import { download } from './download';

/**
 * "Export for a GPU cluster" (issue 18): the subnet as a standalone PyTorch module and a `torchrun`
 * training script, the files `h4h export --kind pytorch` writes. The two Python files (public/export/,
 * about 20 KB) are fetched with the first click, not loaded with the page.
 */
export function ClusterExport({ spaceId, genome }: { readonly spaceId: string; readonly genome: Genome }) {
  const [state, setState] = useState<'idle' | 'busy' | { readonly error: string }>('idle');
  const save = async (): Promise<void> => {
    setState('busy');
    try {
      const text = async (file: string): Promise<string> => {
        const r = await fetch(file);
        if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
        return r.text();
      };
      const [model, train] = await Promise.all([text(PYTORCH_TEMPLATES.model), text(PYTORCH_TEMPLATES.train)]);
      const files = pytorchFiles(getSpace(spaceId), genome, __APP_VERSION__, { model, train });
      for (const [name, text] of Object.entries(files)) download(name, text, name.endsWith('.json') ? 'application/json' : 'text/x-python');
      setState('idle');
    } catch (e) {
      setState({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="row cluster-export">
      <button type="button" data-testid="export-pytorch" disabled={state === 'busy'} onClick={() => void save()}>
        Export for a GPU cluster
      </button>
      <span className="hint">
        h4h_model.py (PyTorch, the same weights as here), train.py (<code>torchrun</code>), arch.json — README: “Taking it to a cluster”
      </span>
      {typeof state === 'object' && (
        <span className="errors" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}
