/**
 * A number input of the search settings that commits on blur or Enter: the text typed stays as
 * typed until then. Empty commits `undefined` (no budget; for a required number, the caller's NaN,
 * which the validation refuses by name).
 */
import { useState } from 'react';

export function NumberField(p: {
  id: string;
  label: string;
  value: number | undefined;
  step: '1' | 'any';
  placeholder?: string;
  onCommit: (v: number | undefined) => void;
}) {
  const [text, setText] = useState(p.value === undefined ? '' : String(p.value));
  const commit = (): void => p.onCommit(text.trim() === '' ? undefined : Number(text));
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        data-testid={p.id}
        type="number"
        step={p.step}
        {...(p.placeholder !== undefined ? { placeholder: p.placeholder } : {})}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </div>
  );
}
