/**
 * A file picker styled like the app's buttons: a labelled button opens the browser's file dialog
 * (the raw `<input type=file>` stays hidden, and keeps its test id for `setInputFiles`), and the
 * chosen file's name is shown beside it. A file larger than `maxBytes` is refused before it is read
 * (`onRefused` says why), so a huge file cannot stall the page.
 */
import { useId, useRef, useState } from 'react';

export function FilePicker(p: {
  readonly label: string;
  readonly accept: string;
  readonly testId: string;
  readonly disabled?: boolean;
  /** what the file is for, read out with the button */
  readonly description?: string;
  /** the most bytes a file may have */
  readonly maxBytes: number;
  /** what the file is called in the refusal ("an accuracy table") */
  readonly what: string;
  onFile(name: string, text: string): void;
  onRefused(name: string, message: string): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  const descId = useId();
  return (
    <span className="file-picker">
      <button
        type="button"
        disabled={p.disabled}
        aria-describedby={p.description ? descId : undefined}
        onClick={() => input.current?.click()}
        data-testid={`${p.testId}-button`}
      >
        {p.label}
      </button>
      <span className="file-name" aria-live="polite">
        {name ?? 'no file chosen'}
      </span>
      {p.description && (
        <span id={descId} className="file-description">
          {p.description}
        </span>
      )}
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid={p.testId}
        accept={p.accept}
        disabled={p.disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = ''; // the same file again is a new choice
          if (!f) return;
          setName(f.name);
          if (f.size > p.maxBytes) {
            p.onRefused(
              f.name,
              `${f.size.toLocaleString('en-US')} bytes; ${p.what} may have at most ${p.maxBytes.toLocaleString('en-US')}`,
            );
            return;
          }
          void f.text().then((text) => p.onFile(f.name, text));
        }}
      />
    </span>
  );
}
