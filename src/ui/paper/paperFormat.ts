/** How the paper view writes its numbers: accuracies and savings in %, differences in signed points. */
export const acc = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : (x * 100).toFixed(2));
export const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
export const pts = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`);
