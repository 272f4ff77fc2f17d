import type { HTMLAttributes, ReactNode } from 'react';
import { togglePanel, useApp, type PanelId } from '../state/store';

/**
 * A panel that folds away. Its heading is the toggle; a folded panel renders only the heading, so
 * whatever its contents compute (the sweep's grid, a timeline of hundreds of bars) is not computed.
 * Which panels are folded travels in the link (`hide=`).
 */
export function Panel({
  id,
  title,
  className,
  children,
  ...rest
}: { readonly id: PanelId; readonly title: ReactNode; readonly children: ReactNode } & Omit<HTMLAttributes<HTMLElement>, 'id' | 'title'>) {
  const open = useApp((s) => !s.hiddenPanels.includes(id));
  return (
    <section
      {...rest}
      className={`panel${className ? ` ${className}` : ''}${open ? '' : ' folded'}`}
      aria-labelledby={`${id}-title`}
      data-panel={id}
      data-control={id}
      data-open={open}
    >
      <h2 id={`${id}-title`} className="panel-title">
        <button
          type="button"
          className="panel-toggle"
          aria-expanded={open}
          aria-controls={open ? `${id}-body` : undefined}
          data-testid={`panel-${id}`}
          onClick={() => togglePanel(id)}
        >
          {title}
        </button>
      </h2>
      {open && (
        <div id={`${id}-body`} className="panel-body">
          {children}
        </div>
      )}
    </section>
  );
}
