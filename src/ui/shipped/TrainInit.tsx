import { setTrainInit, useTraining } from '../../state/training';
import { shippedInfo, useShipped } from '../../state/shipped';
import { provenance } from './ShippedAccuracy';
import './shipped.css';

/** How a new training run starts: a new supernet, or fine-tuning the shipped one (shown where one is shipped). */
export function TrainInit({ spaceId, disabled }: { readonly spaceId: string; readonly disabled: boolean }) {
  const info = useShipped((s) => shippedInfo(spaceId, s));
  const init = useTraining((s) => s.init);
  if (!info) return null;
  return (
    <fieldset className="train-init" data-testid="train-init">
      <legend>A new run starts</legend>
      <label>
        <input
          type="radio"
          name="train-init"
          value="scratch"
          checked={init === 'scratch'}
          disabled={disabled}
          onChange={() => setTrainInit('scratch')}
        />{' '}
        from scratch (a new supernet)
      </label>
      <label>
        <input
          type="radio"
          name="train-init"
          value="shipped"
          checked={init === 'shipped'}
          disabled={disabled}
          onChange={() => setTrainInit('shipped')}
        />{' '}
        fine-tuning the shipped supernet {provenance(info)}: its weights, a fresh optimiser
      </label>
    </fieldset>
  );
}
