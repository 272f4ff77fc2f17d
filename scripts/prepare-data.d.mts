// Types of prepare-data.mjs for the CLI, which calls it when the datasets are missing (src/cli/datasets.ts).
export declare const VERSION: number;
/** Prepares every embedded dataset under `outRoot` (default public/data); `log` gets one line per dataset. */
export declare function prepareAll(options?: { outRoot?: string; force?: boolean; log?: (line: string) => void }): void;
