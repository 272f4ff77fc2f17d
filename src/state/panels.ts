/** The panels a user can fold away (the link remembers which), in page order. */
export const PANEL_IDS = ['subnet', 'estimate', 'timeline', 'sweep', 'layers', 'search', 'training', 'learn', 'paper'] as const;
export type PanelId = (typeof PANEL_IDS)[number];
