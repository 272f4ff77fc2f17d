/**
 * The only message types that cross the main-thread ↔ worker boundary.
 * Every request carries a job id; every reply names the job it answers, so the client can drop
 * replies to jobs it no longer waits for (latest job wins). A job ends with exactly one final reply,
 * `done` (its kind and result) or `error`; long jobs (training, fitting the predictor) send `progress`
 * replies before it. Each worker has its own union of jobs (`TrainJob`, `SearchJob`, `ShippedJob`), so
 * a client cannot post a job to the wrong worker; `protocolCheck.ts` checks messages as they arrive.
 */
import type { PredictorFile, ShippedSupernet, TrainingLog } from '../train/shipped';
export type { TrainingLog };
import type {
  AccuracyTable,
  EvalLog,
  ExhaustiveResult,
  Genome,
  PaperRequest,
  PaperResult,
  Predictor,
  SearchConfig,
  SearchGeneration,
  SearchPoint,
  StepLog,
  TrainBench,
  TrainConfig,
  TrainHistory,
} from '../core';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
/** what the user asked for: the fastest measured (auto), or one backend only */
export type BackendChoice = 'auto' | BackendName;

/** What the page shows about the accelerator TF.js runs on. */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  /** WebGPU adapter description, or the WebGL renderer string */
  readonly description: string;
  /** true for a software adapter (SwiftShader): correct but slow */
  readonly isFallbackAdapter: boolean;
}

export interface BackendInfo {
  readonly backend: BackendName;
  /** null on the CPU backend, or when the browser does not say */
  readonly adapter: AdapterInfo | null;
  /** "auto": the probe of every backend, in `BACKEND_ORDER`; the chosen one was measured fastest */
  readonly probe?: readonly ProbeResult[];
  /** set by the page, not the worker: the probe is the one kept from an earlier visit (epoch ms of it) */
  readonly measuredAt?: number;
}

/** One backend's probe (src/train/probe.ts): a short training-like workload, timed after a warm-up. */
export interface ProbeResult {
  readonly backend: BackendName;
  /**
   * the fastest timed run, ms; for a probe stopped at the time limit, the limit (it was slower);
   * null: the backend did not initialise or the probe failed
   */
  readonly ms: number | null;
  /** the probe ran over the time limit and was given up on: `ms` is a lower bound */
  readonly stopped: boolean;
  /** the first run, kernel compilation included, ms */
  readonly warmupMs: number | null;
  readonly adapter: AdapterInfo | null;
  /** why there is no time */
  readonly error: string | null;
}

/** A CIFAR-10 binary batch the user picked (a File crosses to the worker without being read). */
export interface PickedFile {
  readonly name: string;
  readonly file: Blob;
}

/** What the worker's checkpoint store holds. */
export interface CheckpointInfo {
  readonly space: string;
  readonly dataset: string;
  readonly step: number;
  readonly steps: number;
  readonly configHash: string;
  readonly config: TrainConfig;
  readonly history: TrainHistory;
  /** bytes of variables and optimiser state */
  readonly bytes: number;
}

/** A dataset the worker has loaded. */
export interface DatasetInfo {
  readonly name: string;
  readonly label: string;
  readonly train: number;
  readonly val: number;
  readonly test: number;
  readonly shape: readonly [number, number, number];
}

/** Progress of a long job. */
export type Progress =
  /**
   * training starts (or resumes: `history` holds the steps done so far); `resumed` says where the
   * supernet came from: the one the worker kept in memory, the stored checkpoint, or none (a new run)
   */
  | {
      readonly kind: 'start';
      readonly step: number;
      readonly steps: number;
      readonly history: TrainHistory;
      readonly backend: BackendName;
      readonly resumed: Resumed;
    }
  /** one training step; images/s and the ETA from the first step on (refined as steps go) */
  | {
      readonly kind: 'step';
      readonly log: StepLog;
      readonly steps: number;
      readonly imagesPerSec: number | null;
      readonly etaSec: number | null;
      readonly stepMs: number;
    }
  /** an evaluation of the largest and smallest subnets begins (`final`: the one after the last step); `eval` ends it */
  | { readonly kind: 'evaluating'; readonly step: number; readonly final: boolean }
  | { readonly kind: 'eval'; readonly eval: EvalLog }
  | { readonly kind: 'checkpoint'; readonly step: number }
  /** predictor: subnets evaluated so far */
  | { readonly kind: 'sample'; readonly done: number; readonly total: number }
  /** the shipped-supernet worker: what it is doing before a measurement (fetching, checking, loading, measuring) */
  | { readonly kind: 'shipped'; readonly stage: string }
  /**
   * search: the latest generation, the subnets evaluated since the last report (in evaluation order),
   * and the hypervolume of every generation so far; sent at most every few tens of milliseconds
   */
  /** the paper experiment: which of its two searches, which generation */
  | { readonly kind: 'paper'; readonly phase: 'hybrid' | 'mbOnly'; readonly generation: number; readonly generations: number }
  /** exhaustive enumeration: subnets evaluated of the total */
  | { readonly kind: 'enumerate'; readonly evaluated: number; readonly total: number }
  | {
      readonly kind: 'generation';
      readonly generation: SearchGeneration;
      readonly added: readonly SearchPoint[];
      readonly hypervolumes: readonly number[];
      readonly elapsedMs: number;
      readonly etaSec: number | null;
    };

/**
 * The accuracy the search scores subnets with (SPEC §5): the proxy, the ridge predictor, or an imported
 * table (whose subnets are then the candidates, every one scored).
 */
export type SearchAccuracy =
  | { readonly source: 'proxy' }
  | { readonly source: 'predictor'; readonly predictor: Predictor }
  | { readonly source: 'table'; readonly table: AccuracyTable };

/** How a search job ended; a paused search stays in the worker until the next job. */
export interface SearchOutcome {
  readonly reason: 'done' | 'paused' | 'cancelled';
  readonly generation: SearchGeneration | null;
}

/** Where a resumed run's supernet came from: kept in the worker's memory, or read from the store; null: a new run. */
export type Resumed = 'memory' | 'store' | null;

/** How a training job ended. The last checkpoint stays in the store whatever the reason. */
export interface TrainOutcome {
  readonly reason: 'done' | 'paused' | 'cancelled';
  readonly step: number;
  /** the step of the checkpoint in the store (null: none) */
  readonly checkpointStep: number | null;
}

/** Supernet accuracy of one subnet (SPEC §5.1). */
export interface SupernetAccuracy {
  readonly genome: Genome;
  readonly accuracy: number;
  readonly split: 'val';
  readonly images: number;
  /** training step of the weights it was measured with */
  readonly step: number;
}

/** A space's shipped supernet as the page sees it: its manifest entry and its predictor, both checked. */
export interface ShippedInfo {
  readonly entry: ShippedSupernet;
  readonly predictor: PredictorFile;
}

/** A subnet exported as a TF.js graph model: the two files a user saves. */
export interface ExportedModel {
  readonly modelJson: string;
  readonly weights: ArrayBuffer;
}

export type { SubnetTrainBench, TrainBench } from '../core';

/** Stops or pauses job `id` (every worker): no job of its own, no reply; a no-op for a job already done. */
export type ControlRequest =
  /** stop job `id` at its next step */
  | { readonly type: 'cancel'; readonly id: number }
  /** stop training (or search) job `id` at its next step, after writing a checkpoint */
  | { readonly type: 'pause'; readonly id: number };

/** The jobs of the TF.js (training) worker, `tf.worker.ts`. */
export type TrainJob =
  /**
   * load TF.js and pick a backend: "auto" probes WebGPU, WebGL and the CPU (never WASM) and takes the
   * fastest measured; any other choice takes that one only
   */
  | { readonly type: 'init'; readonly id: number; readonly prefer?: BackendChoice }
  /** validate and load CIFAR-10 binary batches for `cifar10` training */
  | { readonly type: 'loadCifar'; readonly id: number; readonly files: readonly PickedFile[] }
  /**
   * train (or resume from the stored checkpoint) until `config.steps`; `init: 'shipped'`: a new run
   * starts from the shipped supernet's weights (fine-tuning), with a fresh optimiser
   */
  | { readonly type: 'train'; readonly id: number; readonly config: TrainConfig; readonly resume: boolean; readonly init?: 'shipped' }
  | { readonly type: 'evaluate'; readonly id: number; readonly genome: Genome }
  /** evaluate `samples` random subnets with the supernet and fit the ridge predictor on them */
  | { readonly type: 'fitPredictor'; readonly id: number; readonly samples: number; readonly seed: number }
  | { readonly type: 'exportSubnet'; readonly id: number; readonly genome: Genome }
  | { readonly type: 'checkpointInfo'; readonly id: number }
  | { readonly type: 'clearCheckpoint'; readonly id: number }
  /** times training steps of the largest and smallest `mini` subnets on Fashion-MNIST (the bench) */
  | { readonly type: 'benchTrain'; readonly id: number; readonly batch: number; readonly steps: number };

/** The jobs of the search worker, `search.worker.ts`. */
export type SearchJob =
  /**
   * NSGA-II: one generation at a time until done; `resume` continues the search this worker holds
   * from a pause when its config and accuracy are the same, else starts afresh
   */
  | {
      readonly type: 'search';
      readonly id: number;
      readonly config: SearchConfig;
      readonly accuracy: SearchAccuracy;
      readonly resume: boolean;
    }
  /** every subnet of a space of at most 10⁶: the true front, for comparison with a search's */
  | { readonly type: 'exhaustive'; readonly id: number; readonly config: SearchConfig; readonly accuracy: SearchAccuracy }
  /** the paper's three claims re-run (core's `paperRun`) on a preset space, named by id */
  | ({ readonly type: 'paper'; readonly id: number } & PaperRequest)
  /** the ridge or kernel predictor fitted on an imported table of measured accuracies (held-out Kendall τ) */
  | { readonly type: 'fitTable'; readonly id: number; readonly table: AccuracyTable };

/** The jobs of the shipped-supernet worker, `shipped.worker.ts`. */
export type ShippedJob =
  /** the space's shipped supernet (manifest entry, predictor), each file checked */
  | { readonly type: 'shippedInfo'; readonly id: number; readonly space: string }
  /** a subnet's accuracy with the shipped weights, on the CPU backend */
  | { readonly type: 'shippedEvaluate'; readonly id: number; readonly space: string; readonly genome: Genome }
  /** the shipped supernet's training log (checked against the manifest) */
  | { readonly type: 'shippedLog'; readonly id: number; readonly space: string };

/** Every job request, of whichever worker. */
export type JobRequest = TrainJob | SearchJob | ShippedJob;
export type JobKind = JobRequest['type'];

/** Main thread → worker: the jobs of that worker, and the control messages. */
export type RequestTo<J extends JobRequest> = J | ControlRequest;
export type WorkerRequest = RequestTo<JobRequest>;

/** The result of each job kind: what its `done` reply carries. */
export interface JobResult {
  readonly init: BackendInfo;
  readonly loadCifar: DatasetInfo;
  readonly train: TrainOutcome;
  readonly evaluate: SupernetAccuracy;
  readonly fitPredictor: Predictor;
  readonly exportSubnet: ExportedModel;
  readonly checkpointInfo: CheckpointInfo | null;
  readonly clearCheckpoint: CheckpointInfo | null;
  readonly benchTrain: TrainBench;
  readonly search: SearchOutcome;
  readonly exhaustive: ExhaustiveResult;
  readonly paper: PaperResult;
  readonly fitTable: Predictor;
  readonly shippedInfo: ShippedInfo | null;
  readonly shippedEvaluate: SupernetAccuracy;
  readonly shippedLog: TrainingLog;
}
export type ResultOf<K extends JobKind> = JobResult[K];

/** A job's successful final reply: its kind, and the result of that kind. */
export type DoneReply<K extends JobKind = JobKind> = K extends JobKind
  ? { readonly type: 'done'; readonly id: number; readonly job: K; readonly result: ResultOf<K> }
  : never;

/** The name of the error of a job that gave way to another, or was cancelled: not a failure, callers ignore it. */
export const SUPERSEDED = 'SupersededError';

/** Worker → main thread: progress replies, then exactly one `done` or `error`. */
export type WorkerReply<K extends JobKind = JobKind> =
  | { readonly type: 'progress'; readonly id: number; readonly progress: Progress }
  | DoneReply<K>
  /** `superseded`: the job gave way to another (a query to a training run), not a failure */
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly superseded?: true };
